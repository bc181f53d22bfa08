import { Arg, Ctx, Int, Mutation, Query, Resolver, FieldResolver, Root } from "type-graphql";
import type { BaselineComparison } from "../../application/baseline/baseline.service.js";
import type { SnapshotRelationship } from "../../domain/baseline/baseline.js";
import { RfcType } from "../change/change.enums.js";
import { RequestForChangeType, toRfcType } from "../change/change.types.js";
import type { GraphqlContext } from "../context.js";
import {
  BaselineCiType,
  BaselineComparisonType,
  BaselineType,
  TakeBaselineInput,
  toBaselineType,
} from "./baseline.types.js";

function toComparisonType(c: BaselineComparison): BaselineComparisonType {
  const rel = (r: SnapshotRelationship) => ({
    type: r.type,
    fromKey: r.fromKey,
    toKey: r.toKey,
    relationshipId: r.id,
  });
  return {
    baseline: toBaselineType(c.baseline),
    against: c.against ? toBaselineType(c.against) : null,
    comparedAt: c.comparedAt,
    empty: c.empty,
    addedCis: c.drift.addedCis,
    removedCis: c.drift.removedCis,
    changedCis: c.drift.changedCis,
    addedRelationships: c.drift.addedRelationships.map(rel),
    removedRelationships: c.drift.removedRelationships.map(rel),
  };
}

@Resolver(() => BaselineType)
export class BaselineResolver {
  @Query(() => [BaselineType], { description: "Every baseline, newest first." })
  async baselines(@Ctx() ctx: GraphqlContext): Promise<BaselineType[]> {
    return (await ctx.app.baselines.list(ctx.scope, ctx.actor)).map(toBaselineType);
  }

  @Query(() => BaselineType, { nullable: true, description: "A baseline by id or name." })
  async baseline(
    @Arg("ref", () => String) ref: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineType | null> {
    const b = await ctx.app.baselines.get(ctx.scope, ctx.actor, ref);
    return b ? toBaselineType(b) : null;
  }

  @Query(() => BaselineComparisonType, {
    description: "The drift from a baseline (id or name) to now, or to another baseline.",
  })
  async compareBaseline(
    @Arg("baseline", () => String) baseline: string,
    @Arg("against", () => String, { nullable: true }) against: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineComparisonType> {
    return toComparisonType(
      await ctx.app.baselines.compare(ctx.scope, ctx.actor, baseline, against ?? null),
    );
  }

  @Mutation(() => BaselineType, {
    description: "Takes a baseline of a scope (EDITOR or REQUESTER).",
  })
  async takeBaseline(
    @Arg("input", () => TakeBaselineInput) input: TakeBaselineInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineType> {
    const scope = JSON.parse(JSON.stringify(input.scope)) as Record<string, unknown>;
    const taken = await ctx.app.baselines.take(ctx.scope, ctx.actor, {
      name: input.name,
      description: input.description ?? null,
      scope,
      asOf: input.asOf ?? null,
    });
    return toBaselineType(taken);
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Drafts an RFC (REQUESTER) whose operations undo the drift from the baseline; it then goes through change management.",
  })
  async restoreBaseline(
    @Arg("baseline", () => String) baseline: string,
    @Arg("title", () => String, { nullable: true }) title: string | null,
    @Arg("type", () => RfcType, { nullable: true }) type: "NORMAL" | "EMERGENCY" | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.baselines.restore(ctx.scope, ctx.actor, baseline, {
        title: title ?? null,
        type: type ?? null,
      }),
    );
  }

  @FieldResolver(() => [BaselineCiType], { description: "Its CIs, by key, a slice at a time." })
  async configurationItems(
    @Root() b: BaselineType,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineCiType[]> {
    const items = await ctx.app.baselines.items(ctx.scope, ctx.actor, b.id, { first, offset });
    return items.map((c) => ({
      id: c.id,
      key: c.fields.key,
      type: c.fields.type,
      revision: c.revision,
      fields: { ...c.fields },
    }));
  }
}
