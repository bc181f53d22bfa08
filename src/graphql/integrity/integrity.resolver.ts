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
registerEnumType(IntegrityRuleEnum, { name: "IntegrityRule" });
export const RuleLevelEnum = Object.fromEntries(RULE_LEVELS.map((r) => [r, r])) as {
  [K in RuleLevel]: K;
};
registerEnumType(RuleLevelEnum, {
  name: "RuleLevel",
  description: "An ERROR-level rule that finds anything fails the run (and `graph-cmdb check`).",
});

@ObjectType("IntegrityRuleConfig")
export class RuleConfigType {
  @Field(() => IntegrityRuleEnum)
  rule: IntegrityRule;

  @Field(() => String)
  description: string;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => RuleLevelEnum)
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

@InputType("IntegrityRuleConfigInput")
export class RuleConfigInput {
  @Field(() => IntegrityRuleEnum)
  rule: IntegrityRule;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => RuleLevelEnum, { nullable: true })
  level?: RuleLevel | null;

  @Field(() => Int, { nullable: true })
  threshold?: number | null;
}

@ObjectType("IntegrityOffender", { description: "A CI that breaks a rule, and how." })
export class OffenderType {
  @Field(() => ID)
  ciId: string;

  @Field(() => String)
  key: string;

  @Field(() => String)
  type: string;

  @Field(() => String)
  detail: string;
}

@ObjectType("IntegrityRuleResult", { description: "One line of an integrity report." })
export class RuleResultType {
  @Field(() => IntegrityRuleEnum)
  rule: IntegrityRule;

  @Field(() => String)
  description: string;

  @Field(() => RuleLevelEnum)
  level: RuleLevel;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Int, { nullable: true })
  threshold: number | null;

  @Field(() => Int, { description: "How many offences (all of them)." })
  count: number;

  @Field(() => Boolean)
  passed: boolean;

  @Field(() => Int, { nullable: true, description: "The count of the run before (the trend)." })
  previousCount: number | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  /** Every offender the run kept (up to 1000), for `offenders`. */
  kept: OffenderType[];
}

@ObjectType("IntegrityReport", { description: "One run of the integrity checks." })
export class IntegrityReportType {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => String, { nullable: true, description: "The scope checked (null: everything)." })
  scope: string | null;

  @Field(() => Boolean, { description: "An enabled ERROR-level rule found something." })
  failed: boolean;

  @Field(() => [RuleResultType])
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
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("offset", () => Int, { defaultValue: 0 }) offset: number,
  ): OffenderType[] {
    const from = Math.max(0, offset);
    return r.kept.slice(from, from + Math.min(Math.max(0, first), 500));
  }
}

@Resolver()
export class IntegrityResolver {
  @Query(() => [RuleConfigType], { description: "The integrity rules and how they are set." })
  async integrityRules(@Ctx() ctx: GraphqlContext): Promise<RuleConfigType[]> {
    return (await ctx.app.integrity.rules(ctx.scope, ctx.actor)).map(toRuleConfigType);
  }

  @Query(() => [IntegrityReportType], { description: "The latest integrity runs, newest first." })
  async integrityRuns(
    @Arg("last", () => Int, { defaultValue: 10 }) last: number,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IntegrityReportType[]> {
    return (await ctx.app.integrity.runs(ctx.scope, ctx.actor, last)).map(toReportType);
  }

  @Mutation(() => IntegrityReportType, {
    description: "Runs every enabled rule over the CMDB or a scope and keeps the run (EDITOR).",
  })
  async runIntegrityCheck(
    @Arg("scope", () => ScopeInput, { nullable: true }) scope: ScopeInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IntegrityReportType> {
    const plain = scope ? (JSON.parse(JSON.stringify(scope)) as Record<string, unknown>) : null;
    return toReportType(await ctx.app.integrity.run(ctx.scope, ctx.actor, { scope: plain }));
  }

  @Mutation(() => RuleConfigType, { description: "Enables, disables or tunes a rule (ADMIN)." })
  async configureIntegrityRule(
    @Arg("input", () => RuleConfigInput) input: RuleConfigInput,
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
    description: "Records that a CI was checked against reality (EDITOR); no new revision.",
  })
  async verifyConfigurationItem(
    @Arg("ci", () => CiReferenceInput) ci: CiReferenceInput,
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
