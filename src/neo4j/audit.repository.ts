import { randomUUID } from "node:crypto";
import { int } from "neo4j-driver";
import {
  isAuditOperation,
  type AuditEntry,
  type AuditRecord,
  type AuditTargetType,
} from "../domain/audit/audit-entry.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

/** Appends the records to the audit trail, in the transaction of the mutation they describe. */
export async function recordAuditEntries(
  tx: DbTransaction,
  records: readonly AuditRecord[],
  meta: WriteMeta,
): Promise<void> {
  if (records.length === 0) return;
  // the trail's operations are a closed set (the AuditOperation enum): an unknown one is a bug
  const unknown = records.find((r) => !isAuditOperation(r.operation));
  if (unknown) throw new Error(`audit operation ${unknown.operation} is not in AUDIT_OPERATIONS`);
  const rows = records.map((r) => ({
    id: randomUUID(),
    operation: r.operation,
    targetType: r.targetType,
    targetId: r.targetId,
    targetKey: r.targetKey,
    before: r.before === null || r.before === undefined ? null : JSON.stringify(r.before),
    after: r.after === null || r.after === undefined ? null : JSON.stringify(r.after),
  }));
  await tx.run("audit/record-audit-entries", {
    rows,
    ...metaParams(meta),
    issuedBy: meta.issuedBy ?? null,
  });
}

export interface AuditQuery {
  readonly targetId: string | null;
  readonly targetType: AuditTargetType | null;
  readonly actor: string | null;
  readonly issuedBy: string | null;
  readonly from: Date | null;
  readonly to: Date | null;
  readonly after: { at: Date; id: string } | null;
  readonly limit: number;
}

const END_OF_TIME = "9999-12-31T23:59:59.999Z";

export async function listAuditEntries(tx: DbTransaction, q: AuditQuery): Promise<AuditEntry[]> {
  const statement =
    q.targetId === null ? "audit/list-audit-entries" : "audit/list-audit-entries-of-target";
  const rows = await tx.run(statement, {
    targetId: q.targetId,
    targetType: q.targetType,
    actor: q.actor,
    issuedBy: q.issuedBy,
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    // no cursor: one after every entry (the index is walked from its end)
    afterAt: q.after?.at.toISOString() ?? END_OF_TIME,
    afterId: q.after?.id ?? "",
    limit: int(q.limit),
  });
  return rows.map((r) => toAuditEntry(r.entry as Row));
}

/** How many entries listAuditEntries would list over every page (cursor and limit ignored). */
export async function countAuditEntries(tx: DbTransaction, q: AuditQuery): Promise<number> {
  const rows = await tx.run("audit/count-audit-entries", {
    targetId: q.targetId,
    targetType: q.targetType,
    actor: q.actor,
    issuedBy: q.issuedBy,
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
  });
  return Number(rows[0]?.total ?? 0);
}

/** The entry with this id, or null. */
export async function findAuditEntry(tx: DbTransaction, id: string): Promise<AuditEntry | null> {
  const rows = await tx.run("audit/find-audit-entry", { id });
  return rows[0] ? toAuditEntry(rows[0].entry as Row) : null;
}

function toAuditEntry(e: Row): AuditEntry {
  return {
    id: String(e.id),
    at: e.at as Date,
    actor: String(e.actor),
    issuedBy: (e.issuedBy as string | null | undefined) ?? null,
    operation: String(e.operation),
    targetType: e.targetType as AuditTargetType,
    targetId: String(e.targetId),
    targetKey: (e.targetKey as string | null) ?? null,
    before: parseJsonText<unknown>(e.before, null),
    after: parseJsonText<unknown>(e.after, null),
    rfcId: (e.rfcId as string | null) ?? null,
    reason: (e.reason as string | null) ?? null,
  };
}
