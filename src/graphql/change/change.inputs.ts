import { Field, ID, InputType, Int } from "type-graphql";
import { JSONScalar } from "../scalars.js";
import { ReviewOutcome, RfcOperationKind, RfcPriority, RfcState, RfcType } from "./change.enums.js";

@InputType("RfcOperationInput", {
  description:
    "One proposed change. CREATE_CI: ci. UPDATE_CI: ciKey, changes (absent = keep, null = clear; attributes is a JSON Merge Patch, replaceAttributes the whole map), optional revision. RETIRE_CI: ciKey. ADD_RELATIONSHIP: fromKey, toKey, type. REMOVE_RELATIONSHIP: relationshipId, or fromKey, toKey and type.",
})
export class RfcOperationInput {
  @Field(() => RfcOperationKind)
  kind: string;

  @Field(() => String, { nullable: true })
  ciKey?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  ci?: Record<string, unknown> | null;

  @Field(() => JSONScalar, { nullable: true })
  changes?: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true })
  revision?: number | null;

  @Field(() => String, { nullable: true })
  fromKey?: string | null;

  @Field(() => String, { nullable: true })
  toKey?: string | null;

  @Field(() => String, { nullable: true })
  type?: string | null;

  @Field(() => String, { nullable: true })
  relationshipId?: string | null;
}

@InputType("RfcInput", { description: "An RFC's content, written whole while it is a DRAFT." })
export class RfcInput {
  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => RfcPriority, { nullable: true, description: "Default MEDIUM." })
  priority?: string | null;

  @Field(() => RfcType, { nullable: true, description: "Default NORMAL." })
  type?: string | null;

  @Field(() => ID, { nullable: true, description: "A STANDARD change's template." })
  standardChangeId?: string | null;

  @Field(() => [String], { nullable: true, description: "The CIs it affects, by key." })
  affectedCiKeys?: string[] | null;

  @Field(() => [RfcOperationInput], { nullable: true })
  operations?: RfcOperationInput[] | null;

  @Field(() => Date, { nullable: true })
  plannedStart?: Date | null;

  @Field(() => Date, { nullable: true })
  plannedEnd?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Needed to submit a NORMAL or EMERGENCY change that writes the CMDB.",
  })
  backOutPlan?: string | null;

  @Field(() => String, { nullable: true })
  risk?: string | null;

  @Field(() => String, { nullable: true })
  impact?: string | null;

  @Field(() => String, { nullable: true })
  benefit?: string | null;
}

@InputType("RfcFilter")
export class RfcFilterInput {
  @Field(() => [RfcState], { nullable: true })
  states?: string[] | null;

  @Field(() => RfcType, { nullable: true })
  type?: string | null;

  @Field(() => String, { nullable: true })
  requester?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "RFCs that touch this CI or have it in their impact.",
  })
  ciKey?: string | null;
}

@InputType("RfcReviewInput", { description: "The post-implementation review." })
export class RfcReviewInput {
  @Field(() => ReviewOutcome)
  outcome: string;

  @Field(() => String)
  notes: string;
}

@InputType("StandardChangeInput")
export class StandardChangeInput {
  @Field(() => String, { description: "Unique; naming an existing template redefines it." })
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [RfcOperationKind])
  operationKinds: string[];

  @Field(() => [String], { nullable: true })
  updatableFields?: string[] | null;

  @Field(() => [String], { nullable: true })
  ciKeys?: string[] | null;

  @Field(() => [String], { nullable: true })
  ciTypes?: string[] | null;

  @Field(() => Int)
  maxImpacted: number;

  @Field(() => Int, { nullable: true })
  maxServiceCriticality?: number | null;

  @Field(() => Int, { nullable: true, description: "The revision read, to redefine a template." })
  revision?: number | null;
}

@InputType("FreezeWindowInput")
export class FreezeWindowInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Date)
  start: Date;

  @Field(() => Date)
  end: Date;

  @Field(() => [String], {
    nullable: true,
    description: "Only changes hitting these business services are frozen (none: every change).",
  })
  businessServiceKeys?: string[] | null;
}

@InputType("WindowOverrideInput", {
  description:
    "An ADMIN's leave to implement a change outside its approved window; kept on the RFC, in its history and in the audit trail.",
})
export class WindowOverrideInput {
  @Field(() => String, { description: "Why it cannot wait for (or could not make) its window." })
  reason: string;
}
