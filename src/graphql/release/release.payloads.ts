import { Field, ObjectType } from "type-graphql";
import { RequestForChangeType } from "../change/change.types.js";
import { ReleaseObjectType } from "./release.types.js";

/** The payload of a mutation whose one product is the release as it now is. */
function ReleasePayload(name: string, what: string): new () => { release: ReleaseObjectType } {
  @ObjectType(`${name}Payload`, {
    description: `What ${name.charAt(0).toLowerCase()}${name.slice(1)} returns.`,
  })
  class Payload {
    @Field(() => ReleaseObjectType, { description: `The release ${what}.` })
    release: ReleaseObjectType;
  }
  return Payload;
}

export const CreateReleasePayload = ReleasePayload("CreateRelease", "planned (PLANNED)");
export type CreateReleasePayload = InstanceType<typeof CreateReleasePayload>;
export const MarkReleaseBuiltPayload = ReleasePayload("MarkReleaseBuilt", "now BUILT");
export type MarkReleaseBuiltPayload = InstanceType<typeof MarkReleaseBuiltPayload>;
export const AcceptReleasePayload = ReleasePayload("AcceptRelease", "now ACCEPTED");
export type AcceptReleasePayload = InstanceType<typeof AcceptReleasePayload>;
export const CloseReleasePayload = ReleasePayload("CloseRelease", "now CLOSED");
export type CloseReleasePayload = InstanceType<typeof CloseReleasePayload>;
export const CancelReleasePayload = ReleasePayload("CancelRelease", "now CANCELLED");
export type CancelReleasePayload = InstanceType<typeof CancelReleasePayload>;
export const DeployReleasePayload = ReleasePayload(
  "DeployRelease",
  "with the deployment recorded (SUCCEEDED or FAILED) and its status moved on success",
);
export type DeployReleasePayload = InstanceType<typeof DeployReleasePayload>;
export const RollbackReleasePayload = ReleasePayload(
  "RollbackRelease",
  "now ROLLED_BACK, with the rollback recorded",
);
export type RollbackReleasePayload = InstanceType<typeof RollbackReleasePayload>;

@ObjectType("PrepareReleaseDeploymentPayload", {
  description:
    "What prepareReleaseDeployment returns: the drafted RFC and the release linked to it.",
})
export class PrepareReleaseDeploymentPayload {
  @Field(() => RequestForChangeType, {
    description: "The deployment RFC drafted (DRAFT); deployRelease implements it once scheduled.",
  })
  rfc: RequestForChangeType;

  @Field(() => ReleaseObjectType, { description: "The release, with the RFC among its rfcs." })
  release: ReleaseObjectType;
}
