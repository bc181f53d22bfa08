import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import {
  DerivedDependencyType,
  DiscoveryPrecedenceRuleType,
  DiscoveryProvenanceType,
  RunDiscoveryInput,
  RunDiscoveryPayload,
  SetDiscoveryPrecedenceInput,
  OpenRetrospectiveRfcInput,
  OpenRetrospectiveRfcPayload,
  SetDiscoveryPrecedencePayload,
  UnauthorizedChangeType,
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
    });
    return { report, clientMutationId: input.clientMutationId ?? null };
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
      clientMutationId: input.clientMutationId ?? null,
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
      clientMutationId: input.clientMutationId ?? null,
    };
  }

  @Query(() => [DerivedDependencyType], {
    description:
      "The services the service with this key depends on through its components (READER): something under it (BELONGS_TO or PROVIDES it) depends on something that is, or is under, another application or business service. Derived for the map, never stored.",
  })
  async derivedDependencies(
    @Arg("key", () => String, { description: "The service's key." }) key: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DerivedDependencyType[]> {
    return ctx.app.discovery.derivedDependencies(ctx.scope, ctx.actor, key);
  }

  @Query(() => [UnauthorizedChangeType], {
    description:
      "Unauthorized changes discovery found, newest first (READER): all of them, or one CI's.",
  })
  async unauthorizedChanges(
    @Arg("ciKey", () => String, { nullable: true, description: "Only this CI's." })
    ciKey: string | null,
    @Arg("first", () => Int, { defaultValue: 100, description: "At most this many (1 to 1000)." })
    first: number,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UnauthorizedChangeType[]> {
    return ctx.app.discovery.unauthorizedChanges(ctx.scope, ctx.actor, { ciKey }, first);
  }

  @Query(() => DiscoveryProvenanceType, {
    nullable: true,
    description:
      "Which discovery sources report the CI with this key, and which one last wrote each field and when (READER); null when there is no such CI.",
  })
  async discoveryProvenance(
    @Arg("key", () => String, { description: "The CI's key." }) key: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DiscoveryProvenanceType | null> {
    return ctx.app.discovery.provenance(ctx.scope, ctx.actor, key);
  }
}
