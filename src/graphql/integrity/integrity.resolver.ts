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
import {
  MAX_OFFENDER_PAGE,
  offenderKey,
  type IntegrityReport,
  type RuleResult,
} from "../../application/integrity/integrity.service.js";
import {
  checkPageSize,
  compareKeys,
  decodeCursor,
  pageFromRows,
} from "../../application/paging.js";
import { ValidationError } from "../../domain/errors.js";
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
import { ConnectionType, toConnection, type ConnectionValue } from "../relay/connection.js";
import { NodeInterface } from "../relay/node.js";

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

@InputType("ConfigureIntegrityRuleInput", {
  description:
    "How to set one integrity rule (configureIntegrityRule); an absent field keeps its current value.",
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

export const OffenderConnectionType = ConnectionType(
  OffenderType,
  "IntegrityOffender",
  "offenders of a rule",
  "by key, then detail",
);
export type OffenderConnectionType = ConnectionValue<OffenderType>;

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
  kept: RuleResult["offenders"];
}

@ObjectType("IntegrityReport", {
  implements: NodeInterface,
  description: "One run of the integrity checks, as kept.",
})
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

  /** Every rule's line, for `results`. */
  allResults: RuleResultType[];
}

export const IntegrityReportConnectionType = ConnectionType(
  IntegrityReportType,
  "IntegrityReport",
  "integrity runs",
  "newest first",
);
export type IntegrityReportConnectionType = ConnectionValue<IntegrityReportType>;

@InputType("RunIntegrityCheckInput", { description: "What to check (runIntegrityCheck)." })
export class RunIntegrityCheckInput {
  @Field(() => ScopeInput, {
    nullable: true,
    description: "The part of the CMDB to check, as a baseline scope (null: everything).",
  })
  scope?: ScopeInput | null;
}

@ObjectType("RunIntegrityCheckPayload", { description: "What runIntegrityCheck returns." })
export class RunIntegrityCheckPayload {
  @Field(() => IntegrityReportType, { description: "The run, as kept." })
  integrityReport: IntegrityReportType;
}

@ObjectType("ConfigureIntegrityRulePayload", {
  description: "What configureIntegrityRule returns.",
})
export class ConfigureIntegrityRulePayload {
  @Field(() => RuleConfigType, { description: "The rule as it is now set." })
  integrityRuleConfig: RuleConfigType;
}

@InputType("VerifyConfigurationItemInput", {
  description: "The CI checked against reality (verifyConfigurationItem).",
})
export class VerifyConfigurationItemInput {
  @Field(() => CiReferenceInput, { description: "The CI verified, by id or key." })
  ci: CiReferenceInput;
}

@ObjectType("VerifyConfigurationItemPayload", {
  description: "What verifyConfigurationItem returns.",
})
export class VerifyConfigurationItemPayload {
  @Field(() => ConfigurationItemType, {
    description: "The CI, with its verifiedAt now (its revision unchanged).",
  })
  configurationItem: ConfigurationItemType;
}

export function toReportType(r: IntegrityReport): IntegrityReportType {
  return {
    ...r,
    allResults: r.results.map((x: RuleResult) => ({ ...x, kept: x.offenders })),
  };
}

const OFFENDER_LIST = "integrityOffenders";

@Resolver(() => IntegrityReportType)
export class IntegrityReportResolver {
  @FieldResolver(() => [RuleResultType], {
    description:
      "One per rule, disabled ones included, in the IntegrityRule order; only the rules asked for when `rules` is given.",
  })
  results(
    @Root() report: IntegrityReportType,
    @Arg("rules", () => [IntegrityRuleEnum], {
      nullable: true,
      description: "Only these rules' lines (null: every rule), e.g. to page one rule's offenders.",
    })
    rules: IntegrityRule[] | null,
  ): RuleResultType[] {
    return rules ? report.allResults.filter((r) => rules.includes(r.rule)) : report.allResults;
  }
}

@Resolver(() => RuleResultType)
export class RuleResultResolver {
  @FieldResolver(() => OffenderConnectionType, {
    description:
      "The offending CIs by key, then detail, a page at a time (a run keeps the first 1000; count has them all); a cursor of another rule's offenders is refused (VALIDATION naming after).",
  })
  offenders(
    @Root() r: RuleResultType,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Offenders in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: from the first).",
    })
    after: string | null,
  ): OffenderConnectionType {
    checkPageSize(first, MAX_OFFENDER_PAGE);
    // a kept run never changes: the page starts after the offender the cursor names
    let start = 0;
    if (after) {
      const key = decodeCursor(OFFENDER_LIST, after, ["s", "s", "s"]);
      start = r.kept.findIndex((o) => compareKeys(offenderKey(o), key) === 0) + 1;
      if (start === 0) {
        throw new ValidationError("after", after, `names no offender of ${r.rule} in this run`);
      }
    }
    const page = pageFromRows(
      r.kept.slice(start, start + first + 1),
      { first, after: after ?? null },
      OFFENDER_LIST,
      offenderKey,
      () => Promise.resolve(r.kept.length),
    );
    return toConnection(page, (o) => o);
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

  @Query(() => IntegrityReportConnectionType, {
    description: "The kept integrity runs, newest first, a page at a time (READER).",
  })
  async integrityRuns(
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Runs in the page, from 1 to 100 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the newest runs).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IntegrityReportConnectionType> {
    const page = await ctx.app.integrity.runs(ctx.scope, ctx.actor, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toReportType);
  }

  @Mutation(() => RunIntegrityCheckPayload, {
    description: "Runs every enabled rule over the CMDB or a scope and keeps the run (EDITOR).",
  })
  async runIntegrityCheck(
    @Arg("input", () => RunIntegrityCheckInput, { description: "What to check." })
    input: RunIntegrityCheckInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RunIntegrityCheckPayload> {
    const scope = input.scope
      ? (JSON.parse(JSON.stringify(input.scope)) as Record<string, unknown>)
      : null;
    return {
      integrityReport: toReportType(await ctx.app.integrity.run(ctx.scope, ctx.actor, { scope })),
    };
  }

  @Mutation(() => ConfigureIntegrityRulePayload, {
    description: "Enables, disables or tunes a rule (ADMIN).",
  })
  async configureIntegrityRule(
    @Arg("input", () => RuleConfigInput, { description: "The rule and what to change." })
    input: RuleConfigInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigureIntegrityRulePayload> {
    const config = await ctx.app.integrity.configureRule(ctx.scope, ctx.actor, {
      rule: input.rule,
      enabled: input.enabled ?? null,
      level: input.level ?? null,
      threshold: input.threshold,
    });
    return { integrityRuleConfig: toRuleConfigType(config) };
  }

  @Mutation(() => VerifyConfigurationItemPayload, {
    description:
      "Records that a CI was checked against reality (EDITOR): the STALE rule counts from now; no new revision, so RFC assessments stay valid. NOT_FOUND when no CI matches.",
  })
  async verifyConfigurationItem(
    @Arg("input", () => VerifyConfigurationItemInput, { description: "The CI verified." })
    input: VerifyConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<VerifyConfigurationItemPayload> {
    const ci = await ctx.app.integrity.verify(ctx.scope, ctx.actor, {
      id: input.ci.id ?? null,
      key: input.ci.key ?? null,
    });
    return { configurationItem: toCiType(ci, null) };
  }
}
