import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from "type-graphql";
import {
  RELEASE_STATUSES,
  RELEASE_TYPES,
  STAGES,
  type Release,
  type ReleaseStatus,
  type ReleaseType,
  type Stage,
} from "../../domain/release/release.js";
import { WindowOverrideInput } from "../change/change.inputs.js";
import { RequestForChangeType, toRfcType } from "../change/change.types.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";

const enumOf = <T extends string>(values: readonly T[]): { [K in T]: K } =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const ReleaseTypeEnum = enumOf(RELEASE_TYPES);
registerEnumType(ReleaseTypeEnum, { name: "ReleaseType" });
export const ReleaseStatusEnum = enumOf(RELEASE_STATUSES);
registerEnumType(ReleaseStatusEnum, {
  name: "ReleaseStatus",
  description:
    "PLANNED → BUILT → DEPLOYED_TO_TEST → ACCEPTED → DEPLOYED_TO_PRODUCTION → CLOSED, or ROLLED_BACK / CANCELLED.",
});
export const StageEnum = enumOf(STAGES);
registerEnumType(StageEnum, {
  name: "DeploymentStage",
  description:
    "TEST deploys to the CIs of the contents in TEST, PRODUCTION to those in PRODUCTION.",
});

@ObjectType("ReleaseContent", { description: "A software CI the release moves to a version." })
export class ReleaseContentType {
  @Field(() => String)
  ciKey: string;

  @Field(() => String)
  version: string;

  ciId: string;
}

@ObjectType("DeploymentPlanStep")
export class PlanStepType {
  @Field(() => Int)
  order: number;

  @Field(() => StageEnum)
  stage: Stage;

  @Field(() => String)
  description: string;
}

@ObjectType("ReleaseRfc")
export class ReleaseRfcType {
  @Field(() => ID)
  rfcId: string;

  @Field(() => StageEnum, { nullable: true, description: "The stage it deploys to, if it does." })
  stage: Stage | null;
}

@ObjectType("Deployment")
export class DeploymentType {
  @Field(() => StageEnum)
  stage: Stage;

  @Field(() => ID)
  rfcId: string;

  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => String, { description: "SUCCEEDED, FAILED or ROLLED_BACK." })
  outcome: string;

  @Field(() => ID, { nullable: true, description: "The baseline taken just before (PRODUCTION)." })
  baselineId: string | null;

  @Field(() => String, { nullable: true })
  detail: string | null;
}

@ObjectType("Release", { description: "Software CIs moving to new versions, through RFCs." })
export class ReleaseObjectType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  version: string;

  @Field(() => ReleaseTypeEnum)
  type: ReleaseType;

  @Field(() => Date)
  plannedDate: Date;

  @Field(() => ReleaseStatusEnum)
  status: ReleaseStatus;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [ReleaseContentType])
  contents: ReleaseContentType[];

  @Field(() => [PlanStepType])
  deploymentPlan: PlanStepType[];

  @Field(() => String, { nullable: true })
  rollbackPlan: string | null;

  @Field(() => [ReleaseRfcType])
  rfcs: ReleaseRfcType[];

  @Field(() => [DeploymentType])
  deployments: DeploymentType[];

  @Field(() => [String], { description: "The business services its contents impact." })
  serviceKeys: string[];

  @Field(() => Int)
  revision: number;

  @Field(() => String)
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

function toReleaseType(r: Release): ReleaseObjectType {
  return { ...r };
}

@ObjectType("ServiceReleaseFrequency")
export class FrequencyType {
  @Field(() => String)
  serviceKey: string;

  @Field(() => String, { description: "YYYY-MM (UTC)." })
  month: string;

  @Field(() => Int, { description: "Releases other than EMERGENCY." })
  releases: number;

  @Field(() => Int)
  emergency: number;
}

@ObjectType("ReleaseCalendar")
export class ReleaseCalendarType {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => [ReleaseObjectType])
  releases: ReleaseObjectType[];

  @Field(() => [FrequencyType])
  frequency: FrequencyType[];
}

@InputType("ReleaseContentInput")
export class ReleaseContentInput {
  @Field(() => String)
  ciKey: string;

  @Field(() => String)
  version: string;
}

@InputType("DeploymentPlanStepInput")
export class PlanStepInput {
  @Field(() => StageEnum)
  stage: Stage;

  @Field(() => String)
  description: string;
}

@InputType("CreateReleaseInput")
export class CreateReleaseInput {
  @Field(() => String)
  name: string;

  @Field(() => String)
  version: string;

  @Field(() => ReleaseTypeEnum)
  type: ReleaseType;

  @Field(() => Date)
  plannedDate: Date;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [ReleaseContentInput])
  contents: ReleaseContentInput[];

  @Field(() => [PlanStepInput], { nullable: true })
  deploymentPlan?: PlanStepInput[] | null;

  @Field(() => String, { nullable: true })
  rollbackPlan?: string | null;

  @Field(() => [ID], { nullable: true, description: "RFCs the release is linked to." })
  rfcIds?: string[] | null;
}

@Resolver(() => ReleaseObjectType)
export class ReleaseResolver {
  @Query(() => ReleaseObjectType, {
    nullable: true,
    description: "A release by id or 'name version'.",
  })
  async release(
    @Arg("ref", () => String) ref: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType | null> {
    const r = await ctx.app.releases.get(ctx.scope, ctx.actor, ref);
    return r ? toReleaseType(r) : null;
  }

  @Query(() => [ReleaseObjectType], { description: "Releases by planned date (up to 1000)." })
  async releases(
    @Arg("statuses", () => [ReleaseStatusEnum], { nullable: true })
    statuses: ReleaseStatus[] | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType[]> {
    return (await ctx.app.releases.list(ctx.scope, ctx.actor, { statuses: statuses ?? null })).map(
      toReleaseType,
    );
  }

  @Query(() => ReleaseCalendarType, {
    description: "What ships when, and releases per business service per month.",
  })
  async releaseCalendar(
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseCalendarType> {
    const c = await ctx.app.releases.calendar(ctx.scope, ctx.actor, from, to);
    return { ...c, releases: c.releases.map(toReleaseType) };
  }

  @Mutation(() => ReleaseObjectType, { description: "Plans a release (REQUESTER or EDITOR)." })
  async createRelease(
    @Arg("input", () => CreateReleaseInput) input: CreateReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
    return toReleaseType(await ctx.app.releases.create(ctx.scope, ctx.actor, plain));
  }

  @Mutation(() => ReleaseObjectType, { description: "PLANNED → BUILT." })
  async markReleaseBuilt(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(await ctx.app.releases.build(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => ReleaseObjectType, { description: "DEPLOYED_TO_TEST → ACCEPTED (APPROVER)." })
  async acceptRelease(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(await ctx.app.releases.accept(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => ReleaseObjectType)
  async closeRelease(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(await ctx.app.releases.close(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => ReleaseObjectType)
  async cancelRelease(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(await ctx.app.releases.cancel(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => RequestForChangeType, {
    description: "Drafts the RFC that deploys the release to a stage (REQUESTER).",
  })
  async prepareReleaseDeployment(
    @Arg("id", () => ID) id: string,
    @Arg("stage", () => StageEnum) stage: Stage,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.releases.prepareDeployment(ctx.scope, ctx.actor, id, stage));
  }

  @Mutation(() => ReleaseObjectType, {
    description:
      "Deploys through the approved RFC (EDITOR), inside its window as implementRfc. PRODUCTION needs a successful TEST deployment (not for EMERGENCY) and a baseline of the production scope taken after it; each refusal names the missing gate.",
  })
  async deployRelease(
    @Arg("id", () => ID) id: string,
    @Arg("stage", () => StageEnum) stage: Stage,
    @Arg("rfcId", () => ID) rfcId: string,
    @Arg("baselineId", () => String, { nullable: true }) baselineId: string | null,
    @Arg("windowOverride", () => WindowOverrideInput, {
      nullable: true,
      description: "ADMIN only: deploy outside the RFC's window, for this reason.",
    })
    windowOverride: WindowOverrideInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(
      await ctx.app.releases.deploy(ctx.scope, ctx.actor, id, {
        stage,
        rfcId,
        baselineId: baselineId ?? null,
        windowOverride: windowOverride ?? null,
      }),
    );
  }

  @Mutation(() => ReleaseObjectType, {
    description: "Rolls the production deployment back to the state of its baseline (EDITOR).",
  })
  async rollbackRelease(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType> {
    return toReleaseType(await ctx.app.releases.rollback(ctx.scope, ctx.actor, id, reason));
  }
}

@Resolver(() => ReleaseContentType)
export class ReleaseContentResolver {
  @FieldResolver(() => ConfigurationItemType, { nullable: true, description: "The CI now." })
  async configurationItem(
    @Root() c: ReleaseContentType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType | null> {
    const ci = await ctx.loaders.ciById(null).load(c.ciId);
    return ci ? toCiType(ci, null) : null;
  }
}

@Resolver(() => ReleaseRfcType)
export class ReleaseRfcResolver {
  @FieldResolver(() => RequestForChangeType, { nullable: true })
  async rfc(
    @Root() r: ReleaseRfcType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    const rfc = await ctx.loaders.rfcById.load(r.rfcId);
    return rfc ? toRfcType(rfc) : null;
  }
}
