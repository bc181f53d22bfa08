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
import type { IntegrityReport, RuleResult } from "../../application/integrity/integrity.service.js";
import {
  INTEGRITY_RULES,
  RULE_DESCRIPTIONS,
  RULE_LEVELS,
  type IntegrityRule,
  type RuleConfig,
  type RuleLevel,
} from "../../domain/integrity/integrity-rules.js";
import { ScopeInput } from "../baseline/baseline.types.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";

export const IntegrityRuleEnum = Object.fromEntries(INTEGRITY_RULES.map((r) => [r, r])) as {
  [K in IntegrityRule]: K;
};
registerEnumType(IntegrityRuleEnum, {
  name: "IntegrityRule",
  description:
    "A periodic check of the CMDB. Retired CIs are never offenders; 'in use' means not RETIRED.",
  valuesConfig: {
    ORPHAN: { description: "CIs in use with no relationship in force (WARNING by default)." },
    MISSING_OWNER: { description: "CIs in use without an owner (WARNING by default)." },
    MISSING_REQUIRED_ATTRIBUTE: {
      description: "CIs missing an attribute their type requires (ERROR by default).",
    },
    CI_BREAKS_TYPE_RULES: {
      description:
        "CIs whose type is unknown or whose attributes have the wrong JSON type (ERROR by default).",
    },
    RELATIONSHIP_BREAKS_TYPE_RULES: {
      description:
        "Relationships of an unknown type, or between CI types their type does not admit; the offender is the source CI (ERROR by default).",
    },
    DUPLICATE_KEY_OR_NAME: {
      description:
        "Keys equal but for case, or names equal but for case among CIs of one type (WARNING by default).",
    },
    DEPENDENCY_CYCLE: { description: "CIs in a dependency cycle (WARNING by default)." },
    STALE: {
      description:
        "CIs in use not verified (verifyConfigurationItem), or created, for more than threshold days (90 by default; WARNING by default).",
    },
    PRODUCTION_WITHOUT_BASELINE: {
      description: "PRODUCTION CIs held by no baseline (WARNING by default).",
    },
    RELATIONSHIP_TO_RETIRED: {
      description:
        "Relationships in force between a CI in use and a RETIRED one; the offender is the CI in use (WARNING by default).",
    },
    PRODUCTION_DEPENDS_ON_NON_PRODUCTION: {
      description:
        "PRODUCTION CIs that depend directly (by a relationship type's dependent end) on a PLANNED or TEST one (WARNING by default).",
    },
    UNAUTHORIZED_CHANGE: {
      description:
        "CIs a discovery source found changed in production with no implemented RFC covering it, whose retrospective RFC is not opened yet (WARNING by default).",
    },
    SINGLE_POINT_OF_FAILURE: {
      description:
        "Business services with a single point of failure; examines at most threshold services (200 by default; WARNING by default).",
    },
  },
});
export const RuleLevelEnum = Object.fromEntries(RULE_LEVELS.map((r) => [r, r])) as {
  [K in RuleLevel]: K;
};
registerEnumType(RuleLevelEnum, {
  name: "RuleLevel",
  description: "An ERROR-level rule that finds anything fails the run (and `graph-cmdb check`).",
  valuesConfig: {
    ERROR: { description: "An offence fails the run (`graph-cmdb check` exits 4)." },
    WARNING: { description: "Offences are reported; the run does not fail." },
  },
});

@ObjectType("IntegrityRuleConfig", { description: "An integrity rule and how it is set." })
export class RuleConfigType {
  @Field(() => IntegrityRuleEnum, { description: "Which rule." })
  rule: IntegrityRule;

  @Field(() => String, { description: "What the rule finds, in words." })
  description: string;

  @Field(() => Boolean, { description: "Whether runs check it (a disabled rule counts nothing)." })
  enabled: boolean;

  @Field(() => RuleLevelEnum, { description: "Whether its offences fail a run." })
  level: RuleLevel;

  @Field(() => Int, {
    nullable: true,
    description:
      "STALE: days without verification; SINGLE_POINT_OF_FAILURE: most services examined.",
  })
  threshold: number | null;
}

function toRuleConfigType(c: RuleConfig): RuleConfigType {
  return { ...c, description: RULE_DESCRIPTIONS[c.rule] };
}

@InputType("IntegrityRuleConfigInput", {
  description: "How to set one integrity rule; an absent field keeps its current value.",
})
export class RuleConfigInput {
  @Field(() => IntegrityRuleEnum, { description: "The rule to set." })
  rule: IntegrityRule;

  @Field(() => Boolean, {
    nullable: true,
    description: "Turn the rule on or off (null: unchanged).",
  })
  enabled?: boolean | null;

  @Field(() => RuleLevelEnum, {
    nullable: true,
    description: "ERROR or WARNING (null: unchanged).",
  })
  level?: RuleLevel | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "STALE: days; SINGLE_POINT_OF_FAILURE: most services examined; a whole number from 1. Absent: unchanged; other rules take none (VALIDATION).",
  })
  threshold?: number | null;
}

@ObjectType("IntegrityOffender", { description: "A CI that breaks a rule, and how." })
export class OffenderType {
  @Field(() => ID, { description: "The offending CI's id." })
  ciId: string;

  @Field(() => String, { description: "Its key at the run." })
  key: string;

  @Field(() => String, { description: "Its CI type at the run." })
  type: string;

  @Field(() => String, {
    description: "What is wrong, in words (the field, the relationship, the days …).",
  })
  detail: string;
}

@ObjectType("IntegrityRuleResult", { description: "One line of an integrity report." })
export class RuleResultType {
  @Field(() => IntegrityRuleEnum, { description: "Which rule." })
  rule: IntegrityRule;

  @Field(() => String, { description: "What the rule finds, in words." })
  description: string;

  @Field(() => RuleLevelEnum, { description: "Its level at the run." })
  level: RuleLevel;

  @Field(() => Boolean, { description: "Whether it was checked (a disabled rule counts 0)." })
  enabled: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "Its threshold at the run (null: the rule takes none).",
  })
  threshold: number | null;

  @Field(() => Int, { description: "How many offences (all of them)." })
  count: number;

  @Field(() => Boolean, { description: "True when it found nothing (count is 0)." })
  passed: boolean;

  @Field(() => Int, { nullable: true, description: "The count of the run before (the trend)." })
  previousCount: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "What limited the check, if anything (SINGLE_POINT_OF_FAILURE: services left unexamined past the threshold).",
  })
  note: string | null;

  /** Every offender the run kept (up to 1000), for `offenders`. */
  kept: OffenderType[];
}

@ObjectType("IntegrityReport", { description: "One run of the integrity checks." })
export class IntegrityReportType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => Date, { description: "When the run finished." })
  at: Date;

  @Field(() => String, { description: "The user who ran it." })
  by: string;

  @Field(() => String, { nullable: true, description: "The scope checked (null: everything)." })
  scope: string | null;

  @Field(() => Boolean, { description: "An enabled ERROR-level rule found something." })
  failed: boolean;

  @Field(() => [RuleResultType], {
    description: "One per rule, disabled ones included, in the IntegrityRule order.",
  })
  results: RuleResultType[];
}

function toReportType(r: IntegrityReport): IntegrityReportType {
  return {
    ...r,
    results: r.results.map((x: RuleResult) => ({ ...x, kept: x.offenders })),
  };
}

@Resolver(() => RuleResultType)
export class RuleResultResolver {
  @FieldResolver(() => [OffenderType], {
    description: "The offending CIs by key, a page at a time (a run keeps the first 1000).",
  })
  offenders(
    @Root() r: RuleResultType,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "How many offenders, at most 500 (a larger number gives 500).",
    })
    first: number,
    @Arg("offset", () => Int, { defaultValue: 0, description: "How many offenders to skip." })
    offset: number,
  ): OffenderType[] {
    const from = Math.max(0, offset);
    return r.kept.slice(from, from + Math.min(Math.max(0, first), 500));
  }
}

@Resolver()
export class IntegrityResolver {
  @Query(() => [RuleConfigType], {
    description: "The integrity rules and how they are set (READER).",
  })
  async integrityRules(@Ctx() ctx: GraphqlContext): Promise<RuleConfigType[]> {
    return (await ctx.app.integrity.rules(ctx.scope, ctx.actor)).map(toRuleConfigType);
  }

  @Query(() => [IntegrityReportType], {
    description: "The latest integrity runs, newest first (READER).",
  })
  async integrityRuns(
    @Arg("last", () => Int, {
      defaultValue: 10,
      description: "How many runs, from 1 to 100 (outside that range: the nearest bound).",
    })
    last: number,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IntegrityReportType[]> {
    return (await ctx.app.integrity.runs(ctx.scope, ctx.actor, last)).map(toReportType);
  }

  @Mutation(() => IntegrityReportType, {
    description: "Runs every enabled rule over the CMDB or a scope and keeps the run (EDITOR).",
  })
  async runIntegrityCheck(
    @Arg("scope", () => ScopeInput, {
      nullable: true,
      description: "The part of the CMDB to check, as a baseline scope (null: everything).",
    })
    scope: ScopeInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IntegrityReportType> {
    const plain = scope ? (JSON.parse(JSON.stringify(scope)) as Record<string, unknown>) : null;
    return toReportType(await ctx.app.integrity.run(ctx.scope, ctx.actor, { scope: plain }));
  }

  @Mutation(() => RuleConfigType, { description: "Enables, disables or tunes a rule (ADMIN)." })
  async configureIntegrityRule(
    @Arg("input", () => RuleConfigInput, { description: "The rule and what to change." })
    input: RuleConfigInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RuleConfigType> {
    return toRuleConfigType(
      await ctx.app.integrity.configureRule(ctx.scope, ctx.actor, {
        rule: input.rule,
        enabled: input.enabled ?? null,
        level: input.level ?? null,
        threshold: input.threshold,
      }),
    );
  }

  @Mutation(() => ConfigurationItemType, {
    description:
      "Records that a CI was checked against reality (EDITOR): the STALE rule counts from now; no new revision, so RFC assessments stay valid. NOT_FOUND when no CI matches.",
  })
  async verifyConfigurationItem(
    @Arg("ci", () => CiReferenceInput, { description: "The CI verified, by id or key." })
    ci: CiReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return toCiType(
      await ctx.app.integrity.verify(ctx.scope, ctx.actor, {
        id: ci.id ?? null,
        key: ci.key ?? null,
      }),
      null,
    );
  }
}
