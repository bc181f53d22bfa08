import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { ImpactReport } from "../../application/impact/impact.js";
import { NotFoundError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";
import type { GraphqlContext } from "../context.js";
import { PageArgs, toConnection } from "../relay/connection.js";
import {
  DependencyCycleReportType,
  DependencyCycleType,
  DependencyPathType,
  ImpactAnalysisInput,
  ImpactDirection,
  ImpactedCiView,
  ImpactedConfigurationItemConnectionType,
  ImpactedConfigurationItemType,
  ImpactedFilterInput,
  ImpactReportType,
  SinglePointsOfFailureType,
} from "./impact.types.js";
import type { ImpactDirection as Direction } from "../../application/impact/impact.js";
import { selectsSubfield } from "../selection.js";
import { CONNECTION_ITEMS, LIST_ITEMS, impactedCis, impactedList } from "./impacted-cis.js";

@Resolver()
export class ImpactResolver {
  @Query(() => ImpactReportType, {
    description:
      "What a change to these CIs hits, how badly and why (or what they need) (READER); NOT_FOUND for a key or id that names no CI.",
  })
  async impactAnalysis(
    @Arg("input", () => ImpactAnalysisInput, {
      description: "The CIs that change and how to walk.",
    })
    input: ImpactAnalysisInput,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactReportType> {
    // the whole list (deprecated `impacted`) keeps the node cap; pages and the summary walk on
    const reading = selectsSubfield(info, "impacted") ? "whole" : "paged";
    return toReport(await ctx.loaders.impactAnalysis(input, reading));
  }

  @Query(() => SinglePointsOfFailureType, {
    description:
      "The CIs whose failure alone takes this service DOWN, honouring redundancy groups (READER); NOT_FOUND when `ci` names no CI.",
  })
  async singlePointsOfFailure(
    @Arg("ci", () => CiReferenceInput, {
      description: "The service (usually a business service), by id or key.",
    })
    ci: CiReferenceInput,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "Analyse the graph as it was at this instant (null: now).",
    })
    asOf: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<SinglePointsOfFailureType> {
    const r = await ctx.app.impact.singlePointsOfFailure(ctx.scope, ctx.actor, ci, asOf ?? null);
    return {
      pointItems: r.points,
      examined: r.examined,
      truncated: r.truncated,
      serviceId: r.service.id,
      asOf: asOf ?? null,
    };
  }

  @Query(() => DependencyCycleReportType, {
    description:
      "Dependency cycles (strongly connected groups of CIs), in the whole CMDB or among what one CI needs, the largest first, a page at a time (READER; `first` up to 1000).",
  })
  async dependencyCycles(
    @Arg("under", () => CiReferenceInput, {
      nullable: true,
      description:
        "Look only among what this CI (by id or key) needs, to the depth cap; null: the whole CMDB.",
    })
    under: CiReferenceInput | null,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DependencyCycleReportType> {
    const r = await ctx.app.impact.dependencyCyclePage(ctx.scope, ctx.actor, under ?? null, {
      first,
      after: after ?? null,
    });
    return {
      examined: r.examined,
      truncated: r.truncated,
      cycles: toConnection(r.cycles, (c) => ({
        memberIds: c.members.map((m) => m.id),
        exampleIds: c.example.map((m) => m.id),
      })),
    };
  }

  @Query(() => DependencyPathType, {
    nullable: true,
    description:
      "A shortest chain along which the CI `from` needs the CI `to` (DEPENDENCIES) or impacts it (DEPENDENTS); null if none within maxDepth (READER); NOT_FOUND when either names no CI.",
  })
  async dependencyPath(
    @Arg("from", () => CiReferenceInput, {
      description: "The CI the chain starts at, by id or key.",
    })
    from: CiReferenceInput,
    @Arg("to", () => CiReferenceInput, { description: "The CI the chain ends at, by id or key." })
    to: CiReferenceInput,
    @Arg("direction", () => ImpactDirection, {
      nullable: true,
      description: "Which way to walk (null: DEPENDENCIES).",
    })
    direction: Direction | null,
    @Arg("maxDepth", () => Int, {
      nullable: true,
      description: "The longest chain looked for, from 1 to the server's cap (null: the cap).",
    })
    maxDepth: number | null,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "Search the graph as it was at this instant (null: now).",
    })
    asOf: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DependencyPathType | null> {
    const r = await ctx.app.impact.dependencyPath(ctx.scope, ctx.actor, from, to, {
      direction,
      maxDepth,
      asOf,
    });
    return r ? { ids: r.path, relationshipTypes: r.pathTypes, asOf: asOf ?? null } : null;
  }
}

@Resolver(() => ImpactReportType)
export class ImpactReportResolver {
  @FieldResolver(() => [ImpactedConfigurationItemType], {
    description:
      "Every CI reached (the changed ones excepted, filtered by ciTypes if given): nearest first, then by key. Selecting it caps the walk at GRAPH_CMDB_IMPACT_NODE_CAP.",
    deprecationReason:
      "Use `impactedItems`, a connection a page at a time (nearest first, then level, then key), with totalCount and filters.",
  })
  impacted(
    @Root() r: ImpactReportType,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactedConfigurationItemType[]> {
    return impactedList(ctx, info, LIST_ITEMS, r.report.impacted, r.asOf);
  }

  @FieldResolver(() => ImpactedConfigurationItemConnectionType, {
    description:
      "The CIs reached (the changed ones excepted, filtered by ciTypes if given), a page at a time: nearest first, then by level (DOWN, DEGRADED, AT_RISK), then by key; `first` up to 1000; totalCount counts the filtered list.",
  })
  async impactedItems(
    @Root() r: ImpactReportType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => ImpactedFilterInput, {
      nullable: true,
      description: "Only CIs at these levels and of these types (null: all).",
    })
    filter: ImpactedFilterInput | null,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactedConfigurationItemConnectionType> {
    const page = r.report.page({ first, after: after ?? null }, filter ?? undefined);
    const cis = await impactedCis(ctx, info, CONNECTION_ITEMS, page.items, r.asOf);
    return toConnection(page, (i) => new ImpactedCiView(i, cis));
  }

  @FieldResolver(() => [ImpactedConfigurationItemType], {
    description: "Business services hit: most critical first, then nearest.",
  })
  businessServices(
    @Root() r: ImpactReportType,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactedConfigurationItemType[]> {
    return impactedList(ctx, info, LIST_ITEMS, r.report.businessServices, r.asOf);
  }

  @FieldResolver(() => [ConfigurationItemType], {
    description: "The CIs that change (or whose needs are listed).",
  })
  changed(
    @Root() r: ImpactReportType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadAll(ctx, r.changedIds, r.asOf);
  }
}

@Resolver(() => SinglePointsOfFailureType)
export class SinglePointsOfFailureResolver {
  @FieldResolver(() => [ImpactedConfigurationItemType], {
    description: "CIs whose failure alone takes the service DOWN.",
  })
  points(
    @Root() r: SinglePointsOfFailureType,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactedConfigurationItemType[]> {
    return impactedList(ctx, info, LIST_ITEMS, r.pointItems, r.asOf);
  }

  @FieldResolver(() => ConfigurationItemType, { description: "The CI analysed." })
  async service(
    @Root() r: SinglePointsOfFailureType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return (await loadAll(ctx, [r.serviceId], r.asOf))[0] as ConfigurationItemType;
  }
}

@Resolver(() => DependencyCycleType)
export class DependencyCycleResolver {
  @FieldResolver(() => [ConfigurationItemType], {
    description: "Every CI of the cycle (its strongly connected group).",
  })
  configurationItems(
    @Root() c: DependencyCycleType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadAll(ctx, c.memberIds, null);
  }

  @FieldResolver(() => [ConfigurationItemType], {
    description: "One cycle through them, back to its first CI.",
  })
  example(
    @Root() c: DependencyCycleType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadAll(ctx, c.exampleIds, null);
  }
}

@Resolver(() => DependencyPathType)
export class DependencyPathResolver {
  @FieldResolver(() => [ConfigurationItemType], { description: "From the first CI to the second." })
  configurationItems(
    @Root() p: DependencyPathType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadAll(ctx, p.ids, p.asOf);
  }
}

function toReport(r: ImpactReport): ImpactReportType {
  return {
    direction: r.direction,
    counts: r.counts,
    truncated: r.truncated,
    maxDepth: r.maxDepth,
    depthReached: r.depthReached,
    nodeCap: r.nodeCap,
    asOf: r.asOf,
    changedIds: r.roots.map((c) => c.id),
    report: r,
  };
}

/** CIs by id through the request's loader (one round trip for all of a response's CIs). */
async function loadAll(
  ctx: GraphqlContext,
  ids: readonly string[],
  asOf: Date | null,
): Promise<ConfigurationItemType[]> {
  const loaded = await ctx.loaders.ciById(asOf).loadMany(ids);
  return loaded.map((ci, i) => {
    if (ci instanceof Error) throw ci;
    if (!ci) throw new NotFoundError("configuration item", ids[i] ?? "");
    return toCiType(ci, asOf);
  });
}
