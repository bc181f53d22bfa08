import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { ConflictError } from "../../domain/errors.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  findInitialLoadObstacles,
  setImportState,
  type ImportProgressRecord,
} from "../../neo4j/import.repository.js";
import { InitialLoadFiles, InitialLoadTransaction } from "../../neo4j/initial-load-files.js";
import { authorize } from "../authorization.js";
import { CATALOGUE_ACTOR, type CatalogueService } from "../catalogue/catalogue.service.js";
import { writeMeta } from "../write-meta.js";
import type { BatchTransactions } from "./batch-transactions.js";
import { DEFAULT_BATCH, type ImportResult, type StreamImportOptions } from "./import-result.js";
import { emptyProgress, ImportRun } from "./import-run.js";
import { streamDocumentEvents } from "./interchange-reader.js";
import { KeyFingerprints } from "./key-fingerprints.js";

/**
 * The first load of an estate into an empty store (`graph-cmdb import --initial`, ADR 012):
 * the streamed import's own run (the same validation, the same values) over batches that write
 * the bulk importer's files instead of Neo4j. What only Neo4j can write, the types and the audit
 * entry, waits for `complete`, once the importer has built the store and it has started again.
 */
export interface InitialLoadPlan {
  readonly result: ImportResult;
  readonly importId: string;
  /** The types, the audit entry and the journal's APPLIED, in one transaction of the new store. */
  complete(scope: DbScope): Promise<void>;
}

/** Refuses a store that holds anything but what every fresh store holds (nothing is replaced). */
export async function checkStoreIsEmpty(scope: DbScope): Promise<void> {
  const found = await findInitialLoadObstacles(scope, CATALOGUE_ACTOR);
  if (found.length === 0) return;
  const what = found.map((f) => `${String(f.count)} ${f.label}`).join(", ");
  throw new ConflictError(
    `--initial loads only an empty CMDB, and this one holds ${what}: import into it with ` +
      "`graph-cmdb import FILE` instead (it upserts by key), or point GRAPH_CMDB_DATA_DIR at a new data directory",
    { found },
  );
}

/**
 * Reads and validates the document as a streamed import would, writing the importer's files
 * into `files`. With errors or a dry run, the result says so and nothing is to be imported.
 */
export async function planInitialLoad(
  scope: DbScope,
  catalogue: CatalogueService,
  actor: Actor,
  input: AsyncIterable<Buffer | string>,
  dir: string,
  opts: StreamImportOptions,
): Promise<InitialLoadPlan & { files: InitialLoadFiles }> {
  authorize(actor, "importing configuration", "EDITOR");
  const importId = randomUUID();
  const meta: WriteMeta = { ...writeMeta(actor, opts.reason ?? "import"), importId };
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const files = new InitialLoadFiles(dir, new KeyFingerprints());
  const batches = new OfflineBatches(scope, files, importId);
  const journal = {
    id: importId,
    source: opts.source,
    actor: actor.user,
    reason: meta.reason,
    dryRun: opts.dryRun ?? false,
    batchSize,
    ...emptyProgress(),
  };
  const run = new ImportRun(batches, catalogue, meta, batchSize, opts, null);
  const result = await run.execute(streamDocumentEvents(input), opts.dryRun ?? false, actor);
  // the journal as the streamed import's last batch leaves it, RUNNING until `complete`
  files.setJournal({
    ...journal,
    ...batches.lastProgress,
    state: "RUNNING",
    batches: batches.count,
    startedAt: meta.now,
    updatedAt: meta.now,
  });
  return {
    result: { ...result, importId },
    importId,
    files,
    complete: (target) =>
      target.writeTransaction(async (tx) => {
        await batches.finishWork?.(tx);
        await setImportState(tx, importId, "APPLIED", "applied", meta.actor);
      }),
  };
}

/** Batches of an initial load: each one's writes go to the files; the last step waits. */
class OfflineBatches implements BatchTransactions {
  count = 0;
  lastProgress: ImportProgressRecord = emptyProgress();
  finishWork: ((tx: DbTransaction) => Promise<void>) | null = null;
  private readonly tx: InitialLoadTransaction;

  constructor(
    private readonly scope: DbScope,
    files: InitialLoadFiles,
    importId: string,
  ) {
    this.tx = new InitialLoadTransaction(scope, files, importId);
  }

  read<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    // the catalogue, read from the store before it is replaced
    return this.scope.readTransaction(work);
  }

  async batch<T>(
    _section: string,
    _done: number,
    work: (tx: DbTransaction) => Promise<T>,
    progress: (outcome: T) => ImportProgressRecord,
  ): Promise<T> {
    const outcome = await work(this.tx);
    this.lastProgress = progress(outcome);
    this.count += 1;
    return outcome;
  }

  finish(work: (tx: DbTransaction) => Promise<void>): Promise<void> {
    this.finishWork = work;
    return Promise.resolve();
  }
}
