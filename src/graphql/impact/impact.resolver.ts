import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { ImpactedItem, ImpactReport } from "../../application/impact/impact.js";
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
  ImpactedConfigurationItemConnectionType,
  ImpactedConfigurationItemType,
  ImpactedFilterInput,
  ImpactReportType,
  SinglePointsOfFailureType,
} from "./impact.types.js";
import type { ImpactDirection as Direction } from "../../application/impact/impact.js";
import { selectsOnly, selectsSubfield } from "../selection.js";

/** What the walk read of each CI: a selection of no more is served without loading the CIs. */
const WALKED_CI_FIELDS = new Set(["id", "key", "type", "criticality", "asOf", "__typename"]);

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
    return toReport(await ctx.app.impact.analyse(ctx.scope, ctx.actor, input, reading));
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
      points: r.points.map((p) => toImpacted(p, asOf ?? null)),
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
  impacted(@Root() r: ImpactReportType): ImpactedConfigurationItemType[] {
    return r.report.impacted.map((i) => new ImpactedConfigurationItemType(i, r.asOf));
  }

  @FieldResolver(() => ImpactedConfigurationItemConnectionType, {
    description:
      "The CIs reached (the changed ones excepted, filtered by ciTypes if given), a page at a time: nearest first, then by level (DOWN, DEGRADED, AT_RISK), then by key; `first` up to 1000; totalCount counts the filtered list.",
  })
  impactedItems(
    @Root() r: ImpactReportType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => ImpactedFilterInput, {
      nullable: true,
      description: "Only CIs at these levels and of these types (null: all).",
    })
    filter: ImpactedFilterInput | null,
  ): ImpactedConfigurationItemConnectionType {
    const page = r.report.page({ first, after: after ?? null }, filter ?? undefined);
    return toConnection(page, (i) => new ImpactedConfigurationItemType(i, r.asOf));
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

@Resolver(() => ImpactedConfigurationItemType)
export class ImpactedConfigurationItemResolver {
  @FieldResolver(() => ConfigurationItemType, {
    description: "The CI reached, as it was at the analysed instant.",
  })
  configurationItem(
    @Root() i: ImpactedConfigurationItemType,
    @Ctx() ctx: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): ConfigurationItemType | Promise<ConfigurationItemType> {
    // what the walk read needs no second statement, nor a promise per CI
    if (selectsOnly(info, WALKED_CI_FIELDS)) return walkedCi(i.item, i.asOf);
    return loadAll(ctx, [i.item.id], i.asOf).then((cis) => cis[0] as ConfigurationItemType);
  }

  @FieldResolver(() => [ConfigurationItemType], {
    description: "One shortest explanation: from a changed CI to this one.",
  })
  path(
    @Root() i: ImpactedConfigurationItemType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadAll(ctx, i.item.path, i.asOf);
  }
}

@Resolver(() => SinglePointsOfFailureType)
export class SinglePointsOfFailureResolver {
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
    businessServices: r.businessServices.map((i) => toImpacted(i, r.asOf)),
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

function toImpacted(item: ImpactedItem, asOf: Date | null): ImpactedConfigurationItemType {
  return new ImpactedConfigurationItemType(item, asOf);
}

/**
 * The CI as the walk read it: only the fields the query selected (WALKED_CI_FIELDS) are
 * filled, which is all graphql-js reads of it.
 */
function walkedCi(item: ImpactedItem, asOf: Date | null): ConfigurationItemType {
  const view: Pick<ConfigurationItemType, "id" | "key" | "type" | "criticality" | "asOf"> = {
    id: item.id,
    key: item.key,
    type: item.type,
    criticality: item.criticality,
    asOf,
  };
  return view as ConfigurationItemType;
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
