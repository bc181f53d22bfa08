import { int } from "neo4j-driver";
import type { RfcOperation } from "../domain/change/rfc.js";
import type { FieldChange } from "../domain/ci/configuration-item.js";
import type { RelationshipChange } from "../domain/discovery/reconciliation.js";
import type { FieldOwners, PrecedenceRule } from "../domain/discovery/reconciliation.js";
import type { RelationshipEntry } from "../domain/interchange/interchange-document.js";
import type { WriteMeta } from "./catalogue.repository.js";
import type { DbTransaction } from "./database.js";
import { parseJsonText } from "./plain-values.js";

export interface DiscoverySource {
  readonly name: string;
  readonly runs: number;
  readonly staleAfterRuns: number;
  /** Whether an unauthorized change this source finds is held (recorded, not written). */
  readonly holdUnauthorized: boolean;
  readonly lastRunAt: Date | null;
  readonly lastFormat: string | null;
}

export interface DiscoverySighting {
  readonly source: string;
  readonly ciKey: string;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly missedRuns: number;
  readonly stale: boolean;
}

export interface MissCounts {
  readonly notSeen: number;
  readonly stale: number;
}

export async function findDiscoverySource(
  tx: DbTransaction,
  name: string,
): Promise<DiscoverySource | null> {
  const row = (await tx.run("discovery/find-source", { name }))[0];
  return row ? toSource(row.source) : null;
}

export async function recordSourceRun(
  tx: DbTransaction,
  name: string,
  format: string,
  settings: { staleAfterRuns: number; holdUnauthorized: boolean },
  meta: WriteMeta,
): Promise<DiscoverySource> {
  const rows = await tx.run("discovery/record-source-run", {
    name,
    format,
    staleAfterRuns: int(settings.staleAfterRuns),
    holdUnauthorized: settings.holdUnauthorized,
    now: meta.now,
  });
  return toSource(rows[0]?.source);
}

export async function listPrecedenceRules(tx: DbTransaction): Promise<PrecedenceRule[]> {
  return (await tx.run("discovery/list-precedence-rules")).map((r) => {
    const rule = r.rule as Record<string, unknown>;
    return {
      ciType: String(rule.ciType),
      field: String(rule.field),
      sources: (rule.sources as string[] | null) ?? [],
    };
  });
}

export async function setPrecedenceRule(
  tx: DbTransaction,
  rule: PrecedenceRule,
  meta: WriteMeta,
): Promise<void> {
  await tx.run("discovery/set-precedence-rule", {
    ...rule,
    sources: [...rule.sources],
    now: meta.now,
    actor: meta.actor,
  });
}

export async function findFieldOwners(
  tx: DbTransaction,
  ciIds: readonly string[],
): Promise<Map<string, FieldOwners>> {
  if (ciIds.length === 0) return new Map();
  const rows = await tx.run("discovery/find-field-owners", { ids: ciIds });
  return new Map(rows.map((r) => [String(r.ciId), parseJsonText<FieldOwners>(r.fields, {})]));
}

export async function saveFieldOwners(
  tx: DbTransaction,
  owners: ReadonlyMap<string, FieldOwners>,
): Promise<void> {
  if (owners.size === 0) return;
  const rows = [...owners].map(([ciId, fields]) => ({ ciId, fields: JSON.stringify(fields) }));
  await tx.run("discovery/save-field-owners", { rows });
}

/** Records what the source saw and counts one missed run on the rest of its CI sightings. */
export async function recordCiSightings(
  tx: DbTransaction,
  source: string,
  seen: readonly { key: string; id: string }[],
  staleAfterRuns: number,
  meta: WriteMeta,
): Promise<MissCounts> {
  if (seen.length > 0) {
    await tx.run("discovery/record-ci-sightings", {
      source,
      rows: seen,
      now: meta.now,
      actor: meta.actor,
    });
  }
  const row = (
    await tx.run("discovery/miss-ci-sightings", {
      source,
      keys: seen.map((s) => s.key),
      staleAfterRuns: int(staleAfterRuns),
    })
  )[0];
  return { notSeen: Number(row?.notSeen ?? 0), stale: Number(row?.stale ?? 0) };
}

export async function recordRelationshipSightings(
  tx: DbTransaction,
  source: string,
  seen: readonly RelationshipEntry[],
  staleAfterRuns: number,
  meta: WriteMeta,
): Promise<MissCounts> {
  const rows = seen.map((r) => ({ ...r, signature: `${r.from} ${r.type} ${r.to}` }));
  if (rows.length > 0) {
    await tx.run("discovery/record-relationship-sightings", { source, rows, now: meta.now });
  }
  const row = (
    await tx.run("discovery/miss-relationship-sightings", {
      source,
      signatures: rows.map((r) => r.signature),
      staleAfterRuns: int(staleAfterRuns),
    })
  )[0];
  return { notSeen: Number(row?.notSeen ?? 0), stale: Number(row?.stale ?? 0) };
}

export async function findSightingsOfCi(
  tx: DbTransaction,
  key: string,
): Promise<DiscoverySighting[]> {
  return (await tx.run("discovery/find-sightings-of-ci", { key })).map((r) => {
    const s = r.sighting as Record<string, unknown>;
    return {
      source: String(s.source),
      ciKey: String(s.ciKey),
      firstSeen: s.firstSeen as Date,
      lastSeen: s.lastSeen as Date,
      missedRuns: Number(s.missedRuns),
      stale: s.stale === true,
    };
  });
}

function toSource(value: unknown): DiscoverySource {
  const s = value as Record<string, unknown>;
  return {
    name: String(s.name),
    runs: Number(s.runs ?? 0),
    staleAfterRuns: Number(s.staleAfterRuns ?? 3),
    holdUnauthorized: s.holdUnauthorized === true,
    lastRunAt: (s.lastRunAt as Date | null) ?? null,
    lastFormat: (s.lastFormat as string | null) ?? null,
  };
}

/** An unauthorized change: a PRODUCTION CI found different with no implemented RFC covering it. */
export interface UnauthorizedChange {
  readonly id: string;
  readonly ciId: string;
  readonly ciKey: string;
  readonly source: string;
  readonly detectedAt: Date;
  readonly changes: FieldChange[];
  /** Relationships of the CI the source found appeared or gone. */
  readonly relationships: RelationshipChange[];
  /** True when the source holds such changes: the CMDB kept its values. */
  readonly held: boolean;
  readonly status: string;
  readonly rfcId: string | null;
}

/** When `source` last saw each of these CIs (before this run), by key. */
export async function findLastSeen(
  tx: DbTransaction,
  source: string,
  keys: readonly string[],
): Promise<Map<string, Date>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.run("discovery/find-sightings-by-keys", { source, keys });
  return new Map(rows.map((r) => [String(r.key), r.lastSeen as Date]));
}

/** Of these CIs, those an implemented RFC touched since the given time. */
export async function findCoveredCis(
  tx: DbTransaction,
  rows: readonly { ciId: string; since: Date }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await tx.run("discovery/find-covered-cis", {
    rows: rows.map((r) => ({ ciId: r.ciId, since: r.since.toISOString() })),
  });
  return new Set(found.map((r) => String(r.ciId)));
}

export async function recordUnauthorizedChanges(
  tx: DbTransaction,
  source: string,
  changes: readonly {
    id: string;
    ciId: string;
    ciKey: string;
    changes: FieldChange[];
    relationships: RelationshipChange[];
    held: boolean;
  }[],
  meta: WriteMeta,
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({
    ...c,
    changes: JSON.stringify(c.changes),
    relationships: JSON.stringify(c.relationships),
  }));
  await tx.run("discovery/record-unauthorized-changes", { source, rows, now: meta.now });
}

export async function listUnauthorizedChanges(
  tx: DbTransaction,
  filter: { ciKey: string | null; status: string | null },
  limit: number,
): Promise<UnauthorizedChange[]> {
  const rows = await tx.run("discovery/list-unauthorized-changes", {
    ...filter,
    limit: int(limit),
  });
  return rows.map((r) => toUnauthorizedChange(r.change));
}

export async function lockUnauthorizedChange(
  tx: DbTransaction,
  id: string,
): Promise<UnauthorizedChange | null> {
  const row = (await tx.run("discovery/lock-unauthorized-change", { id }))[0];
  return row ? toUnauthorizedChange(row.change) : null;
}

export async function markRetrospectiveRfc(
  tx: DbTransaction,
  id: string,
  rfcId: string,
  meta: WriteMeta,
): Promise<void> {
  await tx.run("discovery/mark-retrospective-rfc", { id, rfcId, actor: meta.actor, now: meta.now });
}

function toUnauthorizedChange(value: unknown): UnauthorizedChange {
  const u = value as Record<string, unknown>;
  return {
    id: String(u.id),
    ciId: String(u.ciId),
    ciKey: String(u.ciKey),
    source: String(u.source),
    detectedAt: u.detectedAt as Date,
    changes: parseJsonText<FieldChange[]>(u.changes, []),
    relationships: parseJsonText<RelationshipChange[]>(u.relationshipChanges, []),
    held: u.held === true,
    status: String(u.status),
    rfcId: (u.rfcId as string | null) ?? null,
  };
}

/** One component edge behind a derived service dependency. */
export interface DerivedDependencyRow {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly from: string;
  readonly via: string;
  readonly to: string;
}

export async function findDerivedDependencies(
  tx: DbTransaction,
  key: string,
  types: {
    under: readonly string[];
    dependency: readonly string[];
    serviceTypes: readonly string[];
  },
): Promise<DerivedDependencyRow[]> {
  const rows = await tx.run("discovery/find-derived-dependencies", { key, ...types });
  return rows.map((r) => ({
    key: String(r.key),
    name: String(r.name),
    type: String(r.type),
    from: String(r.from),
    via: String(r.via),
    to: String(r.to),
  }));
}

/** One component edge behind a derived service-to-service dependency, by CI id. */
export interface DerivedServiceEdgeRow {
  readonly dependentId: string;
  readonly dependedOnId: string;
  readonly fromId: string;
  readonly type: string;
  readonly toId: string;
}

export async function findDerivedServiceDependencies(
  tx: DbTransaction,
  key: string,
  dependents: boolean,
  types: {
    under: readonly string[];
    dependency: readonly string[];
    serviceTypes: readonly string[];
  },
): Promise<DerivedServiceEdgeRow[]> {
  const rows = await tx.run("discovery/find-derived-service-dependencies", {
    key,
    dependents,
    ...types,
  });
  return rows.map((r) => ({
    dependentId: String(r.dependentId),
    dependedOnId: String(r.dependedOnId),
    fromId: String(r.fromId),
    type: String(r.via),
    toId: String(r.toId),
  }));
}

/** For each key, the source that saw it first (any source); a key never seen is absent. */
export async function findFirstSightings(
  tx: DbTransaction,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.run("discovery/find-first-sightings", { keys });
  return new Map(rows.map((r) => [String(r.key), String(r.source)]));
}

/** The signatures (`from type to`) of those of `rows` in force in the CMDB now. */
export async function findRelationshipsInForce(
  tx: DbTransaction,
  rows: readonly RelationshipEntry[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await tx.run("discovery/find-relationships-in-force", {
    rows: rows.map((r) => ({ from: r.from, type: r.type, to: r.to })),
  });
  return new Set(found.map((r) => `${String(r.from)} ${String(r.type)} ${String(r.to)}`));
}

/** A relationship the source reported last run, does not now, in force with a PRODUCTION end. */
export interface VanishedRelationship extends RelationshipEntry {
  readonly fromId: string;
  readonly toId: string;
  readonly fromProduction: boolean;
  readonly lastSeen: Date;
}

export async function findVanishedRelationships(
  tx: DbTransaction,
  source: string,
  signatures: readonly string[],
): Promise<VanishedRelationship[]> {
  const rows = await tx.run("discovery/find-vanished-relationships", { source, signatures });
  return rows.map((r) => ({
    from: String(r.from),
    type: String(r.type),
    to: String(r.to),
    fromId: String(r.fromId),
    toId: String(r.toId),
    fromProduction: r.fromProduction === true,
    lastSeen: r.lastSeen as Date,
  }));
}

/** An RFC that may authorize a change to a CI: approved, scheduled or implemented. */
export interface CoveringRfc {
  readonly id: string;
  readonly state: string;
  readonly attemptedAt: Date | null;
  readonly operations: RfcOperation[];
}

export async function findRfcsCoveringCis(
  tx: DbTransaction,
  ciIds: readonly string[],
): Promise<CoveringRfc[]> {
  if (ciIds.length === 0) return [];
  const rows = await tx.run("discovery/find-rfcs-covering-cis", { ciIds: [...new Set(ciIds)] });
  return rows.map((r) => ({
    id: String(r.id),
    state: String(r.state),
    attemptedAt: (r.attemptedAt as Date | null) ?? null,
    operations: parseJsonText<RfcOperation[]>(r.operations, []),
  }));
}

/** An open RFC (DRAFT to SCHEDULED) touching some CIs, with its operations. */
export interface OpenRfcOnCis {
  readonly id: string;
  readonly number: number;
  readonly state: string;
  readonly operations: RfcOperation[];
}

/** The open RFCs (DRAFT to SCHEDULED) touching one of the CIs `ciIds`, by number. */
export async function findOpenRfcsOnCis(
  tx: DbTransaction,
  ciIds: readonly string[],
): Promise<OpenRfcOnCis[]> {
  if (ciIds.length === 0) return [];
  const rows = await tx.run("discovery/find-open-retirements", { ciIds: [...new Set(ciIds)] });
  return rows.map((r) => ({
    id: String(r.id),
    number: Number(r.number),
    state: String(r.state),
    operations: parseJsonText<RfcOperation[]>(r.operations, []),
  }));
}

/** Write-locks a discovery source; false when it never ran. */
export async function lockDiscoverySource(tx: DbTransaction, name: string): Promise<boolean> {
  return (await tx.run("discovery/lock-source", { name })).length > 0;
}

/** What a page of unauthorized changes is asked for (every filter null = any). */
export interface UnauthorizedChangeQuery {
  readonly ciKey: string | null;
  readonly source: string | null;
  readonly status: string | null;
  readonly after: { at: Date; id: string } | null;
  readonly limit: number;
}

export async function listUnauthorizedChangesPage(
  tx: DbTransaction,
  q: UnauthorizedChangeQuery,
): Promise<UnauthorizedChange[]> {
  const rows = await tx.run("discovery/list-unauthorized-changes-page", {
    ciKey: q.ciKey,
    source: q.source,
    status: q.status,
    afterAt: q.after?.at.toISOString() ?? null,
    afterId: q.after?.id ?? null,
    limit: int(q.limit),
  });
  return rows.map((r) => toUnauthorizedChange(r.change));
}

export async function countUnauthorizedChanges(
  tx: DbTransaction,
  q: UnauthorizedChangeQuery,
): Promise<number> {
  const rows = await tx.run("discovery/count-unauthorized-changes", {
    ciKey: q.ciKey,
    source: q.source,
    status: q.status,
  });
  return Number(rows[0]?.total ?? 0);
}

/** A CI a source reported before and no longer reports past its staleness threshold. */
export interface StaleDiscovery {
  readonly ciId: string;
  readonly ciKey: string;
  readonly name: string;
  readonly type: string;
  readonly lifecycle: string;
  readonly revision: number;
  readonly lastSeen: Date;
  readonly missedRuns: number;
  /** Other sources that still report it (not stale there). */
  readonly reportedBy: string[];
}

export async function listStaleSightingsPage(
  tx: DbTransaction,
  source: string,
  after: string | null,
  limit: number,
): Promise<StaleDiscovery[]> {
  const rows = await tx.run("discovery/list-stale-sightings-page", {
    source,
    after,
    limit: int(limit),
  });
  return rows.map(toStaleDiscovery);
}

export async function countStaleSightings(tx: DbTransaction, source: string): Promise<number> {
  const rows = await tx.run("discovery/count-stale-sightings", { source });
  return Number(rows[0]?.total ?? 0);
}

export async function findStaleSightingsByKeys(
  tx: DbTransaction,
  source: string,
  keys: readonly string[],
): Promise<StaleDiscovery[]> {
  if (keys.length === 0) return [];
  const rows = await tx.run("discovery/find-stale-sightings-by-keys", { source, keys });
  return rows.map(toStaleDiscovery);
}

function toStaleDiscovery(r: Record<string, unknown>): StaleDiscovery {
  return {
    ciId: String(r.ciId),
    ciKey: String(r.ciKey),
    name: String(r.name),
    type: String(r.type),
    lifecycle: String(r.lifecycle),
    revision: Number(r.revision),
    lastSeen: r.lastSeen as Date,
    missedRuns: Number(r.missedRuns),
    reportedBy: (r.reportedBy as string[] | null) ?? [],
  };
}
