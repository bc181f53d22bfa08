import { Field, ID, InputType, Int } from "type-graphql";
import { JSONScalar } from "../scalars.js";
import { ReviewOutcome, RfcOperationKind, RfcPriority, RfcState, RfcType } from "./change.enums.js";

@InputType("RfcOperationInput", {
  description:
    "One proposed change. CREATE_CI: ci. UPDATE_CI: ciKey, changes (absent = keep, null = clear; attributes is a JSON Merge Patch, replaceAttributes the whole map), optional revision. RETIRE_CI: ciKey. ADD_RELATIONSHIP: fromKey, toKey, type. REMOVE_RELATIONSHIP: relationshipId, or fromKey, toKey and type.",
})
export class RfcOperationInput {
  @Field(() => RfcOperationKind, {
    description: "What the operation does; it says which other fields apply.",
  })
  kind: string;

  @Field(() => String, {
    nullable: true,
    description: "UPDATE_CI, RETIRE_CI: the CI's key (VALIDATION when no CI has it).",
  })
  ciKey?: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "CREATE_CI: the new CI's fields, as in CreateConfigurationItemInput (key, name, type, …, attributes).",
  })
  ci?: Record<string, unknown> | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "UPDATE_CI: the fields to change, as in ConfigurationItemChangesInput (at least one; attributes a JSON Merge Patch, replaceAttributes the whole map).",
  })
  changes?: Record<string, unknown> | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "UPDATE_CI, RETIRE_CI: the CI's revision the change is written against; if the CI has moved on by then, the implementation fails (null: no check).",
  })
  revision?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "ADD_RELATIONSHIP, REMOVE_RELATIONSHIP: the source CI's key (may be a CI an earlier CREATE_CI of the RFC creates).",
  })
  fromKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "ADD_RELATIONSHIP, REMOVE_RELATIONSHIP: the target CI's key (may be a CI an earlier CREATE_CI of the RFC creates).",
  })
  toKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ADD_RELATIONSHIP, REMOVE_RELATIONSHIP: the relationship type's name.",
  })
  type?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "REMOVE_RELATIONSHIP: the relationship's id (instead of fromKey, toKey and type).",
  })
  relationshipId?: string | null;
}

@InputType("RfcInput", { description: "An RFC's content, written whole while it is a DRAFT." })
export class RfcInput {
  @Field(() => String, { description: "What the change is, in a line (at most 200 characters)." })
  title: string;

  @Field(() => String, {
    nullable: true,
    description: "What the change is and why, in full (at most 20,000 characters).",
  })
  description?: string | null;

  @Field(() => RfcPriority, { nullable: true, description: "Default MEDIUM." })
  priority?: string | null;

  @Field(() => RfcType, {
    nullable: true,
    description: "Default NORMAL; a STANDARD change names its template in standardChangeId.",
  })
  type?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "A STANDARD change's template: required for STANDARD, refused for other types (VALIDATION, also when unknown).",
  })
  standardChangeId?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "The CIs it affects, by key (at most 1000); its assessment walks from them and from the CIs its operations touch.",
  })
  affectedCiKeys?: string[] | null;

  @Field(() => [RfcOperationInput], {
    nullable: true,
    description:
      "The changes it makes to the CMDB when implemented, in order (at most 500), each checked like a direct write. Submitting needs operations or affectedCiKeys.",
  })
  operations?: RfcOperationInput[] | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "The planned window's start (give plannedEnd too, or neither). A NORMAL or STANDARD change needs a window to be assessed.",
  })
  plannedStart?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "The planned window's end, after plannedStart (give both, or neither).",
  })
  plannedEnd?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "How to undo it, in words (at most 20,000 characters); needed to submit a NORMAL or EMERGENCY change that writes the CMDB.",
  })
  backOutPlan?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The risk as the requester sees it, in words (at most 20,000 characters); the assessment scores its own.",
  })
  risk?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The impact as the requester sees it, in words (at most 20,000 characters); the assessment walks its own.",
  })
  impact?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What the change brings, in words (at most 20,000 characters).",
  })
  benefit?: string | null;
}

@InputType("RfcFilter", { description: "Every field optional; together they narrow." })
export class RfcFilterInput {
  @Field(() => [RfcState], {
    nullable: true,
    description: "Only RFCs in these states (null or empty: any).",
  })
  states?: string[] | null;

  @Field(() => RfcType, { nullable: true, description: "Only RFCs of this type." })
  type?: string | null;

  @Field(() => String, { nullable: true, description: "Only RFCs raised by this user." })
  requester?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Only RFCs that touch this CI or have it in their assessed impact, by key (NOT_FOUND when no CI has it).",
  })
  ciKey?: string | null;
}

@InputType("RfcReviewInput", { description: "The post-implementation review." })
export class RfcReviewInput {
  @Field(() => ReviewOutcome, { description: "How the change went." })
  outcome: string;

  @Field(() => String, {
    description: "What was found, in words (not empty, at most 20,000 characters).",
  })
  notes: string;
}

@InputType("StandardChangeInput", {
  description:
    "A standard change template (defineStandardChange): what a STANDARD RFC must stay inside to be pre-approved.",
})
export class StandardChangeInput {
  @Field(() => String, {
    description:
      "Unique, at most 200 characters; naming an existing template redefines it (give its revision).",
  })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "What the template is for (at most 4000 characters).",
  })
  description?: string | null;

  @Field(() => [RfcOperationKind], { description: "The operation kinds allowed (at least one)." })
  operationKinds: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      "The CI fields an UPDATE_CI may change, e.g. version, attributes (null or empty: any).",
  })
  updatableFields?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "The CIs it may touch, by key (with ciTypes; both empty: any CI).",
  })
  ciKeys?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "The CI types it may touch, subtypes included (with ciKeys; VALIDATION when a type is unknown).",
  })
  ciTypes?: string[] | null;

  @Field(() => Int, {
    description:
      "The most CIs its impact may reach (0 or more); a truncated walk is always beyond it.",
  })
  maxImpacted: number;

  @Field(() => Int, {
    nullable: true,
    description:
      "The most critical business service it may hit, 1 … 4: services of that criticality or less critical (null: none at all).",
  })
  maxServiceCriticality?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "To redefine a template: the revision read (CONFLICT when stale or absent); for a new name leave it null (NOT_FOUND otherwise).",
  })
  revision?: number | null;
}

@InputType("FreezeWindowInput", { description: "A freeze window to define (defineFreezeWindow)." })
export class FreezeWindowInput {
  @Field(() => String, { description: "What people call it (at most 200 characters)." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "Why nothing may change then (at most 4000 characters).",
  })
  reason?: string | null;

  @Field(() => Date, { description: "When it starts." })
  start: Date;

  @Field(() => Date, {
    description: "When it ends: after start, at most five years later (VALIDATION).",
  })
  end: Date;

  @Field(() => [String], {
    nullable: true,
    description:
      "Only changes hitting these business services are frozen, by key (null or empty: every change; VALIDATION when a key is not a business service).",
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
