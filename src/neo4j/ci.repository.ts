import { int } from "neo4j-driver";
import {
  diffCi,
  minimumMembersOf,
  type CiFields,
  type ConfigurationItem,
  type FieldChange,
} from "../domain/ci/configuration-item.js";
import type { Lifecycle } from "../domain/interchange/interchange-document.js";
import type { WriteMeta } from "./catalogue.repository.js";
import type { CypherName } from "./cypher-names.js";
import type { DbTransaction, Row } from "./database.js";
import { fullTextQuery } from "./full-text.js";
import { parseJsonText } from "./plain-values.js";

/** A CI as it was at one revision: its state, and who changed what, when and why. */
export interface CiVersion {
  readonly ciId: string;
  readonly revision: number;
  readonly state: CiFields;
  readonly operation: string;
  readonly changes: FieldChange[];
  readonly actor: string;
  readonly reason: string | null;
  readonly rfcId: string | null;
  readonly validFrom: Date;
  readonly validTo: Date | null;
}

export interface CiWrite {
  readonly id: string;
  readonly fields: CiFields;
  readonly operation: "CREATE" | "UPDATE" | "RETIRE" | "IMPORT" | "BACK_OUT";
  readonly changes: readonly FieldChange[];
}

export interface CiListFilter {
  readonly types: string[] | null;
  readonly lifecycles: string[] | null;
  readonly environment: string | null;
  readonly owner: string | null;
  readonly search: string | null;
}

export async function lockCisByIds(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<ConfigurationItem[]> {
  return (await tx.run("ci/lock-cis-by-ids", { ids })).map((r) => toCi(r.ci));
}

export async function lockCisByKeys(
  tx: DbTransaction,
  keys: readonly string[],
): Promise<ConfigurationItem[]> {
  return (await tx.run("ci/lock-cis-by-keys", { keys })).map((r) => toCi(r.ci));
}

export async function findCisByIds(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<ConfigurationItem[]> {
  return (await tx.run("ci/find-cis-by-ids", { ids })).map((r) => toCi(r.ci));
}

export async function findCisByKeys(
  tx: DbTransaction,
  keys: readonly string[],
): Promise<ConfigurationItem[]> {
  return (await tx.run("ci/find-cis-by-keys", { keys })).map((r) => toCi(r.ci));
}

export async function findCisAsOf(
  tx: DbTransaction,
  ids: readonly string[],
  asOf: Date,
): Promise<ConfigurationItem[]> {
  return (await tx.run("ci/find-cis-as-of", { ids, asOf: asOf.toISOString() })).map((r) =>
    toCi(r.ci),
  );
}

/** The CIs that had these keys at `asOf`, in the state of then (keys as they were then). */
export async function findCisByKeysAsOf(
  tx: DbTransaction,
  keys: readonly string[],
  asOf: Date,
): Promise<ConfigurationItem[]> {
  const rows = await tx.run("ci/find-cis-by-keys-as-of", { keys, asOf: asOf.toISOString() });
  return rows.map((r) => toCi(r.ci));
}

export async function createCis(
  tx: DbTransaction,
  writes: readonly CiWrite[],
  meta: WriteMeta,
): Promise<ConfigurationItem[]> {
  if (writes.length === 0) return [];
  const rows = await tx.run("ci/create-cis", { rows: writes.map(toRow), ...metaParams(meta) });
  return rows.map((r) => toCi(r.ci));
}

export async function updateCis(
  tx: DbTransaction,
  writes: readonly CiWrite[],
  meta: WriteMeta,
): Promise<ConfigurationItem[]> {
  if (writes.length === 0) return [];
  const rows = await tx.run("ci/update-cis", { rows: writes.map(toRow), ...metaParams(meta) });
  return rows.map((r) => toCi(r.ci));
}

/**
 * Which statements serve a CI list and its count (ADR 016): each gives the same rows as the
 * others, driven by the index that keeps a page's cost to the page: the full-text index for a
 * search with a word of at least MIN_INDEXED_WORD characters (a shorter one matches so much that
 * the key walk fills a page sooner), else the (owner | type | environment | lifecycle, key)
 * index of the first of those filters given, else the key index. Counts follow the same
 * choice; with no filter the store's own count; only a search without a letter or digit (and
 * no other filter) is counted by reading every CI.
 */
export interface CiListRoute {
  readonly list: CypherName;
  readonly count: CypherName;
  /** The full-text query of the search, for the by-text statements. */
  readonly query: string | null;
}

export const MIN_INDEXED_WORD = 3;

export function ciListRoute(filter: CiListFilter): CiListRoute {
  const text = filter.search === null ? null : fullTextQuery(filter.search);
  const driver: string | null =
    filter.owner !== null
      ? "owner"
      : filter.types !== null
        ? "type"
        : filter.environment !== null
          ? "environment"
          : filter.lifecycles !== null
            ? "lifecycle"
            : null;
  const byIndex = (verb: "list" | "count"): CypherName | null =>
    driver === null ? null : (`ci/${verb}-cis-by-${driver}` as CypherName);
  const list: CypherName =
    text !== null && text.longestWord >= MIN_INDEXED_WORD
      ? "ci/list-cis-by-text"
      : (byIndex("list") ?? "ci/list-cis");
  const count: CypherName =
    text !== null
      ? "ci/count-cis-by-text"
      : (byIndex("count") ?? (filter.search === null ? "ci/count-all-cis" : "ci/count-cis"));
  return { list, count, query: text?.query ?? null };
}

/**
 * The parameters every list-cis and count-cis statement takes: search matched lower-cased, types
 * and lifecycles once each (the by-type and by-lifecycle statements UNWIND them: a repeated value
 * would repeat its rows).
 */
function listParams(filter: CiListFilter): Record<string, unknown> {
  const once = (xs: string[] | null): string[] | null => (xs === null ? null : [...new Set(xs)]);
  return {
    ...filter,
    types: once(filter.types),
    lifecycles: once(filter.lifecycles),
    search: filter.search?.toLowerCase() ?? null,
  };
}

export async function listCis(
  tx: DbTransaction,
  filter: CiListFilter,
  page: { after: string | null; limit: number },
  asOf: Date | null,
): Promise<ConfigurationItem[]> {
  // every key is non-empty (CI_KEY), so '' starts before the first
  const params = { ...listParams(filter), after: page.after ?? "", limit: int(page.limit) };
  if (asOf) {
    const rows = await tx.run("ci/list-cis-as-of", { ...params, asOf: asOf.toISOString() });
    return rows.map((r) => toCi(r.ci));
  }
  const route = ciListRoute(filter);
  const rows = await tx.run(route.list, { ...params, query: route.query });
  return rows.map((r) => toCi(r.ci));
}

/** How many CIs listCis would list over every page. */
export async function countCis(
  tx: DbTransaction,
  filter: CiListFilter,
  asOf: Date | null,
): Promise<number> {
  const params = listParams(filter);
  if (asOf) {
    const rows = await tx.run("ci/count-cis-as-of", { ...params, asOf: asOf.toISOString() });
    return Number(rows[0]?.total ?? 0);
  }
  const route = ciListRoute(filter);
  const rows = await tx.run(route.count, { ...params, query: route.query });
  return Number(rows[0]?.total ?? 0);
}

export async function listCiHistory(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<CiVersion[]> {
  const rows = await tx.run("ci/list-ci-history", { ids });
  return rows.map((r) => toVersion(r.version as Row));
}

/**
 * A page of each CI's versions after the revision `after` (null: from the first), at most
 * `limit` each, oldest first or newest first.
 */
export async function listCiHistoryPage(
  tx: DbTransaction,
  ids: readonly string[],
  page: { after: number | null; limit: number; newestFirst: boolean },
): Promise<Map<string, CiVersion[]>> {
  const rows = await tx.run("ci/list-ci-history-page", {
    ids,
    after: page.after === null ? null : int(page.after),
    limit: int(page.limit),
    newestFirst: page.newestFirst,
  });
  const byCi = new Map<string, CiVersion[]>();
  for (const r of rows) {
    const id = String(r.id);
    byCi.set(id, [...(byCi.get(id) ?? []), toVersion(r.version as Row)]);
  }
  const sign = page.newestFirst ? -1 : 1;
  for (const list of byCi.values()) list.sort((a, b) => sign * (a.revision - b.revision));
  return byCi;
}

/** How many versions the CI has. */
export async function countCiHistory(tx: DbTransaction, id: string): Promise<number> {
  const rows = await tx.run("ci/count-ci-history", { id });
  return Number(rows[0]?.total ?? 0);
}

export async function anyCiExists(tx: DbTransaction): Promise<boolean> {
  const rows = await tx.run("ci/any-ci-exists");
  return rows[0]?.any === true;
}

export function toCi(value: unknown): ConfigurationItem {
  const row = value as Row;
  return {
    id: String(row.id),
    ...toFields(row),
    revision: Number(row.revision),
    createdAt: row.createdAt as Date,
    updatedAt: row.updatedAt as Date,
    retiredAt: (row.retiredAt as Date | null) ?? null,
  };
}

function toFields(row: Row): CiFields {
  return {
    key: String(row.key),
    name: String(row.name),
    type: String(row.type),
    version: (row.version as string | null) ?? null,
    owner: (row.owner as string | null) ?? null,
    responsibleTeam: (row.responsibleTeam as string | null) ?? null,
    lifecycle: row.lifecycle as Lifecycle,
    environment: (row.environment as string | null) ?? null,
    criticality: (row.criticality as number | null) ?? null,
    attributes: parseJsonText<Record<string, unknown>>(row.attributes, {}),
  };
}

function toVersion(row: Row): CiVersion {
  const state = toFields(row);
  return {
    ciId: String(row.ciId),
    revision: Number(row.revision),
    state,
    operation: String(row.operation),
    // an imported CI's first version holds no change list: it is every field, from nothing
    // (ADR 012 decision 10), as the import computed it before it stopped writing it
    changes:
      row.changes === null || row.changes === undefined
        ? diffCi(null, state)
        : parseJsonText<FieldChange[]>(row.changes, []),
    actor: String(row.actor),
    reason: (row.reason as string | null) ?? null,
    rfcId: (row.rfcId as string | null) ?? null,
    validFrom: row.validFrom as Date,
    validTo: (row.validTo as Date | null) ?? null,
  };
}

/** The parameters of one CI write (create-cis, update-cis, import/create-cis). */
export function toRow(w: CiWrite): Record<string, unknown> {
  const f = w.fields;
  return {
    id: w.id,
    operation: w.operation,
    changes: JSON.stringify(w.changes),
    props: {
      id: w.id,
      key: f.key,
      name: f.name,
      type: f.type,
      version: f.version,
      owner: f.owner,
      responsibleTeam: f.responsibleTeam,
      lifecycle: f.lifecycle,
      environment: f.environment,
      criticality: f.criticality,
      attributes: JSON.stringify(f.attributes),
      // kept apart from the JSON attributes so that impact analysis reads it without parsing
      minimumMembers: minimumMembersOf(f),
    },
  };
}

export function metaParams(meta: WriteMeta): Record<string, unknown> {
  return {
    now: meta.now,
    actor: meta.actor,
    reason: meta.reason,
    rfcId: meta.rfcId,
    importId: meta.importId ?? null,
  };
}

/** One page of every CI (retired ones too), in key order after `after`. */
export async function listAllCisPage(
  tx: DbTransaction,
  after: string | null,
  limit: number,
): Promise<ConfigurationItem[]> {
  return (await tx.run("export/list-cis-page", { after, limit: int(limit) })).map((r) =>
    toCi(r.ci),
  );
}
