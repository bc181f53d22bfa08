import { int } from "neo4j-driver";
import {
  minimumMembersOf,
  type CiFields,
  type ConfigurationItem,
  type FieldChange,
} from "../domain/ci/configuration-item.js";
import type { Lifecycle } from "../domain/interchange/interchange-document.js";
import type { WriteMeta } from "./catalogue.repository.js";
import type { DbTransaction, Row } from "./database.js";
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

export async function listCis(
  tx: DbTransaction,
  filter: CiListFilter,
  page: { after: string | null; limit: number },
  asOf: Date | null,
): Promise<ConfigurationItem[]> {
  const params = {
    ...filter,
    search: filter.search?.toLowerCase() ?? null,
    after: page.after,
    limit: int(page.limit),
  };
  const rows = asOf
    ? await tx.run("ci/list-cis-as-of", { ...params, asOf: asOf.toISOString() })
    : await tx.run("ci/list-cis", params);
  return rows.map((r) => toCi(r.ci));
}

/** How many CIs listCis would list over every page. */
export async function countCis(
  tx: DbTransaction,
  filter: CiListFilter,
  asOf: Date | null,
): Promise<number> {
  const params = { ...filter, search: filter.search?.toLowerCase() ?? null };
  const rows = asOf
    ? await tx.run("ci/count-cis-as-of", { ...params, asOf: asOf.toISOString() })
    : await tx.run("ci/count-cis", params);
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
  return {
    ciId: String(row.ciId),
    revision: Number(row.revision),
    state: toFields(row),
    operation: String(row.operation),
    changes: parseJsonText<FieldChange[]>(row.changes, []),
    actor: String(row.actor),
    reason: (row.reason as string | null) ?? null,
    rfcId: (row.rfcId as string | null) ?? null,
    validFrom: row.validFrom as Date,
    validTo: (row.validTo as Date | null) ?? null,
  };
}

function toRow(w: CiWrite): Record<string, unknown> {
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
