import { int } from "neo4j-driver";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams, toRow, type CiWrite } from "./ci.repository.js";
import type { DbScope, DbTransaction, Row } from "./database.js";
import type { RelationshipWrite } from "./relationship.repository.js";

/**
 * The journal of a streamed import, (:Import {id, state, …}), drawn in ADR 012. What the import
 * wrote carries its id: created CIs (`ci.importId`), the versions it wrote (`v.importId`), the
 * signature nodes of the relationships it created (`s.importId`).
 */
export type ImportState = "RUNNING" | "ABORTING" | "APPLIED" | "ABORTED";

export interface ImportProgressRecord {
  /** JSON text: entries done per section, counts, the errors listed. */
  readonly position: string;
  readonly counts: string;
  readonly errors: string;
  readonly errorCount: number;
  /** A digest of the entries done, chained batch by batch: a resume checks the document is the same. */
  readonly digest: string;
}

export interface ImportJournal extends ImportProgressRecord {
  readonly id: string;
  readonly state: ImportState;
  readonly source: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly dryRun: boolean;
  readonly batchSize: number;
  readonly batches: number;
  readonly startedAt: Date;
  readonly updatedAt: Date;
}

export async function createImportJournal(
  tx: DbTransaction,
  journal: Omit<ImportJournal, "state" | "batches" | "startedAt" | "updatedAt">,
  now: string,
): Promise<void> {
  await tx.run("import/create-import", {
    journal: { ...journal, batchSize: int(journal.batchSize), errorCount: int(journal.errorCount) },
    now,
  });
}

export async function findUnfinishedImport(scope: DbScope): Promise<ImportJournal | null> {
  const [row] = await scope.read("import/find-unfinished-import");
  return row ? toJournal(row.import) : null;
}

/** Every unfinished import (at most `limit`), the oldest first. */
export async function listUnfinishedImports(
  scope: DbScope,
  limit: number,
): Promise<ImportJournal[]> {
  const rows = await scope.read("import/list-unfinished-imports", { limit: int(limit) });
  return rows.map((r) => toJournal(r.import));
}

/** A CI an import creates: its id and fields (its first version's change list is implied). */
export type NewCiWrite = Pick<CiWrite, "id" | "fields">;

/**
 * The CIs an import creates, with their first versions, as `ci/create-cis` writes them but for
 * the change list, which a first version without one implies (every field, from nothing: ADR
 * 012 decision 10); nothing is read back (an import needs no row per CI). Returns how many were
 * created.
 */
export async function createImportedCis(
  tx: DbTransaction,
  writes: readonly NewCiWrite[],
  meta: WriteMeta,
): Promise<number> {
  if (writes.length === 0) return 0;
  const [row] = await tx.run("import/create-cis", {
    rows: writes.map(toImportedCiRow),
    ...metaParams(meta),
  });
  return Number(row?.created ?? 0);
}

/** `import/create-cis`'s row: the CI's id, and its fields without it (the version's too). */
function toImportedCiRow(w: NewCiWrite): Record<string, unknown> {
  const { props } = toRow({ ...w, operation: "IMPORT", changes: [] });
  const { id: _id, ...fields } = props as Record<string, unknown>;
  return { id: w.id, operation: "IMPORT", props: fields };
}

/**
 * The relationships an import creates, as `relationship/create-relationships` writes them
 * (signature nodes included), with each end's relationship revision bumped once by the number
 * of them it is an end of; nothing is read back. Every end must exist (the import found them).
 */
export async function createImportedRelationships(
  tx: DbTransaction,
  writes: readonly RelationshipWrite[],
  meta: WriteMeta,
): Promise<number> {
  if (writes.length === 0) return 0;
  const ends = new Map<string, number>();
  for (const w of writes) {
    ends.set(w.fromId, (ends.get(w.fromId) ?? 0) + 1);
    ends.set(w.toId, (ends.get(w.toId) ?? 0) + 1);
  }
  const [row] = await tx.run("import/create-relationships", {
    rows: writes,
    ends: [...ends].map(([id, n]) => ({ id, n: int(n) })),
    ...metaParams(meta),
  });
  return Number(row?.created ?? 0);
}

/** The ends relationships need (key, id, type, lifecycle) of the CIs with these keys. */
export async function findImportEnds(
  tx: DbTransaction,
  keys: readonly string[],
): Promise<{ key: string; id: string; type: string; lifecycle: string }[]> {
  if (keys.length === 0) return [];
  return (await tx.run("import/find-ends-by-keys", { keys })).map((r) => ({
    key: String(r.key),
    id: String(r.id),
    type: String(r.type),
    lifecycle: String(r.lifecycle),
  }));
}

/** Locks the journal for the next batch; false when it is no longer RUNNING or another process moved it on. */
export async function claimImportBatch(
  tx: DbTransaction,
  id: string,
  batches: number,
): Promise<boolean> {
  return (await tx.run("import/claim-import-batch", { id, batches: int(batches) })).length > 0;
}

export async function saveImportProgress(
  tx: DbTransaction,
  id: string,
  progress: ImportProgressRecord,
): Promise<void> {
  await tx.run("import/save-import-progress", {
    id,
    progress: { ...progress, errorCount: int(progress.errorCount) },
  });
}

export async function setImportState(
  tx: DbTransaction,
  id: string,
  state: ImportState,
  outcome: string,
  actor: string,
): Promise<ImportJournal | null> {
  const [row] = await tx.run("import/set-import-state", { id, state, outcome, actor });
  return row ? toJournal(row.import) : null;
}

/** One step of an abort: deletes up to `limit` of what the import wrote; 0 when that kind is done. */
export async function undoImportStep(
  scope: DbScope,
  step: "relationships" | "creations" | "updates",
  importId: string,
  limit: number,
): Promise<{ handled: number; kept: number }> {
  const name =
    step === "relationships"
      ? "import/undo-import-relationships"
      : step === "creations"
        ? "import/undo-import-ci-creations"
        : "import/undo-import-ci-updates";
  const [row] = await scope.write(name, { importId, limit: int(limit) });
  return {
    handled: Number(row?.undone ?? row?.handled ?? 0),
    kept: Number(row?.kept ?? 0),
  };
}

/** What a store holds beyond a fresh store's nodes, by label (none: an initial load may replace it). */
/** Waits until every index is online (an initial load's new store populates them on its first start). */
export async function awaitIndexes(scope: DbScope, seconds: number): Promise<void> {
  await scope.writeTransaction((tx) => tx.run("import/await-indexes", { seconds }), {
    timeoutMs: (seconds + 60) * 1000,
  });
}

function toJournal(value: unknown): ImportJournal {
  const row = value as Row;
  return {
    id: String(row.id),
    state: row.state as ImportState,
    source: String(row.source),
    actor: String(row.actor),
    reason: (row.reason as string | null) ?? null,
    dryRun: row.dryRun === true,
    batchSize: Number(row.batchSize),
    batches: Number(row.batches),
    position: String(row.position),
    counts: String(row.counts),
    errors: String(row.errors),
    errorCount: Number(row.errorCount),
    digest: String(row.digest),
    startedAt: row.startedAt as Date,
    updatedAt: row.updatedAt as Date,
  };
}
