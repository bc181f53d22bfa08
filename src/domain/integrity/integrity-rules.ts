import type { Catalogue } from "../catalogue/catalogue.js";
import { checkCiAgainstCatalogue, type CiFields } from "../ci/configuration-item.js";
import type { DependentEnd, Lifecycle } from "../interchange/interchange-document.js";
import { checkRelationship } from "../relationship/ci-relationship.js";
import { issueMessage, IssueCollector, type ValidationIssue } from "../validation.js";

export const INTEGRITY_RULES = [
  "ORPHAN",
  "MISSING_OWNER",
  "MISSING_REQUIRED_ATTRIBUTE",
  "CI_BREAKS_TYPE_RULES",
  "RELATIONSHIP_BREAKS_TYPE_RULES",
  "DUPLICATE_KEY_OR_NAME",
  "DEPENDENCY_CYCLE",
  "STALE",
  "PRODUCTION_WITHOUT_BASELINE",
  "RELATIONSHIP_TO_RETIRED",
  "PRODUCTION_DEPENDS_ON_NON_PRODUCTION",
  "SINGLE_POINT_OF_FAILURE",
  "UNAUTHORIZED_CHANGE",
] as const;
export type IntegrityRule = (typeof INTEGRITY_RULES)[number];

export const RULE_LEVELS = ["ERROR", "WARNING"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export interface RuleConfig {
  readonly rule: IntegrityRule;
  readonly enabled: boolean;
  readonly level: RuleLevel;
  /** STALE: days without verification; SINGLE_POINT_OF_FAILURE: most services examined. */
  readonly threshold: number | null;
}

export const RULE_DESCRIPTIONS: Record<IntegrityRule, string> = {
  ORPHAN: "CIs in use related to nothing",
  MISSING_OWNER: "CIs in use without an owner",
  MISSING_REQUIRED_ATTRIBUTE: "CIs missing an attribute their type requires",
  CI_BREAKS_TYPE_RULES: "CIs whose type is unknown or whose attributes have the wrong JSON type",
  RELATIONSHIP_BREAKS_TYPE_RULES:
    "relationships of an unknown type, or between CI types their type does not admit",
  DUPLICATE_KEY_OR_NAME:
    "keys equal but for case, or names equal but for case among CIs of one type",
  DEPENDENCY_CYCLE: "CIs in a dependency cycle",
  STALE: "CIs in use not verified for longer than the threshold (days)",
  PRODUCTION_WITHOUT_BASELINE: "PRODUCTION CIs held by no baseline",
  RELATIONSHIP_TO_RETIRED: "relationships in force between a CI in use and a RETIRED one",
  PRODUCTION_DEPENDS_ON_NON_PRODUCTION:
    "PRODUCTION CIs that depend directly on a PLANNED or TEST one",
  SINGLE_POINT_OF_FAILURE: "business services with a single point of failure",
  UNAUTHORIZED_CHANGE:
    "CIs discovery found changed in production with no implemented RFC, and no retrospective RFC yet",
};

export const DEFAULT_RULES: Record<IntegrityRule, RuleConfig> = {
  ORPHAN: { rule: "ORPHAN", enabled: true, level: "WARNING", threshold: null },
  MISSING_OWNER: { rule: "MISSING_OWNER", enabled: true, level: "WARNING", threshold: null },
  MISSING_REQUIRED_ATTRIBUTE: {
    rule: "MISSING_REQUIRED_ATTRIBUTE",
    enabled: true,
    level: "ERROR",
    threshold: null,
  },
  CI_BREAKS_TYPE_RULES: {
    rule: "CI_BREAKS_TYPE_RULES",
    enabled: true,
    level: "ERROR",
    threshold: null,
  },
  RELATIONSHIP_BREAKS_TYPE_RULES: {
    rule: "RELATIONSHIP_BREAKS_TYPE_RULES",
    enabled: true,
    level: "ERROR",
    threshold: null,
  },
  DUPLICATE_KEY_OR_NAME: {
    rule: "DUPLICATE_KEY_OR_NAME",
    enabled: true,
    level: "WARNING",
    threshold: null,
  },
  DEPENDENCY_CYCLE: { rule: "DEPENDENCY_CYCLE", enabled: true, level: "WARNING", threshold: null },
  STALE: { rule: "STALE", enabled: true, level: "WARNING", threshold: 90 },
  PRODUCTION_WITHOUT_BASELINE: {
    rule: "PRODUCTION_WITHOUT_BASELINE",
    enabled: true,
    level: "WARNING",
    threshold: null,
  },
  RELATIONSHIP_TO_RETIRED: {
    rule: "RELATIONSHIP_TO_RETIRED",
    enabled: true,
    level: "WARNING",
    threshold: null,
  },
  PRODUCTION_DEPENDS_ON_NON_PRODUCTION: {
    rule: "PRODUCTION_DEPENDS_ON_NON_PRODUCTION",
    enabled: true,
    level: "WARNING",
    threshold: null,
  },
  SINGLE_POINT_OF_FAILURE: {
    rule: "SINGLE_POINT_OF_FAILURE",
    enabled: true,
    level: "WARNING",
    threshold: 200,
  },
  UNAUTHORIZED_CHANGE: {
    rule: "UNAUTHORIZED_CHANGE",
    enabled: true,
    level: "WARNING",
    threshold: null,
  },
};

/** Checks a rule's configuration as an ADMIN writes it. */
export function parseRuleConfig(
  input: {
    rule: string;
    enabled?: boolean | null;
    level?: string | null;
    threshold?: number | null;
  },
  current: RuleConfig | null,
): { config: RuleConfig | null; issues: ValidationIssue[] } {
  const c = new IssueCollector(null);
  if (!INTEGRITY_RULES.includes(input.rule as IntegrityRule)) {
    c.add("rule", input.rule, `must be one of ${INTEGRITY_RULES.join(", ")}`);
    return { config: null, issues: c.issues };
  }
  const rule = input.rule as IntegrityRule;
  const base = current ?? DEFAULT_RULES[rule];
  const level = input.level ?? base.level;
  if (!RULE_LEVELS.includes(level as RuleLevel)) {
    c.add("level", level, `must be one of ${RULE_LEVELS.join(", ")}`);
  }
  const threshold = input.threshold === undefined ? base.threshold : input.threshold;
  const needsThreshold = DEFAULT_RULES[rule].threshold !== null;
  if (needsThreshold && (threshold === null || !Number.isInteger(threshold) || threshold < 1)) {
    c.add("threshold", threshold, `${rule} needs a whole number from 1`);
  }
  if (!needsThreshold && threshold !== null) {
    c.add("threshold", threshold, `${rule} takes no threshold`);
  }
  if (c.issues.length > 0) return { config: null, issues: c.issues };
  return {
    config: {
      rule,
      enabled: input.enabled ?? base.enabled,
      level: level as RuleLevel,
      threshold,
    },
    issues: [],
  };
}

/** A CI as the integrity scan reads it. */
export interface ScannedCi {
  readonly id: string;
  readonly fields: CiFields;
  readonly createdAt: Date;
  readonly verifiedAt: Date | null;
  /** Relationships in force at it, both directions. */
  readonly relationshipCount: number;
  /** Held by at least one baseline. */
  readonly inBaseline: boolean;
}

export interface Offence {
  readonly rule: IntegrityRule;
  readonly ciId: string;
  readonly key: string;
  readonly type: string;
  readonly detail: string;
}

/** The rules one CI breaks on its own (the rules on pairs and paths are checked elsewhere). */
export function ciOffences(
  ci: ScannedCi,
  catalogue: Catalogue,
  rules: ReadonlyMap<IntegrityRule, RuleConfig>,
  now: Date,
): Offence[] {
  const out: Offence[] = [];
  const on = (rule: IntegrityRule): boolean => rules.get(rule)?.enabled === true;
  const offence = (rule: IntegrityRule, detail: string): void => {
    out.push({ rule, ciId: ci.id, key: ci.fields.key, type: ci.fields.type, detail });
  };
  const f = ci.fields;
  const inUse = f.lifecycle !== "RETIRED";
  if (!inUse) return out;
  if (on("ORPHAN") && ci.relationshipCount === 0) offence("ORPHAN", "no relationship in force");
  if (on("MISSING_OWNER") && f.owner === null) offence("MISSING_OWNER", "owner is not set");
  if (on("MISSING_REQUIRED_ATTRIBUTE") || on("CI_BREAKS_TYPE_RULES")) {
    for (const issue of checkCiAgainstCatalogue(f, catalogue, null)) {
      const missing = issue.rule.startsWith("is required");
      const rule: IntegrityRule = missing ? "MISSING_REQUIRED_ATTRIBUTE" : "CI_BREAKS_TYPE_RULES";
      if (on(rule)) offence(rule, issueMessage(issue));
    }
  }
  const staleDays = rules.get("STALE")?.threshold ?? null;
  if (on("STALE") && staleDays !== null) {
    const last = ci.verifiedAt ?? ci.createdAt;
    const days = Math.floor((now.getTime() - last.getTime()) / 86_400_000);
    if (days > staleDays) {
      offence(
        "STALE",
        ci.verifiedAt
          ? `last verified ${String(days)} days ago (${ci.verifiedAt.toISOString()})`
          : `never verified; created ${String(days)} days ago`,
      );
    }
  }
  if (on("PRODUCTION_WITHOUT_BASELINE") && f.lifecycle === "PRODUCTION" && !ci.inBaseline) {
    offence("PRODUCTION_WITHOUT_BASELINE", "in PRODUCTION and held by no baseline");
  }
  return out;
}

/** A relationship in force as the integrity scan reads it. */
export interface ScannedRelationship {
  readonly type: string;
  readonly from: { id: string; key: string; type: string; lifecycle: string };
  readonly to: { id: string; key: string; type: string; lifecycle: string };
}

export function relationshipOffences(
  r: ScannedRelationship,
  catalogue: Catalogue,
  rules: ReadonlyMap<IntegrityRule, RuleConfig>,
): Offence[] {
  const out: Offence[] = [];
  const label = `${r.from.key} ${r.type} ${r.to.key}`;
  if (rules.get("RELATIONSHIP_BREAKS_TYPE_RULES")?.enabled) {
    for (const issue of checkRelationship(r.type, r.from, r.to, catalogue, null, {
      allowRetiredEnds: true,
    })) {
      out.push({
        rule: "RELATIONSHIP_BREAKS_TYPE_RULES",
        ciId: r.from.id,
        key: r.from.key,
        type: r.from.type,
        detail: `${label}: ${issueMessage(issue)}`,
      });
    }
  }
  if (rules.get("RELATIONSHIP_TO_RETIRED")?.enabled) {
    const retired = [r.from, r.to].filter((e) => e.lifecycle === "RETIRED");
    const inUse = [r.from, r.to].filter((e) => e.lifecycle !== "RETIRED");
    const [gone] = retired;
    const [user] = inUse;
    if (gone && user) {
      out.push({
        rule: "RELATIONSHIP_TO_RETIRED",
        ciId: user.id,
        key: user.key,
        type: user.type,
        detail: `${label}: ${gone.key} is RETIRED`,
      });
    }
  }
  return out;
}

/**
 * The lifecycles a PRODUCTION CI should not depend on. A dependency on a RETIRED CI is
 * RELATIONSHIP_TO_RETIRED's (reported once, whatever the direction).
 */
export const NOT_YET_IN_PRODUCTION: readonly Lifecycle[] = ["PLANNED", "TEST"];

/**
 * The relationship types by the end that depends: `sourceDependent` (SOURCE: the source
 * depends on the target) and `targetDependent` (TARGET: the reverse); NONE types in neither.
 */
export function dependencyTypes(catalogue: Catalogue): {
  sourceDependent: string[];
  targetDependent: string[];
} {
  const named = (end: DependentEnd): string[] =>
    catalogue
      .allRelationshipTypes()
      .filter((t) => t.dependent === end)
      .map((t) => t.name);
  return { sourceDependent: named("SOURCE"), targetDependent: named("TARGET") };
}

/**
 * PRODUCTION_DEPENDS_ON_NON_PRODUCTION for one relationship in force: an offence of its
 * PRODUCTION end when that end depends (by the type's dependent end) on a CI not yet in
 * production. Null otherwise.
 */
export function productionDependencyOffence(
  r: ScannedRelationship,
  catalogue: Catalogue,
): Offence | null {
  const dependent = catalogue.relationshipType(r.type)?.dependent;
  if (dependent !== "SOURCE" && dependent !== "TARGET") return null;
  const [user, needed] = dependent === "SOURCE" ? [r.from, r.to] : [r.to, r.from];
  if (user.lifecycle !== "PRODUCTION") return null;
  if (!NOT_YET_IN_PRODUCTION.includes(needed.lifecycle as Lifecycle)) return null;
  return {
    rule: "PRODUCTION_DEPENDS_ON_NON_PRODUCTION",
    ciId: user.id,
    key: user.key,
    type: user.type,
    detail: `${r.from.key} ${r.type} ${r.to.key}: ${user.key} (PRODUCTION) depends on ${needed.key}, which is ${needed.lifecycle}`,
  };
}

/** Keys equal but for case, and names equal but for case within a CI type. */
export class DuplicateFinder {
  private readonly keys = new Map<string, { id: string; key: string; type: string }[]>();
  private readonly names = new Map<
    string,
    { id: string; key: string; type: string; name: string }[]
  >();

  add(ci: { id: string; fields: CiFields }): void {
    const ref = { id: ci.id, key: ci.fields.key, type: ci.fields.type };
    const k = ci.fields.key.toLowerCase();
    this.keys.set(k, [...(this.keys.get(k) ?? []), ref]);
    if (ci.fields.lifecycle === "RETIRED") return;
    const n = `${ci.fields.type}\u0000${ci.fields.name.trim().toLowerCase()}`;
    this.names.set(n, [...(this.names.get(n) ?? []), { ...ref, name: ci.fields.name }]);
  }

  offences(): Offence[] {
    const out: Offence[] = [];
    for (const group of this.keys.values()) {
      if (group.length < 2) continue;
      for (const ci of group) {
        const others = group.filter((g) => g.id !== ci.id).map((g) => g.key);
        out.push({
          rule: "DUPLICATE_KEY_OR_NAME",
          ciId: ci.id,
          key: ci.key,
          type: ci.type,
          detail: `key differs only in case from ${others.join(", ")}`,
        });
      }
    }
    for (const group of this.names.values()) {
      if (group.length < 2) continue;
      for (const ci of group) {
        const others = group.filter((g) => g.id !== ci.id).map((g) => g.key);
        out.push({
          rule: "DUPLICATE_KEY_OR_NAME",
          ciId: ci.id,
          key: ci.key,
          type: ci.type,
          detail: `name "${ci.name}" is also the name of ${ci.type} ${others.join(", ")}`,
        });
      }
    }
    return out;
  }
}
