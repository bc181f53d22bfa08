import { canonicalJson } from "../ci/canonical-json.js";
import { CI_FIELDS, type CiFields } from "../ci/configuration-item.js";
import type { CiEntry } from "../interchange/interchange-document.js";
import type { DiscoveredCi } from "./discovered-estate.js";

/** Per field (`name`, `attributes.replicas` …): the source that wrote it last, and when. */
export type FieldOwners = Record<string, { readonly source: string; readonly at: string }>;

/** For a CI type and a field (or `*`): the sources, highest first. */
export interface PrecedenceRule {
  readonly ciType: string;
  readonly field: string;
  readonly sources: readonly string[];
}

/** A field a source stated and did not write, because a higher source owns it. */
export interface FieldConflict {
  readonly key: string;
  readonly field: string;
  readonly source: string;
  readonly owner: string;
  readonly kept: unknown;
  readonly offered: unknown;
}

/**
 * A relationship a discovery run found different from the CMDB: reported and not in force
 * (APPEARED), or reported by the source's last run, no longer reported and still in force
 * (DISAPPEARED).
 */
export interface RelationshipChange {
  readonly change: "APPEARED" | "DISAPPEARED";
  readonly from: string;
  readonly type: string;
  readonly to: string;
}

/**
 * Whether an RFC proposes this very relationship change: ADD_RELATIONSHIP for one that
 * appeared, REMOVE_RELATIONSHIP for one that disappeared, with the same ends and type.
 */
export function proposes(
  operations: readonly { kind: string; fromKey?: string; toKey?: string; type?: string }[],
  change: RelationshipChange,
): boolean {
  const kind = change.change === "APPEARED" ? "ADD_RELATIONSHIP" : "REMOVE_RELATIONSHIP";
  return operations.some(
    (o) =>
      o.kind === kind &&
      o.fromKey === change.from &&
      o.toKey === change.to &&
      o.type === change.type,
  );
}

export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The top-level CI fields a discovered entry may state (the key is its identity). */
const STATED_FIELDS = [
  "name",
  "type",
  "version",
  "owner",
  "responsibleTeam",
  "lifecycle",
  "environment",
  "criticality",
] as const;

/**
 * Whether `source` may write `field` of a CI of type `lineage[0]` whose last writer is `owner`.
 * The first rule found for the type then its ancestors, the field before `*`, decides: a
 * listed owner above the source wins; an unlisted source ranks below every listed one.
 */
export function mayOverwrite(
  rules: readonly PrecedenceRule[],
  lineage: readonly string[],
  field: string,
  source: string,
  owner: string | undefined,
): boolean {
  if (owner === undefined || owner === source) return true;
  const attributeWide = field.startsWith("attributes.") ? "attributes" : null;
  let rule: PrecedenceRule | undefined;
  for (const type of lineage) {
    rule =
      rules.find((r) => r.ciType === type && r.field === field) ??
      (attributeWide
        ? rules.find((r) => r.ciType === type && r.field === attributeWide)
        : undefined) ??
      rules.find((r) => r.ciType === type && r.field === "*");
    if (rule) break;
  }
  if (!rule) return true;
  const ownerRank = rule.sources.indexOf(owner);
  if (ownerRank < 0) return true;
  const sourceRank = rule.sources.indexOf(source);
  return sourceRank >= 0 && sourceRank < ownerRank;
}

/**
 * The whole new state of a CI as this source's run leaves it, as an interchange entry (whose
 * attributes replace the stored map), with the field owners after the run and the fields it
 * was not allowed to write. A field the source stated before and no longer states is removed
 * if it still owns it (an attribute) — a top-level field stays, as an absent field does in an
 * import.
 */
export function reconcileCi(input: {
  readonly discovered: DiscoveredCi;
  readonly current: CiFields | null;
  readonly owners: FieldOwners;
  readonly source: string;
  readonly at: string;
  readonly rules: readonly PrecedenceRule[];
  /** The current CI type and its ancestors (or the discovered type's, for a new CI). */
  readonly lineage: readonly string[];
}): { entry: CiEntry; owners: FieldOwners; conflicts: FieldConflict[] } {
  const { discovered, current, source, at, rules, lineage } = input;
  const owners: Record<string, { source: string; at: string }> = { ...input.owners };
  const conflicts: FieldConflict[] = [];
  // the CI's fields only (a stored CI also carries its id, revision and times)
  const entry: Record<string, unknown> = { key: discovered.key, attributes: {} };
  if (current) {
    for (const f of CI_FIELDS) entry[f] = current[f];
    entry.attributes = { ...current.attributes };
  }
  const attributes = entry.attributes as Record<string, unknown>;

  const write = (field: string, value: unknown, apply: () => void): void => {
    const owner = owners[field]?.source;
    const before = field.startsWith("attributes.")
      ? attributes[field.slice("attributes.".length)]
      : entry[field];
    if (current && !mayOverwrite(rules, lineage, field, source, owner)) {
      if (canonicalJson(before ?? null) !== canonicalJson(value ?? null)) {
        conflicts.push({
          key: discovered.key,
          field,
          source,
          owner: owner ?? "",
          kept: before ?? null,
          offered: value ?? null,
        });
      }
      return;
    }
    apply();
    owners[field] = { source, at };
  };

  for (const field of STATED_FIELDS) {
    const value = discovered[field];
    if (value === undefined) continue;
    write(field, value, () => (entry[field] = value));
  }
  for (const [name, value] of Object.entries(discovered.attributes)) {
    if (value === undefined || value === null) continue;
    write(`attributes.${name}`, value, () => (attributes[name] = value));
  }
  // an attribute this source wrote and no longer reports is gone from what it knows
  const gone = new Set(
    Object.entries(owners)
      .filter(([field, owner]) => owner.source === source && field.startsWith("attributes."))
      .map(([field]) => field)
      .filter((field) => !(field.slice("attributes.".length) in discovered.attributes)),
  );
  entry.attributes = Object.fromEntries(
    Object.entries(attributes).filter(([name]) => !gone.has(`attributes.${name}`)),
  );
  const kept = Object.fromEntries(Object.entries(owners).filter(([field]) => !gone.has(field)));
  return { entry: entry as CiEntry, owners: kept, conflicts };
}
