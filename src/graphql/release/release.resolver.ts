import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Release } from "../../domain/release/release.js";
import { toBaselineRef } from "../baseline/baseline.types.js";
import { RequestForChangeType, toRfcType } from "../change/change.types.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { toConnection } from "../relay/connection.js";
import {
  AcceptReleaseInput,
  CancelReleaseInput,
  CloseReleaseInput,
  DeployReleaseInput,
  MarkReleaseBuiltInput,
  PrepareReleaseDeploymentInput,
  ReleaseFilterInput,
  ReleaseReferenceInput,
  RollbackReleaseInput,
  toReleaseRef,
} from "./release.inputs.js";
import {
  AcceptReleasePayload,
  CancelReleasePayload,
  CloseReleasePayload,
  CreateReleasePayload,
  DeployReleasePayload,
  MarkReleaseBuiltPayload,
  PrepareReleaseDeploymentPayload,
  RollbackReleasePayload,
} from "./release.payloads.js";
import {
  CreateReleaseInput,
  ReleaseCalendarType,
  ReleaseConnectionType,
  ReleaseContentType,
  ReleaseObjectType,
  ReleaseRfcType,
  toReleaseType,
} from "./release.types.js";

const payload = (release: Release): { release: ReleaseObjectType } => ({
  release: toReleaseType(release),
});

@Resolver(() => ReleaseObjectType)
export class ReleaseResolver {
  @Query(() => ReleaseObjectType, {
    nullable: true,
    description: "A release by id, or by name and version (READER); null when none matches.",
  })
  async release(
    @Arg("ref", () => ReleaseReferenceInput, {
      description: "The release: exactly one of its id or its name and version.",
    })
    ref: ReleaseReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseObjectType | null> {
    const r = await ctx.app.releases.get(ctx.scope, ctx.actor, toReleaseRef(ref, "ref"));
    return r ? toReleaseType(r) : null;
  }

  @Query(() => ReleaseConnectionType, {
    description: "Releases by planned date, then name and version, a page at a time (READER).",
  })
  async releases(
    @Arg("filter", () => ReleaseFilterInput, {
      nullable: true,
      description: "Which releases (null: every one).",
    })
    filter: ReleaseFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Releases in the page, from 1 to 100 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the first page).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseConnectionType> {
    const page = await ctx.app.releases.list(
      ctx.scope,
      ctx.actor,
      { statuses: filter?.statuses ?? null },
      { first, after: after ?? null },
    );
    return toConnection(page, toReleaseType);
  }

  @Query(() => ReleaseCalendarType, {
    description:
      "What ships when, and releases per business service per month (READER); `to` must be after `from`, and the period may hold at most 1000 releases (VALIDATION otherwise).",
  })
  async releaseCalendar(
    @Arg("from", () => Date, { description: "The period's start (included)." }) from: Date,
    @Arg("to", () => Date, { description: "The period's end (excluded)." }) to: Date,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReleaseCalendarType> {
    const c = await ctx.app.releases.calendar(ctx.scope, ctx.actor, from, to);
    return { ...c, releases: c.releases.map(toReleaseType) };
  }

  @Mutation(() => CreateReleasePayload, {
    description:
      "Plans a release (REQUESTER or EDITOR): it starts PLANNED, with the business services its contents impact worked out. CONFLICT when that name and version exist.",
  })
  async createRelease(
    @Arg("input", () => CreateReleaseInput, { description: "What the release is and moves." })
    input: CreateReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CreateReleasePayload> {
    const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
    return payload(await ctx.app.releases.create(ctx.scope, ctx.actor, plain));
  }

  @Mutation(() => MarkReleaseBuiltPayload, {
    description: "PLANNED → BUILT (REQUESTER or EDITOR); CONFLICT from any other status.",
  })
  async markReleaseBuilt(
    @Arg("input", () => MarkReleaseBuiltInput, { description: "The release built." })
    input: MarkReleaseBuiltInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<MarkReleaseBuiltPayload> {
    return payload(await ctx.app.releases.build(ctx.scope, ctx.actor, toReleaseRef(input.release)));
  }

  @Mutation(() => AcceptReleasePayload, {
    description:
      "DEPLOYED_TO_TEST → ACCEPTED (APPROVER, never the one who planned it: FORBIDDEN); CONFLICT from any other status.",
  })
  async acceptRelease(
    @Arg("input", () => AcceptReleaseInput, { description: "The release accepted." })
    input: AcceptReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AcceptReleasePayload> {
    return payload(
      await ctx.app.releases.accept(ctx.scope, ctx.actor, toReleaseRef(input.release)),
    );
  }

  @Mutation(() => CloseReleasePayload, {
    description:
      "DEPLOYED_TO_PRODUCTION or ROLLED_BACK → CLOSED (REQUESTER or EDITOR); an EMERGENCY release only once each production RFC has its retrospective review (CONFLICT otherwise).",
  })
  async closeRelease(
    @Arg("input", () => CloseReleaseInput, { description: "The release closed." })
    input: CloseReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CloseReleasePayload> {
    return payload(await ctx.app.releases.close(ctx.scope, ctx.actor, toReleaseRef(input.release)));
  }

  @Mutation(() => CancelReleasePayload, {
    description:
      "Cancels a release not yet in PRODUCTION (PLANNED, BUILT, DEPLOYED_TO_TEST or ACCEPTED) and the open RFCs that would deploy it (REQUESTER or EDITOR).",
  })
  async cancelRelease(
    @Arg("input", () => CancelReleaseInput, { description: "The release cancelled." })
    input: CancelReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CancelReleasePayload> {
    return payload(
      await ctx.app.releases.cancel(ctx.scope, ctx.actor, toReleaseRef(input.release)),
    );
  }

  @Mutation(() => PrepareReleaseDeploymentPayload, {
    description:
      "Drafts the RFC that deploys the release to a stage (REQUESTER): it moves each CI of the contents in that stage to its version, starts at the planned date, goes through change management and is implemented only by deployRelease. The release must be BUILT, DEPLOYED_TO_TEST or ACCEPTED (CONFLICT).",
  })
  async prepareReleaseDeployment(
    @Arg("input", () => PrepareReleaseDeploymentInput, {
      description: "The release and the stage.",
    })
    input: PrepareReleaseDeploymentInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<PrepareReleaseDeploymentPayload> {
    const prepared = await ctx.app.releases.prepareDeployment(
      ctx.scope,
      ctx.actor,
      toReleaseRef(input.release),
      input.stage,
    );
    return { rfc: toRfcType(prepared.rfc), release: toReleaseType(prepared.release) };
  }

  @Mutation(() => DeployReleasePayload, {
    description:
      "Deploys the release by implementing its prepared RFC once it is scheduled (an EMERGENCY one: approved) (EDITOR), inside the RFC's window as implementRfc. PRODUCTION also needs a successful TEST deployment, the release ACCEPTED, and a baseline holding its production CIs taken after that deployment with none of them changed since. Each refusal is a CONFLICT naming the missing gate; a failed implementation is recorded as a FAILED deployment.",
  })
  async deployRelease(
    @Arg("input", () => DeployReleaseInput, {
      description: "The release, the stage, its prepared RFC and (PRODUCTION) the baseline.",
    })
    input: DeployReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DeployReleasePayload> {
    return payload(
      await ctx.app.releases.deploy(ctx.scope, ctx.actor, toReleaseRef(input.release), {
        stage: input.stage,
        rfcId: input.rfcId,
        baseline: input.baseline ? toBaselineRef(input.baseline, "baseline") : null,
        windowOverride: input.windowOverride ?? null,
      }),
    );
  }

  @Mutation(() => RollbackReleasePayload, {
    description:
      "Rolls the production deployment back (EDITOR): backs out its RFC in one transaction, returning the contents to what the baseline taken before holds. DEPLOYED_TO_PRODUCTION → ROLLED_BACK; CONFLICT, with the conflicts, when later writes touched the same data (restoreBaseline is then the way back).",
  })
  async rollbackRelease(
    @Arg("input", () => RollbackReleaseInput, { description: "The release and why." })
    input: RollbackReleaseInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RollbackReleasePayload> {
    return payload(
      await ctx.app.releases.rollback(
        ctx.scope,
        ctx.actor,
        toReleaseRef(input.release),
        input.reason,
      ),
    );
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
  @FieldResolver(() => RequestForChangeType, {
    nullable: true,
    description: "The RFC (null: not found).",
  })
  async rfc(
    @Root() r: ReleaseRfcType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    const rfc = await ctx.loaders.rfcById.load(r.rfcId);
    return rfc ? toRfcType(rfc) : null;
  }
}
