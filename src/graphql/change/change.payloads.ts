import { Field, ObjectType, type ClassType } from "type-graphql";
import {
  FreezeWindowType,
  RequestForChangeType,
  RfcEventType,
  StandardChangeType,
} from "./change.types.js";

export interface RfcPayloadValue {
  readonly rfc: RequestForChangeType;
}

/** The payload of a mutation whose only product is the RFC as it left it (ADR 009). */
function RfcPayload(mutation: string, what: string): ClassType<RfcPayloadValue> {
  const name = `${mutation.slice(0, 1).toUpperCase()}${mutation.slice(1)}Payload`;
  @ObjectType(name, { description: `What ${mutation} did: ${what}.` })
  class Payload {
    @Field(() => RequestForChangeType, { description: "The RFC as the mutation left it." })
    rfc: RequestForChangeType;
  }
  return Payload;
}

export const CreateRfcPayload = RfcPayload("createRfc", "the RFC raised, a DRAFT");
export const UpdateRfcPayload = RfcPayload("updateRfc", "the DRAFT with its new content");
export const SubmitRfcPayload = RfcPayload("submitRfc", "the RFC, SUBMITTED");
export const AssessRfcPayload = RfcPayload("assessRfc", "the RFC with its new assessment");
export const ApproveRfcPayload = RfcPayload("approveRfc", "the RFC with the approval counted");
export const RejectRfcPayload = RfcPayload("rejectRfc", "the RFC, REJECTED");
export const ScheduleRfcPayload = RfcPayload("scheduleRfc", "the RFC, SCHEDULED");
export const ImplementRfcPayload = RfcPayload(
  "implementRfc",
  "the RFC, IMPLEMENTED with its before-images, or FAILED with the reason",
);
export const BackOutRfcPayload = RfcPayload("backOutRfc", "the RFC, BACKED_OUT");
export const CancelRfcPayload = RfcPayload("cancelRfc", "the RFC, CANCELLED");
export const CloseRfcPayload = RfcPayload("closeRfc", "the RFC, CLOSED with its review");
export const RecordEmergencyReviewPayload = RfcPayload(
  "recordEmergencyReview",
  "the RFC with its retrospective review",
);

@ObjectType("CommentOnRfcPayload", { description: "What commentOnRfc did: the comment added." })
export class CommentOnRfcPayload {
  @Field(() => RequestForChangeType, { description: "The RFC commented on." })
  rfc: RequestForChangeType;

  @Field(() => RfcEventType, { description: "The COMMENT line added to its history." })
  comment: RfcEventType;
}

@ObjectType("DefineStandardChangePayload", {
  description: "What defineStandardChange did: the template as defined.",
})
export class DefineStandardChangePayload {
  @Field(() => StandardChangeType, { description: "The template, at its new revision." })
  standardChange: StandardChangeType;
}

@ObjectType("DefineFreezeWindowPayload", {
  description: "What defineFreezeWindow did: the freeze window defined.",
})
export class DefineFreezeWindowPayload {
  @Field(() => FreezeWindowType, { description: "The freeze window, in force." })
  freezeWindow: FreezeWindowType;
}

@ObjectType("LiftFreezeWindowPayload", {
  description: "What liftFreezeWindow did: the freeze window lifted.",
})
export class LiftFreezeWindowPayload {
  @Field(() => FreezeWindowType, { description: "The freeze window, with liftedAt set." })
  freezeWindow: FreezeWindowType;
}
