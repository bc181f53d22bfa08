import { ConflictError } from "../../domain/errors.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  claimImportBatch,
  saveImportProgress,
  setImportState,
  type ImportProgressRecord,
} from "../../neo4j/import.repository.js";
import type { ImportOptions, ImportRetry } from "./import-result.js";

/** One batch of a streamed import: far below any sensible timeout, far above a batch's needs. */
const BATCH_TIMEOUT_MS = 10 * 60 * 1000;

/** Where an import's batches run: one transaction for all, or one per batch with the journal. */
export interface BatchTransactions {
  /** The reads a batch needs before it writes (the catalogue). */
  read<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T>;
  /**
   * One batch: its reads, its writes and the journal's progress commit together. With `after`
   * (the batch before it, still in flight: ADR 012 decision 13), its statements run at once but
   * it commits only once `after` has committed and been applied (its journal claim and progress
   * wait for it), and not at all if `after` failed.
   */
  batch<T>(
    section: ImportRetry["section"],
    done: number,
    work: (tx: DbTransaction) => Promise<T>,
    progress: (outcome: T) => ImportProgressRecord,
    after?: Promise<void> | null,
  ): Promise<T>;
  /** The last step of an applied import (types, audit); marks the journal applied. */
  finish(work: (tx: DbTransaction) => Promise<void>): Promise<void>;
}

/** A batch rolled back because the one before it failed (that failure is the import's). */
export class EarlierBatchFailed extends Error {
  constructor(readonly earlier: unknown) {
    super("an earlier batch of the import failed");
  }
}

export class OneTransaction implements BatchTransactions {
  constructor(private readonly tx: DbTransaction) {}
  read<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return work(this.tx);
  }
  batch<T>(
    _section: ImportRetry["section"],
    _done: number,
    work: (tx: DbTransaction) => Promise<T>,
  ): Promise<T> {
    return work(this.tx);
  }
  finish(work: (tx: DbTransaction) => Promise<void>): Promise<void> {
    return work(this.tx);
  }
}

export class Journal implements BatchTransactions {
  constructor(
    private readonly scope: DbScope,
    readonly id: string,
    private batches: number,
    private readonly actor: string,
    private readonly onRetry: ImportOptions["onRetry"],
  ) {}

  read<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.scope.readTransaction(work);
  }

  async batch<T>(
    section: ImportRetry["section"],
    done: number,
    work: (tx: DbTransaction) => Promise<T>,
    progress: (outcome: T) => ImportProgressRecord,
    after: Promise<void> | null = null,
  ): Promise<T> {
    const outcome = await this.scope.writeTransaction(
      async (tx) => {
        if (!after) {
          // alone: the journal first (an abort or a second process waits for this batch)
          await this.claim(tx);
          const out = await work(tx);
          await saveImportProgress(tx, this.id, progress(out));
          return out;
        }
        // the batch before is in flight and holds the journal until it commits: this one's
        // statements run meanwhile (their locks are their own CIs), then it claims the journal
        // as the next batch, so batches still commit one after another and in order
        const out = await work(tx);
        await after.catch((e: unknown) => {
          throw new EarlierBatchFailed(e);
        });
        await this.claim(tx);
        await saveImportProgress(tx, this.id, progress(out));
        return out;
      },
      {
        timeoutMs: BATCH_TIMEOUT_MS,
        onRetry: (r) => this.onRetry?.({ ...r, section, done }),
      },
    );
    this.batches += 1;
    return outcome;
  }

  async finish(work: (tx: DbTransaction) => Promise<void>): Promise<void> {
    await this.scope.writeTransaction(
      async (tx) => {
        await this.claim(tx);
        await work(tx);
        await setImportState(tx, this.id, "APPLIED", "applied", this.actor);
      },
      {
        timeoutMs: BATCH_TIMEOUT_MS,
        onRetry: (r) => this.onRetry?.({ ...r, section: "finish", done: 0 }),
      },
    );
  }

  private async claim(tx: DbTransaction): Promise<void> {
    if (!(await claimImportBatch(tx, this.id, this.batches))) {
      throw new ConflictError(
        `import ${this.id} was aborted, or another process is running it: this process stops`,
        { importId: this.id },
      );
    }
  }
}
