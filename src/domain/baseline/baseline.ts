import { canonicalJson } from "../ci/canonical-json.js";
import { CI_FIELDS, diffCi, type CiFields, type FieldChange } from "../ci/configuration-item.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";

/** Which part of the CMDB a baseline (or an integrity run) covers. Retired CIs are never in it. */
export type BaselineScope =
  | {
      readonly kind: "DEPENDENCIES";
      /** A CI and everything it depends on, to `depth` (null: the server's cap). */
      readonly ciKey: string;
      readonly depth: number | null;
    }
  | { readonly kind: "ENVIRONMENT"; readonly environment: string }
  | { readonly kind: "CI_TYPE"; readonly ciType: string; readonly includeSubtypes: boolean }
  | { readonly kind: "LIST"; readonly ciKeys: string[] };

export const SCOPE_KINDS = ["DEPENDENCIES", "ENVIRONMENT", "CI_TYPE", "LIST"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The most CIs one baseline may hold. */
export const MAX_BASELINE_CIS = 100_000;

export function parseScope(
  input: Record<string, unknown>,
  field = "scope",
): { scope: BaselineScope | null; issues: ValidationIssue[] } {
  const c = new IssueCollector(null);
  const kind = input.kind;
  const str = (name: string): string | null =>
    c.string(`${field}.${name}`, input[name], { required: true, max: 200 });
  let scope: BaselineScope | null = null;
  switch (kind) {
    case "DEPENDENCIES": {
      const ciKey = str("ciKey");
      const depth = input.depth ?? null;
      if (depth !== null && (typeof depth !== "number" || !Number.isInteger(depth) || depth < 1)) {
        c.add(
          `${field}.depth`,
          depth,
          "must be a whole number from 1, or absent (the server's cap)",
        );
      }
      if (ciKey !== null) scope = { kind, ciKey, depth: depth as number | null };
      break;
    }
    case "ENVIRONMENT": {
      const environment = str("environment");
      if (environment !== null) scope = { kind, environment };
      break;
    }
    case "CI_TYPE": {
      const ciType = str("ciType");
      if (ciType !== null)
        scope = { kind, ciType, includeSubtypes: input.includeSubtypes !== false };
      break;
    }
    case "LIST": {
      const keys = input.ciKeys;
      if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== "string")) {
        c.add(`${field}.ciKeys`, keys, "name at least one CI key");
      } else if (keys.length > MAX_BASELINE_CIS) {
        c.add(`${field}.ciKeys`, keys.length, `at most ${String(MAX_BASELINE_CIS)} CIs`);
      } else {
        scope = { kind, ciKeys: [...new Set(keys as string[])] };
      }
      break;
    }
    default:
      c.add(`${field}.kind`, kind, `must be one of ${SCOPE_KINDS.join(", ")}`);
  }
  return { scope: c.issues.length ? null : scope, issues: c.issues };
}

export function describeScope(scope: BaselineScope): string {
  switch (scope.kind) {
    case "DEPENDENCIES":
      return `${scope.ciKey} and what it depends on${scope.depth === null ? "" : ` (depth ${String(scope.depth)})`}`;
    case "ENVIRONMENT":
      return `environment ${scope.environment}`;
    case "CI_TYPE":
      return `CI type ${scope.ciType}${scope.includeSubtypes ? " and its subtypes" : ""}`;
    case "LIST":
      return `${String(scope.ciKeys.length)} listed CI(s)`;
  }
}

/** A CI as a snapshot holds it. */
export interface SnapshotCi {
  readonly id: string;
  readonly revision: number;
  readonly fields: CiFields;
}

/** A relationship among a snapshot's CIs. */
export interface SnapshotRelationship {
  readonly id: string;
  readonly type: string;
  readonly fromId: string;
  readonly toId: string;
  readonly fromKey: string;
  readonly toKey: string;
}

export interface Snapshot {
  readonly cis: readonly SnapshotCi[];
  readonly relationships: readonly SnapshotRelationship[];
}

export interface CiDrift {
  readonly id: string;
  readonly key: string;
  readonly type: string;
}

export interface ChangedCi extends CiDrift {
  /** Field by field, attributes by attribute: the value in the baseline (before) and now (after). */
  readonly changes: FieldChange[];
}

export interface Drift {
  readonly addedCis: CiDrift[];
  readonly removedCis: CiDrift[];
  readonly changedCis: ChangedCi[];
  readonly addedRelationships: SnapshotRelationship[];
  readonly removedRelationships: SnapshotRelationship[];
}

/** A relationship is the same one when it joins the same CIs with the same type. */
export function relationshipSignature(r: { fromId: string; type: string; toId: string }): string {
  return `${r.fromId}|${r.type}|${r.toId}`;
}

/** What differs from `before` (a baseline) to `after` (now, or a later baseline). */
export function compareSnapshots(before: Snapshot, after: Snapshot): Drift {
  const was = new Map(before.cis.map((c) => [c.id, c]));
  const is = new Map(after.cis.map((c) => [c.id, c]));
  const ref = (c: SnapshotCi): CiDrift => ({ id: c.id, key: c.fields.key, type: c.fields.type });
  const byKey = (a: CiDrift, b: CiDrift): number => a.key.localeCompare(b.key);
  const changedCis: ChangedCi[] = [];
  for (const [id, a] of is) {
    const b = was.get(id);
    if (!b) continue;
    const changes = diffCi(b.fields, a.fields);
    if (changes.length > 0) changedCis.push({ ...ref(a), changes });
  }
  const wasRel = new Map(before.relationships.map((r) => [relationshipSignature(r), r]));
  const isRel = new Map(after.relationships.map((r) => [relationshipSignature(r), r]));
  const byLabel = (a: SnapshotRelationship, b: SnapshotRelationship): number =>
    `${a.fromKey} ${a.type} ${a.toKey}`.localeCompare(`${b.fromKey} ${b.type} ${b.toKey}`);
  return {
    addedCis: after.cis
      .filter((c) => !was.has(c.id))
      .map(ref)
      .sort(byKey),
    removedCis: before.cis
      .filter((c) => !is.has(c.id))
      .map(ref)
      .sort(byKey),
    changedCis: changedCis.sort(byKey),
    addedRelationships: [...isRel]
      .filter(([s]) => !wasRel.has(s))
      .map(([, r]) => r)
      .sort(byLabel),
    removedRelationships: [...wasRel]
      .filter(([s]) => !isRel.has(s))
      .map(([, r]) => r)
      .sort(byLabel),
  };
}

export function isEmptyDrift(d: Drift): boolean {
  return (
    d.addedCis.length +
      d.removedCis.length +
      d.changedCis.length +
      d.addedRelationships.length +
      d.removedRelationships.length ===
    0
  );
}

/**
 * The fields to write over `now` to bring it back to `then`: top-level fields that differ, and
 * the attributes whole (`replaceAttributes`) when any differs. Empty when equal.
 */
export function restorePatch(then: CiFields, now: CiFields): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const f of CI_FIELDS) {
    if (f === "attributes") {
      if (canonicalJson(then.attributes) !== canonicalJson(now.attributes)) {
        patch.replaceAttributes = { ...then.attributes };
      }
    } else if (then[f] !== now[f]) {
      patch[f] = then[f];
    }
  }
  return patch;
}
