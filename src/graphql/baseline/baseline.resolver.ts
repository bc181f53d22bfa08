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
  @Query(() => [BaselineType], { description: "The baselines, newest first, up to 200 (READER)." })
  async baselines(@Ctx() ctx: GraphqlContext): Promise<BaselineType[]> {
    return (await ctx.app.baselines.list(ctx.scope, ctx.actor)).map(toBaselineType);
  }

  @Query(() => BaselineType, {
    nullable: true,
    description: "A baseline by id or name (READER); null when none has it.",
  })
  async baseline(
    @Arg("ref", () => String, { description: "The baseline's id or name." }) ref: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineType | null> {
    const b = await ctx.app.baselines.get(ctx.scope, ctx.actor, ref);
    return b ? toBaselineType(b) : null;
  }

  @Query(() => BaselineComparisonType, {
    description:
      "The drift from a baseline (id or name) to its scope now, or to another baseline (READER); NOT_FOUND when either is unknown.",
  })
  async compareBaseline(
    @Arg("baseline", () => String, { description: "The baseline compared from: its id or name." })
    baseline: string,
    @Arg("against", () => String, {
      nullable: true,
      description: "Another baseline (id or name) to compare to; null: the scope as it is now.",
    })
    against: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineComparisonType> {
    return toComparisonType(
      await ctx.app.baselines.compare(ctx.scope, ctx.actor, baseline, against ?? null),
    );
  }

  @Mutation(() => BaselineType, {
    description:
      "Takes a baseline of a scope, now or as of a past instant (EDITOR or REQUESTER); CONFLICT when the name is taken, VALIDATION when the scope holds more than 100,000 CIs or outgrows the impact node cap.",
  })
  async takeBaseline(
    @Arg("input", () => TakeBaselineInput, { description: "Its name, scope and instant." })
    input: TakeBaselineInput,
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
      "Drafts an RFC (REQUESTER; the caller is its requester) whose operations undo the drift from the baseline to now: changed CIs get their fields back, added ones are retired, added relationships removed, removed ones made again. It then goes through change management. CONFLICT when nothing drifted.",
  })
  async restoreBaseline(
    @Arg("baseline", () => String, { description: "The baseline to restore: its id or name." })
    baseline: string,
    @Arg("title", () => String, {
      nullable: true,
      description: "The RFC's title (null: 'Restore <scope> to baseline <name>').",
    })
    title: string | null,
    @Arg("type", () => RfcType, {
      nullable: true,
      description:
        "NORMAL or EMERGENCY (null: NORMAL); STANDARD is refused (VALIDATION: it needs a template).",
    })
    type: "NORMAL" | "EMERGENCY" | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.baselines.restore(ctx.scope, ctx.actor, baseline, {
        title: title ?? null,
        type: type ?? null,
      }),
    );
  }

  @FieldResolver(() => [BaselineCiType], {
    description: "Its CIs as it holds them, by key, a slice at a time.",
  })
  async configurationItems(
    @Root() b: BaselineType,
    @Arg("first", () => Int, {
      defaultValue: 100,
      description: "How many CIs, at most 500 (a larger number gives 500).",
    })
    first: number,
    @Arg("offset", () => Int, { defaultValue: 0, description: "How many CIs to skip, by key." })
    offset: number,
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
