import { int } from "neo4j-driver";
import {
  MAX_RELATIONSHIPS_PER_CI,
  type CiRelationship,
} from "../domain/relationship/ci-relationship.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";

export interface RelationshipWrite {
  readonly id: string;
  readonly fromId: string;
  readonly toId: string;
  readonly type: string;
}

/** For each (from, to, type), the id of the relationship in force, if any (by the index given). */
export async function findCurrentRelationships(
  tx: DbTransaction,
  rows: readonly { index: number; fromId: string; toId: string; type: string }[],
): Promise<Map<number, string>> {
  if (rows.length === 0) return new Map();
  const found = await tx.run("relationship/find-current-relationships", { rows });
  return new Map(found.map((r) => [Number(r.index), String(r.id)]));
}

/** Like findCurrentRelationships, with the import that created each one (null: none did). */
export async function findRelationshipsInForce(
  tx: DbTransaction,
  rows: readonly { index: number; fromId: string; toId: string; type: string }[],
): Promise<Map<number, { id: string; importId: string | null }>> {
  if (rows.length === 0) return new Map();
  const found = await tx.run("relationship/find-current-relationships", { rows });
  return new Map(
    found.map((r) => [
      Number(r.index),
      { id: String(r.id), importId: (r.importId as string | null) ?? null },
    ]),
  );
}

export async function createRelationships(
  tx: DbTransaction,
  writes: readonly RelationshipWrite[],
  meta: WriteMeta,
): Promise<CiRelationship[]> {
  if (writes.length === 0) return [];
  const rows = await tx.run("relationship/create-relationships", {
    rows: writes,
    ...metaParams(meta),
  });
  return rows.map((r) => toRelationship(r.relationship));
}

export async function lockRelationship(
  tx: DbTransaction,
  fromId: string,
  id: string,
): Promise<CiRelationship | null> {
  const rows = await tx.run("relationship/lock-relationship", { fromId, id });
  return rows[0] ? toRelationship(rows[0].relationship) : null;
}

/** The relationship, read without a lock (current or removed); null when there is none. */
export async function findRelationship(
  tx: DbTransaction,
  fromId: string,
  id: string,
): Promise<CiRelationship | null> {
  const rows = await tx.run("relationship/find-relationship", { fromId, id });
  return rows[0] ? toRelationship(rows[0].relationship) : null;
}

export async function removeRelationship(
  tx: DbTransaction,
  fromId: string,
  id: string,
  meta: WriteMeta,
): Promise<CiRelationship | null> {
  const rows = await tx.run("relationship/remove-relationship", {
    fromId,
    id,
    ...metaParams(meta),
  });
  return rows[0] ? toRelationship(rows[0].relationship) : null;
}

export interface RelationshipQuery {
  readonly asOf: Date | null;
  readonly includeRemoved: boolean;
}

/** The relationships of each CI (both directions), keyed by the CI's id. */
export async function findRelationshipsOfCis(
  tx: DbTransaction,
  ids: readonly string[],
  query: RelationshipQuery,
): Promise<Map<string, CiRelationship[]>> {
  const rows = await tx.run("relationship/find-relationships-of-cis", {
    ids,
    asOf: query.asOf?.toISOString() ?? null,
    includeRemoved: query.includeRemoved,
    limit: int(MAX_RELATIONSHIPS_PER_CI),
  });
  const byCi = new Map<string, CiRelationship[]>();
  for (const r of rows) {
    const id = String(r.id);
    const list = byCi.get(id) ?? [];
    list.push(toRelationship(r.relationship));
    byCi.set(id, list);
  }
  return byCi;
}

export interface RelationshipPageQuery extends RelationshipQuery {
  /** Only those leaving the CI (OUTGOING) or reaching it (INCOMING); null: both. */
  readonly direction: "OUTGOING" | "INCOMING" | null;
  /** Only of these types; null: any. */
  readonly types: readonly string[] | null;
}

/**
 * A page of each CI's relationships (both directions unless a direction is asked), by type then
 * id after the cursor's (type, id), at most `limit` each, keyed by the CI's id.
 */
export async function listRelationshipsOfCisPage(
  tx: DbTransaction,
  ids: readonly string[],
  query: RelationshipPageQuery,
  page: { after: { type: string; id: string } | null; limit: number },
): Promise<Map<string, CiRelationship[]>> {
  const rows = await tx.run("relationship/list-relationships-of-cis-page", {
    ids,
    ...pageQueryParams(query),
    afterType: page.after?.type ?? null,
    afterId: page.after?.id ?? null,
    limit: int(page.limit),
  });
  const byCi = new Map<string, CiRelationship[]>();
  for (const r of rows) {
    const id = String(r.id);
    byCi.set(id, [...(byCi.get(id) ?? []), toRelationship(r.relationship)]);
  }
  for (const list of byCi.values()) {
    list.sort((a, b) =>
      a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1,
    );
  }
  return byCi;
}

/** How many relationships listRelationshipsOfCisPage would list for the CI over every page. */
export async function countRelationshipsOfCi(
  tx: DbTransaction,
  id: string,
  query: RelationshipPageQuery,
): Promise<number> {
  const rows = await tx.run("relationship/count-relationships-of-ci", {
    id,
    ...pageQueryParams(query),
  });
  return Number(rows[0]?.total ?? 0);
}

function pageQueryParams(query: RelationshipPageQuery): Record<string, unknown> {
  return {
    asOf: query.asOf?.toISOString() ?? null,
    includeRemoved: query.includeRemoved,
    direction: query.direction,
    types: query.types?.length ? [...query.types] : null,
  };
}

export function toRelationship(value: unknown): CiRelationship {
  const row = value as Row;
  return {
    id: String(row.id),
    type: String(row.type),
    fromId: String(row.fromId),
    toId: String(row.toId),
    validFrom: row.validFrom as Date,
    validTo: (row.validTo as Date | null) ?? null,
    createdBy: String(row.createdBy),
    reason: (row.reason as string | null) ?? null,
    removedBy: (row.removedBy as string | null) ?? null,
    removeReason: (row.removeReason as string | null) ?? null,
    revision: Number(row.revision),
  };
}

/** The relationships in force leaving these CIs, as keys and type. */
export async function listRelationshipsFromCis(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<{ from: string; to: string; type: string }[]> {
  const rows = await tx.run("export/list-relationships-from-cis", { ids });
  return rows.map((r) => ({ from: String(r.from), to: String(r.to), type: String(r.type) }));
}
