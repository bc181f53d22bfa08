import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import {
  DEPLOYMENT_OUTCOMES,
  RELEASE_STATUSES,
  RELEASE_TYPES,
  STAGES,
  type DeploymentOutcome,
  type Release,
  type ReleaseStatus,
  type ReleaseType,
  type Stage,
} from "../../domain/release/release.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import { NodeInterface } from "../relay/node.js";

const enumOf = <T extends string>(values: readonly T[]): { [K in T]: K } =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const ReleaseTypeEnum = enumOf(RELEASE_TYPES);
registerEnumType(ReleaseTypeEnum, {
  name: "ReleaseType",
  description: "How big a release is; EMERGENCY ones deploy through EMERGENCY RFCs.",
  valuesConfig: {
    MAJOR: { description: "A major release." },
    MINOR: { description: "A minor release." },
    PATCH: { description: "A patch release." },
    EMERGENCY: {
      description:
        "Deploys through EMERGENCY RFCs (one approval, no scheduling); passes the same gates, and closes only once each production RFC has its retrospective review.",
    },
  },
});
export const ReleaseStatusEnum = enumOf(RELEASE_STATUSES);
registerEnumType(ReleaseStatusEnum, {
  name: "ReleaseStatus",
  description:
    "PLANNED → BUILT → DEPLOYED_TO_TEST → ACCEPTED → DEPLOYED_TO_PRODUCTION → CLOSED, or ROLLED_BACK / CANCELLED.",
  valuesConfig: {
    PLANNED: { description: "Created; not built yet." },
    BUILT: { description: "Built (markReleaseBuilt); ready to deploy to TEST." },
    DEPLOYED_TO_TEST: { description: "Deployed to its CIs in TEST; awaits acceptance." },
    ACCEPTED: { description: "Accepted after TEST by an APPROVER; may go to PRODUCTION." },
    DEPLOYED_TO_PRODUCTION: { description: "Deployed to its CIs in PRODUCTION." },
    CLOSED: { description: "Done (from DEPLOYED_TO_PRODUCTION or ROLLED_BACK)." },
    ROLLED_BACK: { description: "Its production deployment was backed out (rollbackRelease)." },
    CANCELLED: { description: "Cancelled before reaching PRODUCTION." },
  },
});
export const StageEnum = enumOf(STAGES);
registerEnumType(StageEnum, {
  name: "DeploymentStage",
  description:
    "TEST deploys to the CIs of the contents in TEST, PRODUCTION to those in PRODUCTION.",
  valuesConfig: {
    TEST: { description: "The CIs of the contents whose lifecycle is TEST." },
    PRODUCTION: { description: "The CIs of the contents whose lifecycle is PRODUCTION." },
  },
});

export const DeploymentOutcomeEnum = enumOf(DEPLOYMENT_OUTCOMES);
registerEnumType(DeploymentOutcomeEnum, {
  name: "DeploymentOutcome",
  description: "How a deployment of a release to a stage ended, or that it was rolled back.",
  valuesConfig: {
    SUCCEEDED: { description: "The RFC was implemented: the stage's CIs are at their versions." },
    FAILED: {
      description: "The RFC's implementation failed (detail says why); the CMDB is as it was.",
    },
    ROLLED_BACK: {
      description: "The production deployment was backed out (rollbackRelease; detail: why).",
    },
  },
});

@ObjectType("ReleaseContent", { description: "A software CI the release moves to a version." })
export class ReleaseContentType {
  @Field(() => String, { description: "The CI's key." })
  ciKey: string;

  @Field(() => String, { description: "The version the CI moves to." })
  version: string;

  ciId: string;
}

@ObjectType("DeploymentPlanStep", { description: "One step of a release's deployment plan." })
export class PlanStepType {
  @Field(() => Int, { description: "Its place in the plan, from 1." })
  order: number;

  @Field(() => StageEnum, { description: "The stage the step belongs to." })
  stage: Stage;

  @Field(() => String, { description: "What to do." })
  description: string;
}

@ObjectType("ReleaseRfc", { description: "An RFC linked to a release." })
export class ReleaseRfcType {
  @Field(() => ID, { description: "The RFC's id." })
  rfcId: string;

  @Field(() => StageEnum, { nullable: true, description: "The stage it deploys to, if it does." })
  stage: Stage | null;
}

@ObjectType("Deployment", {
  description: "One deployment of a release to a stage, or the rollback of one, as recorded.",
})
export class DeploymentType {
  @Field(() => StageEnum, { description: "Where it was deployed." })
  stage: Stage;

  @Field(() => ID, { description: "The RFC implemented (or, for a rollback, backed out)." })
  rfcId: string;

  @Field(() => Date, { description: "When it was recorded." })
  at: Date;

  @Field(() => String, { description: "The user who deployed (or rolled back)." })
  by: string;

  @Field(() => DeploymentOutcomeEnum, { description: "How it ended." })
  outcome: DeploymentOutcome;

  @Field(() => ID, { nullable: true, description: "The baseline taken just before (PRODUCTION)." })
  baselineId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "FAILED: why the RFC's implementation failed; ROLLED_BACK: the reason given; else null.",
  })
  detail: string | null;
}

@ObjectType("Release", {
  implements: NodeInterface,
  description: "Software CIs moving to new versions, through RFCs.",
})
export class ReleaseObjectType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => String, {
    description: "With the version, unique: 'name version' names the release.",
  })
  name: string;

  @Field(() => String, { description: "The release's own version (not its CIs')." })
  version: string;

  @Field(() => ReleaseTypeEnum, { description: "How big it is." })
  type: ReleaseType;

  @Field(() => Date, { description: "When it is planned to ship; its deployment RFCs start then." })
  plannedDate: Date;

  @Field(() => ReleaseStatusEnum, { description: "Where it is in its life." })
  status: ReleaseStatus;

  @Field(() => String, { nullable: true, description: "What it brings (null: not said)." })
  description: string | null;

  @Field(() => [ReleaseContentType], { description: "The CIs it moves and their versions." })
  contents: ReleaseContentType[];

  @Field(() => [PlanStepType], { description: "The deployment plan, in order." })
  deploymentPlan: PlanStepType[];

  @Field(() => String, {
    nullable: true,
    description:
      "How to roll back, in words (null: not said); it becomes the back-out plan of its deployment RFCs.",
  })
  rollbackPlan: string | null;

  @Field(() => [ReleaseRfcType], {
    description: "Linked RFCs: those named at creation and those prepared for its deployments.",
  })
  rfcs: ReleaseRfcType[];

  @Field(() => [DeploymentType], { description: "Every deployment and rollback, oldest first." })
  deployments: DeploymentType[];

  @Field(() => [String], {
    description:
      "The keys of the business services its contents impact, worked out when it was planned.",
  })
  serviceKeys: string[];

  @Field(() => Int, { description: "1 when created, one more with each change." })
  revision: number;

  @Field(() => String, { description: "The user who planned it (who may not accept it)." })
  createdBy: string;

  @Field(() => Date, { description: "When it was created." })
  createdAt: Date;

  @Field(() => Date, { description: "When it last changed." })
  updatedAt: Date;
}

export function toReleaseType(r: Release): ReleaseObjectType {
  return { ...r };
}

@ObjectType("ServiceReleaseFrequency", {
  description:
    "How many releases impact one business service in one month (cancelled ones not counted).",
})
export class FrequencyType {
  @Field(() => String, { description: "The business service's key." })
  serviceKey: string;

  @Field(() => String, { description: "YYYY-MM (UTC)." })
  month: string;

  @Field(() => Int, { description: "Releases other than EMERGENCY." })
  releases: number;

  @Field(() => Int, { description: "EMERGENCY releases." })
  emergency: number;
}

@ObjectType("ReleaseCalendar", {
  description: "What ships in a period, and how often per business service.",
})
export class ReleaseCalendarType {
  @Field(() => Date, { description: "The period's start (included)." })
  from: Date;

  @Field(() => Date, { description: "The period's end (excluded)." })
  to: Date;

  @Field(() => [ReleaseObjectType], {
    description: "Releases planned in the period, by planned date (up to 1000).",
  })
  releases: ReleaseObjectType[];

  @Field(() => [FrequencyType], {
    description: "Per business service and month, by key then month.",
  })
  frequency: FrequencyType[];
}

@InputType("ReleaseContentInput", { description: "A CI the release moves to a version." })
export class ReleaseContentInput {
  @Field(() => String, {
    description: "The CI's key (VALIDATION when no CI has it or it is RETIRED).",
  })
  ciKey: string;

  @Field(() => String, { description: "The version it moves to (at most 100 characters)." })
  version: string;
}

@InputType("DeploymentPlanStepInput", { description: "One step of a deployment plan." })
export class PlanStepInput {
  @Field(() => StageEnum, { description: "The stage the step belongs to." })
  stage: Stage;

  @Field(() => String, { description: "What to do (at most 4000 characters)." })
  description: string;
}

@InputType("CreateReleaseInput", { description: "A release to plan (createRelease)." })
export class CreateReleaseInput {
  @Field(() => String, {
    description: "At most 200 characters; name and version together are unique (CONFLICT).",
  })
  name: string;

  @Field(() => String, { description: "The release's own version, at most 100 characters." })
  version: string;

  @Field(() => ReleaseTypeEnum, { description: "How big it is." })
  type: ReleaseType;

  @Field(() => Date, { description: "When it is planned to ship." })
  plannedDate: Date;

  @Field(() => String, {
    nullable: true,
    description: "What it brings (at most 20,000 characters).",
  })
  description?: string | null;

  @Field(() => [ReleaseContentInput], { description: "At least one CI, each listed once." })
  contents: ReleaseContentInput[];

  @Field(() => [PlanStepInput], {
    nullable: true,
    description: "The steps, in order (null: none).",
  })
  deploymentPlan?: PlanStepInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: "How to roll back, in words (at most 20,000 characters).",
  })
  rollbackPlan?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "RFCs the release is linked to (VALIDATION when one is unknown).",
  })
  rfcIds?: string[] | null;
}

export const ReleaseConnectionType = ConnectionType(
  ReleaseObjectType,
  "Release",
  "releases",
  "by planned date, then name and version",
);
export type ReleaseConnectionType = ConnectionValue<ReleaseObjectType>;
