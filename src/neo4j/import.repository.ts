import { int } from "neo4j-driver";
import type { DbScope, DbTransaction, Row } from "./database.js";

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
