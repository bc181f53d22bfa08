import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { BaselineComparison } from "../../application/baseline/baseline.service.js";
import type { SnapshotRelationship } from "../../domain/baseline/baseline.js";
import { toRfcType } from "../change/change.types.js";
import type { GraphqlContext } from "../context.js";
import { toConnection } from "../relay/connection.js";
import {
  BaselineCiConnectionType,
  BaselineComparisonType,
  BaselineConnectionType,
  BaselineReferenceInput,
  BaselineType,
  RestoreBaselineInput,
  RestoreBaselinePayload,
  TakeBaselineInput,
  TakeBaselinePayload,
  toBaselineRef,
  toBaselineType,
} from "./baseline.types.js";

function toComparisonType(c: BaselineComparison): BaselineComparisonType {
  const rel = (r: SnapshotRelationship) => ({
    type: r.type,
    from: r.fromKey,
    to: r.toKey,
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
  @Query(() => BaselineConnectionType, {
    description: "The baselines, newest first, a page at a time (READER).",
  })
  async baselines(
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Baselines in the page, from 1 to 100 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the newest baselines).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineConnectionType> {
    const page = await ctx.app.baselines.list(ctx.scope, ctx.actor, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toBaselineType);
  }

  @Query(() => BaselineType, {
    nullable: true,
    description: "A baseline by id or by name (READER); null when none has it.",
  })
  async baseline(
    @Arg("ref", () => BaselineReferenceInput, {
      description: "The baseline: exactly one of its id or its name.",
    })
    ref: BaselineReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineType | null> {
    const b = await ctx.app.baselines.get(ctx.scope, ctx.actor, toBaselineRef(ref, "ref"));
    return b ? toBaselineType(b) : null;
  }

  @Query(() => BaselineComparisonType, {
    description:
      "The drift from a baseline to its scope now, or to another baseline (READER); NOT_FOUND when either is unknown.",
  })
  async compareBaseline(
    @Arg("baseline", () => BaselineReferenceInput, {
      description: "The baseline compared from: exactly one of its id or its name.",
    })
    baseline: BaselineReferenceInput,
    @Arg("against", () => BaselineReferenceInput, {
      nullable: true,
      description: "Another baseline to compare to (its id or its name); null: the scope now.",
    })
    against: BaselineReferenceInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineComparisonType> {
    return toComparisonType(
      await ctx.app.baselines.compare(
        ctx.scope,
        ctx.actor,
        toBaselineRef(baseline, "baseline"),
        against ? toBaselineRef(against, "against") : null,
      ),
    );
  }

  @Mutation(() => TakeBaselinePayload, {
    description:
      "Takes a baseline of a scope, now or as of a past instant (EDITOR or REQUESTER); CONFLICT when the name is taken, VALIDATION when the scope holds more than 100,000 CIs or outgrows the impact node cap.",
  })
  async takeBaseline(
    @Arg("input", () => TakeBaselineInput, { description: "Its name, scope and instant." })
    input: TakeBaselineInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<TakeBaselinePayload> {
    const scope = JSON.parse(JSON.stringify(input.scope)) as Record<string, unknown>;
    const taken = await ctx.app.baselines.take(ctx.scope, ctx.actor, {
      name: input.name,
      description: input.description ?? null,
      scope,
      asOf: input.asOf ?? null,
    });
    return { baseline: toBaselineType(taken) };
  }

  @Mutation(() => RestoreBaselinePayload, {
    description:
      "Drafts an RFC (REQUESTER; the caller is its requester) whose operations undo the drift from the baseline to now: changed CIs get their fields back, added ones are retired, added relationships removed, removed ones made again. It then goes through change management. CONFLICT when nothing drifted.",
  })
  async restoreBaseline(
    @Arg("input", () => RestoreBaselineInput, {
      description: "The baseline to restore, and the RFC's title and type.",
    })
    input: RestoreBaselineInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RestoreBaselinePayload> {
    const restored = await ctx.app.baselines.restore(
      ctx.scope,
      ctx.actor,
      toBaselineRef(input.baseline, "baseline"),
      { title: input.title ?? null, type: input.type ?? null },
    );
    return { rfc: toRfcType(restored.rfc), baseline: toBaselineType(restored.baseline) };
  }

  @FieldResolver(() => BaselineCiConnectionType, {
    description: "Its CIs as it holds them, by key, a page at a time.",
  })
  async configurationItems(
    @Root() b: BaselineType,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "CIs in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: from the first key).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<BaselineCiConnectionType> {
    const page = await ctx.app.baselines.items(ctx.scope, ctx.actor, b.id, {
      first,
      after: after ?? null,
    });
    return toConnection(page, (c) => ({
      id: c.id,
      key: c.fields.key,
      type: c.fields.type,
      revision: c.revision,
      fields: { ...c.fields },
    }));
  }
}
