import { Field, ID, InputType, Int } from "type-graphql";
import { CiEntryInput, ConfigurationItemChangesInput } from "../ci/ci.inputs.js";
import { OneOf } from "../relay/one-of.js";
import {
  ReviewOutcome,
  RfcOperationKind,
  RfcPriority,
  RfcState,
  RfcType,
  UpdatableCiField,
} from "./change.enums.js";

@OneOf("RfcReferenceInput")
@InputType("RfcReferenceInput", { description: "An RFC named by exactly one of id or number." })
export class RfcReferenceInput {
  @Field(() => ID, { nullable: true, description: "The RFC's id (or give number)." })
  id?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "The RFC's number, N of RFC-N (or give id).",
  })
  number?: number | null;
}

@InputType("RfcUpdateCiInput", { description: "UPDATE_CI: changes one CI when implemented." })
export class RfcUpdateCiInput {
  @Field(() => String, {
    description:
      "The CI's key (VALIDATION when no CI has it, or an earlier operation of the RFC creates it).",
  })
  ci: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The CI's revision the change is written against; if the CI has moved on by then, the implementation fails (null: no check).",
  })
  revision?: number | null;

  @Field(() => ConfigurationItemChangesInput, {
    description:
      "The fields to change, at least one (absent: kept; null: cleared; attributes a JSON Merge Patch, replaceAttributes the whole map).",
  })
  changes: ConfigurationItemChangesInput;
}

@InputType("RfcRetireCiInput", { description: "RETIRE_CI: retires one CI when implemented." })
export class RfcRetireCiInput {
  @Field(() => String, { description: "The CI's key (VALIDATION when no CI has it)." })
  ci: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The CI's revision the retirement is written against; if the CI has moved on by then, the implementation fails (null: no check).",
  })
  revision?: number | null;
}

@InputType("RfcRelationshipInput", {
  description:
    "A relationship named by its ends and type; either end may be a CI an earlier createCi of the RFC creates.",
})
export class RfcRelationshipInput {
  @Field(() => String, { description: "The source CI's key." })
  from: string;

  @Field(() => String, { description: "The target CI's key." })
  to: string;

  @Field(() => String, {
    description: "The relationship type's name (VALIDATION when unknown or its ends do not fit).",
  })
  type: string;
}

@OneOf("RfcRemoveRelationshipInput")
@InputType("RfcRemoveRelationshipInput", {
  description:
    "REMOVE_RELATIONSHIP: the relationship in force to end, by exactly one of relationshipId or ends.",
})
export class RfcRemoveRelationshipInput {
  @Field(() => ID, { nullable: true, description: "The relationship's id (or give ends)." })
  relationshipId?: string | null;

  @Field(() => RfcRelationshipInput, {
    nullable: true,
    description: "Its ends and type (or give relationshipId).",
  })
  ends?: RfcRelationshipInput | null;
}

@OneOf("RfcOperationInput")
@InputType("RfcOperationInput", {
  description:
    "One proposed change to the CMDB, by exactly one of its kinds; checked like the direct write it stands for.",
})
export class RfcOperationInput {
  @Field(() => CiEntryInput, {
    nullable: true,
    description:
      "CREATE_CI: the new CI's fields, as createConfigurationItem takes them (its key unused: VALIDATION otherwise).",
  })
  createCi?: CiEntryInput | null;

  @Field(() => RfcUpdateCiInput, { nullable: true, description: "UPDATE_CI: a CI's changes." })
  updateCi?: RfcUpdateCiInput | null;

  @Field(() => RfcRetireCiInput, { nullable: true, description: "RETIRE_CI: a CI to retire." })
  retireCi?: RfcRetireCiInput | null;

  @Field(() => RfcRelationshipInput, {
    nullable: true,
    description: "ADD_RELATIONSHIP: a relationship to create (VALIDATION when it exists already).",
  })
  addRelationship?: RfcRelationshipInput | null;

  @Field(() => RfcRemoveRelationshipInput, {
    nullable: true,
    description: "REMOVE_RELATIONSHIP: a relationship in force to end.",
  })
  removeRelationship?: RfcRemoveRelationshipInput | null;
}

/** The content of an RFC, written whole: the fields createRfc and updateRfc share. */
@InputType("RfcContentInput", {
  description: "An RFC's content, written whole while it is a DRAFT.",
})
export class RfcContentInput {
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

@InputType("CreateRfcInput", { description: "A new RFC's content (createRfc)." })
export class CreateRfcInput extends RfcContentInput {}

@InputType("UpdateRfcInput", {
  description:
    "A DRAFT's whole new content (updateRfc): fields left out are cleared or take their default.",
})
export class UpdateRfcInput extends RfcContentInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => Int, {
    description: "The revision read; a stale one is a CONFLICT and changes nothing.",
  })
  revision: number;
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

@InputType("SubmitRfcInput", { description: "The DRAFT to submit (submitRfc)." })
export class SubmitRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;
}

@InputType("AssessRfcInput", {
  description: "The RFC to assess, and for which window (assessRfc).",
})
export class AssessRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => Date, {
    nullable: true,
    description:
      "Assess it for this window (kept on the RFC); give plannedEnd too, or neither (null: the RFC's own window).",
  })
  plannedStart?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "The end of that window, after plannedStart.",
  })
  plannedEnd?: Date | null;
}

@InputType("ApproveRfcInput", { description: "An approval of an RFC's latest assessment." })
export class ApproveRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: "Kept in its history (at most 4000 characters).",
  })
  comment?: string | null;
}

@InputType("RejectRfcInput", { description: "A rejection of an ASSESSED RFC, and why." })
export class RejectRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, {
    description: "Why (required, at most 4000 characters); kept in its history.",
  })
  comment: string;
}

@InputType("ScheduleRfcInput", { description: "The APPROVED RFC to schedule (scheduleRfc)." })
export class ScheduleRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => Date, {
    nullable: true,
    description:
      "The window's start, to confirm it: it must be the assessed one (CONFLICT otherwise); null: the assessed window.",
  })
  plannedStart?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "The window's end, with plannedStart (null: the assessed window).",
  })
  plannedEnd?: Date | null;
}

@InputType("WindowOverrideInput", {
  description:
    "An ADMIN's leave to implement a change outside its approved window; kept on the RFC, in its history and in the audit trail.",
})
export class WindowOverrideInput {
  @Field(() => String, { description: "Why it cannot wait for (or could not make) its window." })
  reason: string;
}

@InputType("ImplementRfcInput", { description: "The RFC to implement (implementRfc)." })
export class ImplementRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => WindowOverrideInput, {
    nullable: true,
    description:
      "ADMIN only: implement outside the window, for this reason; VALIDATION where no override is needed (inside the window, or EMERGENCY).",
  })
  windowOverride?: WindowOverrideInput | null;
}

@InputType("BackOutRfcInput", { description: "The IMPLEMENTED RFC to back out, and why." })
export class BackOutRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, {
    description:
      "Why (required, at most 4000 characters); kept in its history and the CI versions.",
  })
  reason: string;
}

@InputType("CancelRfcInput", { description: "The RFC to cancel, and why." })
export class CancelRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, {
    description: "Why (required, at most 4000 characters); kept in its history.",
  })
  reason: string;
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

@InputType("CloseRfcInput", { description: "The RFC to close, with its review (closeRfc)." })
export class CloseRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => RfcReviewInput, { description: "The outcome and notes." })
  review: RfcReviewInput;
}

@InputType("CommentOnRfcInput", { description: "A comment to add to an RFC's history." })
export class CommentOnRfcInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, { description: "The comment (required, at most 4000 characters)." })
  text: string;
}

@InputType("RecordEmergencyReviewInput", {
  description: "An EMERGENCY change's retrospective review (recordEmergencyReview).",
})
export class RecordEmergencyReviewInput {
  @Field(() => ID, { description: "The RFC's id (NOT_FOUND when none)." })
  id: string;

  @Field(() => String, {
    description: "What the review found (required, at most 20,000 characters).",
  })
  notes: string;
}

@InputType("DefineStandardChangeInput", {
  description:
    "A standard change template (defineStandardChange): what a STANDARD RFC must stay inside to be pre-approved.",
})
export class DefineStandardChangeInput {
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

  @Field(() => [UpdatableCiField], {
    nullable: true,
    description: "The CI fields an UPDATE_CI may change (null or empty: any).",
  })
  updatableFields?: UpdatableCiField[] | null;

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

@InputType("DefineFreezeWindowInput", {
  description: "A freeze window to define (defineFreezeWindow).",
})
export class DefineFreezeWindowInput {
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

@InputType("LiftFreezeWindowInput", {
  description: "The freeze window to lift (liftFreezeWindow).",
})
export class LiftFreezeWindowInput {
  @Field(() => ID, { description: "The freeze window's id (NOT_FOUND when unknown)." })
  id: string;
}
