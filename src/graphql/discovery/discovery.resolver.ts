import { NotFoundError } from "../../domain/errors.js";
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { RequestForChangeType, toRfcType } from "../change/change.types.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { ImpactDirection } from "../impact/impact.types.js";
import { toConnection } from "../relay/connection.js";
import {
  DerivedComponentEdgeType,
  DerivedDependencyType,
  DerivedServiceDependencyType,
  DiscoveryPrecedenceRuleType,
  DiscoveryProvenanceType,
  RunDiscoveryInput,
  RunDiscoveryPayload,
  SetDiscoveryPrecedenceInput,
  OpenRetrospectiveRfcInput,
  OpenRetrospectiveRfcPayload,
  SetDiscoveryPrecedencePayload,
  UnauthorizedChangeType,
  UnauthorizedChangeConnectionType,
  UnauthorizedChangeFilterInput,
  StaleDiscoveryConnectionType,
  ProposeRetirementInput,
  ProposeRetirementPayload,
} from "./discovery.types.js";

@Resolver()
export class DiscoveryResolver {
  @Mutation(() => RunDiscoveryPayload, {
    description:
      "Reads a source's files (EDITOR) and writes what they describe as the import does: types checked, history, all or nothing. Fields a higher-precedence source owns are kept; what the source no longer reports is counted and, after staleAfterRuns runs, stale (never deleted).",
  })
  async runDiscovery(
    @Arg("input", () => RunDiscoveryInput, { description: "The source, format and files." })
    input: RunDiscoveryInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RunDiscoveryPayload> {
    const report = await ctx.app.discovery.run(ctx.scope, ctx.actor, {
      source: input.source,
      format: input.format,
      documents: input.documents.map((text, i) => ({ name: `documents[${String(i)}]`, text })),
      dryRun: input.dryRun ?? false,
      ...(input.staleAfterRuns != null ? { staleAfterRuns: input.staleAfterRuns } : {}),
      ...(input.holdUnauthorizedChanges != null
        ? { holdUnauthorized: input.holdUnauthorizedChanges }
        : {}),
      cluster: input.cluster ?? null,
      workspace: input.workspace ?? null,
    });
    return { report };
  }

  @Mutation(() => SetDiscoveryPrecedencePayload, {
    description:
      "Sets which sources may write a field of a CI type, highest first (ADMIN); a lower source never overwrites a field a higher one wrote.",
  })
  async setDiscoveryPrecedence(
    @Arg("input", () => SetDiscoveryPrecedenceInput, {
      description: "The type, field and sources.",
    })
    input: SetDiscoveryPrecedenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<SetDiscoveryPrecedencePayload> {
    const rules = await ctx.app.discovery.setPrecedence(ctx.scope, ctx.actor, {
      ciType: input.ciType,
      field: input.field,
      sources: input.sources,
    });
    return {
      rules: rules.map((r) => ({ ...r, sources: [...r.sources] })),
    };
  }

  @Query(() => [DiscoveryPrecedenceRuleType], {
    description: "Every precedence rule of discovery sources (READER).",
  })
  async discoveryPrecedence(@Ctx() ctx: GraphqlContext): Promise<DiscoveryPrecedenceRuleType[]> {
    const rules = await ctx.app.discovery.precedence(ctx.scope, ctx.actor);
    return rules.map((r) => ({ ...r, sources: [...r.sources] }));
  }

  @Mutation(() => OpenRetrospectiveRfcPayload, {
    description:
      "Opens the retrospective RFC of an unauthorized change in one step (APPROVER): an EMERGENCY draft on the CI describing what differed, the caller its requester; CONFLICT when it has one already.",
  })
  async openRetrospectiveRfc(
    @Arg("input", () => OpenRetrospectiveRfcInput, { description: "The unauthorized change." })
    input: OpenRetrospectiveRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<OpenRetrospectiveRfcPayload> {
    const { change, rfc } = await ctx.app.discovery.openRetrospectiveRfc(
      ctx.scope,
      ctx.actor,
      input.unauthorizedChangeId,
    );
    return {
      unauthorizedChange: change,
      rfcId: rfc.id,
      rfcNumber: rfc.number,
    };
  }

  @Query(() => [DerivedDependencyType], {
    deprecationReason:
      "Use derivedServiceDependencies: both directions, and both ends of each edge as CIs.",
    description:
      "The services a service depends on through its components (READER): something under it (BELONGS_TO or PROVIDES it) depends on something that is, or is under, another application or business service. Derived for the map, never stored.",
  })
  async derivedDependencies(
    @Arg("ci", () => CiReferenceInput, { description: "The service, by id or key." })
    ci: CiReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DerivedDependencyType[]> {
    const key = await keyOf(ctx, ci);
    return key ? ctx.app.discovery.derivedDependencies(ctx.scope, ctx.actor, key) : [];
  }

  @Query(() => [DerivedServiceDependencyType], {
    description:
      "Service-to-service dependencies derived from component edges around a service (READER), for the map: those it has on other application or business services (DEPENDENCIES), or those others have on it (DEPENDENTS), each with the component edges behind it. Never stored; empty for an unknown CI.",
  })
  async derivedServiceDependencies(
    @Arg("service", () => CiReferenceInput, { description: "The service, by id or key." })
    service: CiReferenceInput,
    @Arg("direction", () => ImpactDirection, {
      defaultValue: "DEPENDENCIES",
      description: "DEPENDENCIES: the services it depends on; DEPENDENTS: those depending on it.",
    })
    direction: "DEPENDENCIES" | "DEPENDENTS",
    @Ctx() ctx: GraphqlContext,
  ): Promise<DerivedServiceDependencyType[]> {
    const key = await keyOf(ctx, service);
    if (!key) return [];
    return ctx.app.discovery.derivedServiceDependencies(ctx.scope, ctx.actor, key, direction);
  }

  @Query(() => UnauthorizedChangeConnectionType, {
    description:
      "Unauthorized changes discovery found, newest first (READER): store-wide, or narrowed by CI, source and status.",
  })
  async unauthorizedChangesConnection(
    @Arg("filter", () => UnauthorizedChangeFilterInput, {
      nullable: true,
      description: "What to list (null: every unauthorized change).",
    })
    filter: UnauthorizedChangeFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Changes in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the page before (null: the newest).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UnauthorizedChangeConnectionType> {
    const ci = filter?.ci ?? null;
    // a CI named by an id that no CI has lists nothing (the key filter then matches none)
    const ciKey = ci ? ((await keyOf(ctx, ci)) ?? "") : null;
    const page = await ctx.app.discovery.unauthorizedChangesPage(
      ctx.scope,
      ctx.actor,
      { ciKey, source: filter?.source ?? null, status: filter?.status ?? null },
      { first, after: after ?? null },
    );
    return toConnection(page, (u) => u);
  }

  @Query(() => StaleDiscoveryConnectionType, {
    description:
      "The CIs a discovery source reported before and no longer reports past its staleness threshold, by key (READER); RETIRED ones left out. Kept, never deleted: proposeRetirement drafts the RFC that retires them.",
  })
  async staleDiscoveries(
    @Arg("source", () => String, { description: "The discovery source." }) source: string,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "CIs in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the page before (null: the first).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<StaleDiscoveryConnectionType> {
    const page = await ctx.app.discovery.staleDiscoveries(ctx.scope, ctx.actor, source, {
      first,
      after: after ?? null,
    });
    return toConnection(page, (s) => s);
  }

  @Mutation(() => ProposeRetirementPayload, {
    description:
      "Drafts one RFC retiring the CIs a discovery source no longer reports past its staleness threshold (REQUESTER): a RETIRE_CI operation each, the caller its requester. Retires nothing itself. CIs an open RFC already proposes to retire are left out (alreadyProposed); CONFLICT when that leaves none, VALIDATION when there is no such CI.",
  })
  async proposeRetirement(
    @Arg("input", () => ProposeRetirementInput, {
      description: "The source, and optionally which of its stale CIs.",
    })
    input: ProposeRetirementInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ProposeRetirementPayload> {
    const { rfc, retiring, alreadyProposed } = await ctx.app.discovery.proposeRetirement(
      ctx.scope,
      ctx.actor,
      { source: input.source, ciKeys: input.ciKeys ?? null },
    );
    return { rfc: toRfcType(rfc), retiring, alreadyProposed };
  }

  @Query(() => [UnauthorizedChangeType], {
    deprecationReason:
      "Use unauthorizedChangesConnection: paged by cursor, filterable by CI, source and status.",
    description:
      "Unauthorized changes discovery found, newest first (READER): all of them, or one CI's.",
  })
  async unauthorizedChanges(
    @Arg("ci", () => CiReferenceInput, {
      nullable: true,
      description: "Only this CI's, by id or key (null: every CI's).",
    })
    ci: CiReferenceInput | null,
    @Arg("first", () => Int, { defaultValue: 100, description: "At most this many (1 to 1000)." })
    first: number,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UnauthorizedChangeType[]> {
    const ciKey = ci ? await keyOf(ctx, ci) : null;
    if (ci && !ciKey) return [];
    return ctx.app.discovery.unauthorizedChanges(ctx.scope, ctx.actor, { ciKey }, first);
  }

  @Query(() => DiscoveryProvenanceType, {
    nullable: true,
    description:
      "Which discovery sources report the CI, and which one last wrote each field and when (READER); null when there is no such CI.",
  })
  async discoveryProvenance(
    @Arg("ci", () => CiReferenceInput, { description: "The CI, by id or key." })
    ci: CiReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DiscoveryProvenanceType | null> {
    const key = await keyOf(ctx, ci);
    return key ? ctx.app.discovery.provenance(ctx.scope, ctx.actor, key) : null;
  }
}

/** The key of the CI a reference names now, or null when none has it. */
async function keyOf(ctx: GraphqlContext, ref: CiReferenceInput): Promise<string | null> {
  if (ref.key !== undefined && ref.key !== null) return ref.key;
  const ci = await ctx.app.cis.get(ctx.scope, ctx.actor, ref);
  return ci?.key ?? null;
}

@Resolver(() => UnauthorizedChangeType)
export class UnauthorizedChangeResolver {
  @FieldResolver(() => ConfigurationItemType, {
    nullable: true,
    description: "The CI now (null: no longer found).",
  })
  async configurationItem(
    @Root() u: UnauthorizedChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType | null> {
    const ci = await ctx.loaders.ciById(null).load(u.ciId);
    return ci ? toCiType(ci, null) : null;
  }

  @FieldResolver(() => RequestForChangeType, {
    nullable: true,
    description: "Its retrospective RFC, once opened.",
  })
  async rfc(
    @Root() u: UnauthorizedChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    if (!u.rfcId) return null;
    const rfc = await ctx.loaders.rfcById.load(u.rfcId);
    return rfc ? toRfcType(rfc) : null;
  }
}

/** A CI a derived dependency names, through the request's loader (CIs are retired, never deleted). */
async function ciOf(ctx: GraphqlContext, id: string): Promise<ConfigurationItemType> {
  const ci = await ctx.loaders.ciById(null).load(id);
  if (!ci) throw new NotFoundError("configuration item", id);
  return toCiType(ci, null);
}

@Resolver(() => DerivedServiceDependencyType)
export class DerivedServiceDependencyResolver {
  @FieldResolver(() => ConfigurationItemType, { description: "The service that depends." })
  from(
    @Root() d: DerivedServiceDependencyType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return ciOf(ctx, d.fromId);
  }

  @FieldResolver(() => ConfigurationItemType, { description: "The service depended on." })
  to(
    @Root() d: DerivedServiceDependencyType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return ciOf(ctx, d.toId);
  }
}

@Resolver(() => DerivedComponentEdgeType)
export class DerivedComponentEdgeResolver {
  @FieldResolver(() => ConfigurationItemType, {
    description: "The component that depends (it is, or is under, the dependent service).",
  })
  from(
    @Root() e: DerivedComponentEdgeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return ciOf(ctx, e.fromId);
  }

  @FieldResolver(() => ConfigurationItemType, {
    description: "The component depended on (it is, or is under, the service depended on).",
  })
  to(
    @Root() e: DerivedComponentEdgeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return ciOf(ctx, e.toId);
  }
}
