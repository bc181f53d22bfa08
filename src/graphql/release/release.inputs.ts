import { Field, ID, InputType } from "type-graphql";
import type { ReleaseRef } from "../../application/release/release.service.js";
import { ValidationError } from "../../domain/errors.js";
import type { ReleaseStatus, Stage } from "../../domain/release/release.js";
import { BaselineReferenceInput } from "../baseline/baseline.types.js";
import { WindowOverrideInput } from "../change/change.inputs.js";
import { OneOf } from "../relay/one-of.js";
import { ReleaseStatusEnum, StageEnum } from "./release.types.js";

@InputType("ReleaseNameVersionInput", {
  description: "A release by its name and version, which together are unique.",
})
export class ReleaseNameVersionInput {
  @Field(() => String, { description: "The release's name." })
  name: string;

  @Field(() => String, { description: "The release's own version." })
  version: string;
}

@OneOf("ReleaseReferenceInput")
@InputType("ReleaseReferenceInput", {
  description: "A release by exactly one of its id or its name and version (@oneOf).",
})
export class ReleaseReferenceInput {
  @Field(() => ID, { nullable: true, description: "The release's id." })
  id?: string | null;

  @Field(() => ReleaseNameVersionInput, {
    nullable: true,
    description: "The release's name and version.",
  })
  nameVersion?: ReleaseNameVersionInput | null;
}

/** The service's reference from the input (graphql-js has checked that exactly one is given). */
export function toReleaseRef(ref: ReleaseReferenceInput, field = "release"): ReleaseRef {
  if (ref.id != null) return { id: ref.id };
  if (ref.nameVersion != null) {
    return { name: ref.nameVersion.name, version: ref.nameVersion.version };
  }
  throw new ValidationError(field, ref, "name the release by exactly one of id or nameVersion");
}

/** The input of a mutation that names only the release it moves. */
function ReleaseStepInput(
  name: string,
  what: string,
): new () => { release: ReleaseReferenceInput } {
  @InputType(`${name}Input`, { description: `The release to ${what} (${lcFirst(name)}).` })
  class StepInput {
    @Field(() => ReleaseReferenceInput, {
      description: `The release to ${what} (NOT_FOUND when none matches).`,
    })
    release: ReleaseReferenceInput;
  }
  return StepInput;
}

function lcFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export const MarkReleaseBuiltInput = ReleaseStepInput("MarkReleaseBuilt", "mark built");
export type MarkReleaseBuiltInput = InstanceType<typeof MarkReleaseBuiltInput>;
export const AcceptReleaseInput = ReleaseStepInput("AcceptRelease", "accept");
export type AcceptReleaseInput = InstanceType<typeof AcceptReleaseInput>;
export const CloseReleaseInput = ReleaseStepInput("CloseRelease", "close");
export type CloseReleaseInput = InstanceType<typeof CloseReleaseInput>;
export const CancelReleaseInput = ReleaseStepInput("CancelRelease", "cancel");
export type CancelReleaseInput = InstanceType<typeof CancelReleaseInput>;

@InputType("PrepareReleaseDeploymentInput", {
  description:
    "The release and the stage to draft a deployment RFC for (prepareReleaseDeployment).",
})
export class PrepareReleaseDeploymentInput {
  @Field(() => ReleaseReferenceInput, {
    description: "The release to deploy (NOT_FOUND when none matches).",
  })
  release: ReleaseReferenceInput;

  @Field(() => StageEnum, {
    description: "Where to deploy (VALIDATION when no CI of the contents is in that lifecycle).",
  })
  stage: Stage;
}

@InputType("DeployReleaseInput", {
  description: "A release's deployment to a stage, through its prepared RFC (deployRelease).",
})
export class DeployReleaseInput {
  @Field(() => ReleaseReferenceInput, {
    description: "The release to deploy (NOT_FOUND when none matches).",
  })
  release: ReleaseReferenceInput;

  @Field(() => StageEnum, { description: "Where to deploy." })
  stage: Stage;

  @Field(() => ID, {
    description: "The RFC prepared for this stage (prepareReleaseDeployment).",
  })
  rfcId: string;

  @Field(() => BaselineReferenceInput, {
    nullable: true,
    description:
      "PRODUCTION: the baseline taken just before (gate PRODUCTION_BASELINE when absent); rollbackRelease returns to it. TEST: ignored.",
  })
  baseline?: BaselineReferenceInput | null;

  @Field(() => WindowOverrideInput, {
    nullable: true,
    description: "ADMIN only: deploy outside the RFC's window, for this reason.",
  })
  windowOverride?: WindowOverrideInput | null;
}

@InputType("RollbackReleaseInput", {
  description: "The release whose production deployment to roll back, and why (rollbackRelease).",
})
export class RollbackReleaseInput {
  @Field(() => ReleaseReferenceInput, {
    description: "The release to roll back (NOT_FOUND when none matches).",
  })
  release: ReleaseReferenceInput;

  @Field(() => String, { description: "Why; recorded on the rollback and the RFC's back-out." })
  reason: string;
}

@InputType("ReleaseFilter", { description: "Which releases to list; every field optional." })
export class ReleaseFilterInput {
  @Field(() => [ReleaseStatusEnum], {
    nullable: true,
    description: "Only releases in these statuses (null or empty: any).",
  })
  statuses?: ReleaseStatus[] | null;
}
