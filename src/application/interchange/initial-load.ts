import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import {
  parseCiType,
  parseRelationshipType,
  type CiType,
  type RelationshipType,
} from "../../domain/catalogue/catalogue.js";
import {
  DEFAULT_CI_TYPES,
  DEFAULT_RELATIONSHIP_TYPES,
} from "../../domain/catalogue/default-catalogue.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import type { DbScope, DbTransaction, Row } from "../../neo4j/database.js";
import { setImportState, type ImportProgressRecord } from "../../neo4j/import.repository.js";
import {
  InitialLoadFiles,
  InitialLoadTransaction,
  RecordingTransaction,
  type InitialLoadSink,
  type OfflineCatalogue,
  type RecordedStatement,
} from "../../neo4j/initial-load-files.js";
import { authorize } from "../authorization.js";
import { CATALOGUE_ACTOR, type CatalogueService } from "../catalogue/catalogue.service.js";
import { writeMeta } from "../write-meta.js";
import type { BatchTransactions } from "./batch-transactions.js";
import {
  DEFAULT_BATCH,
  type ImportOptions,
  type ImportResult,
  type StreamImportOptions,
} from "./import-result.js";
import { emptyProgress, ImportRun } from "./import-run.js";
import { streamDocumentEvents, type DocumentEvent } from "./interchange-reader.js";
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

/**
 * The catalogue of a fresh store, as its first start writes it (`CatalogueService.ensureDefaults`:
 * the built-in types at revision 1, by the catalogue's actor), in the rows the catalogue's list
 * statements return: an initial load validates against it without starting the store.
 */
export function freshStoreCatalogue(now: Date): OfflineCatalogue {
  const stored = { builtIn: true, revision: 1, createdAt: now, updatedAt: now };
  const by = { updatedBy: CATALOGUE_ACTOR };
  const ciTypes = DEFAULT_CI_TYPES.map((t) => parseCiType(t).type as CiType);
  const relationshipTypes = DEFAULT_RELATIONSHIP_TYPES.map(
    (t) => parseRelationshipType(t).type as RelationshipType,
  );
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    ciTypes: [...ciTypes].sort(byName).map((t): Row => ({
      name: t.name,
      parent: t.parent,
      description: t.description,
      attributes: JSON.stringify(t.attributes),
      ...stored,
      ...by,
    })),
    relationshipTypes: [...relationshipTypes].sort(byName).map((t): Row => ({
      name: t.name,
      inverseName: t.inverseName,
      dependent: t.dependent,
      allowedSourceTypes: t.allowedSourceTypes,
      allowedTargetTypes: t.allowedTargetTypes,
      description: t.description,
      membership: t.membership,
      ...stored,
      ...by,
    })),
  };
}

/**
 * What reading and validating the document found, with what the store must be given once the
 * importer has built it: plain data, so that it can come from another thread.
 */
export interface InitialLoadValidation {
  readonly result: ImportResult;
  readonly importId: string;
  /** The journal as the streamed import's last batch leaves it, RUNNING until `complete`. */
  readonly journal: Record<string, unknown>;
  /** The statements of the import's last step (types, audit entry), as it sent them. */
  readonly finish: readonly RecordedStatement[];
  /** Who the journal says applied it. */
  readonly actor: string;
}

/**
 * Validates the document's events (its reader's) as a streamed import would, sending its writes
 * to `sink` (the CSV writer, here or in another thread). With errors or a dry run, the result says so
 * and nothing is to be imported.
 */
export async function validateInitialLoad(
  catalogue: CatalogueService,
  actor: Actor,
  events: AsyncIterable<DocumentEvent>,
  sink: InitialLoadSink,
  opts: ImportOptions & { readonly source: string },
): Promise<InitialLoadValidation> {
  authorize(actor, "importing configuration", "EDITOR");
  const importId = randomUUID();
  const meta: WriteMeta = { ...writeMeta(actor, opts.reason ?? "import"), importId };
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const batches = new OfflineBatches(
    new InitialLoadTransaction(
      sink,
      importId,
      freshStoreCatalogue(new Date(meta.now)),
      new KeyFingerprints(),
    ),
  );
  // its batches go to files one after another: one writer
  const run = new ImportRun(batches, catalogue, meta, batchSize, { ...opts, writers: 1 }, null);
  const result = await run.execute(events, opts.dryRun ?? false, actor);
  const finish = new RecordingTransaction();
  await batches.finishWork?.(finish);
  return {
    result: { ...result, importId },
    importId,
    journal: {
      id: importId,
      source: opts.source,
      actor: actor.user,
      reason: meta.reason,
      dryRun: opts.dryRun ?? false,
      batchSize,
      ...emptyProgress(),
      ...batches.lastProgress,
      state: "RUNNING",
      batches: batches.count,
      startedAt: meta.now,
      updatedAt: meta.now,
    },
    finish: finish.statements,
    actor: meta.actor,
  };
}

/**
 * The last step of an initial load, in one transaction of the new store: the statements the
 * import's last step sent (types, audit entry), then the journal's APPLIED.
 */
export function completeInitialLoad(
  validation: InitialLoadValidation,
): (scope: DbScope) => Promise<void> {
  return (scope) =>
    scope.writeTransaction(async (tx) => {
      for (const { name, params } of validation.finish) await tx.run(name, params);
      await setImportState(tx, validation.importId, "APPLIED", "applied", validation.actor);
    });
}

/**
 * Reads and validates the document as a streamed import would, writing the importer's files
 * into `files`, all in this thread (`planInitialLoadInWorkers` spreads it over two).
 */
export async function planInitialLoad(
  catalogue: CatalogueService,
  actor: Actor,
  input: AsyncIterable<Buffer | string>,
  dir: string,
  opts: StreamImportOptions,
): Promise<InitialLoadPlan & { files: InitialLoadFiles }> {
  const files = new InitialLoadFiles(dir);
  const validation = await validateInitialLoad(
    catalogue,
    actor,
    streamDocumentEvents(input),
    files,
    opts,
  );
  files.setJournal(validation.journal);
  return {
    result: validation.result,
    importId: validation.importId,
    files,
    complete: completeInitialLoad(validation),
  };
}

/** Batches of an initial load: each one's writes go to the files; the last step waits. */
class OfflineBatches implements BatchTransactions {
  count = 0;
  lastProgress: ImportProgressRecord = emptyProgress();
  finishWork: ((tx: DbTransaction) => Promise<void>) | null = null;

  constructor(private readonly tx: InitialLoadTransaction) {}

  read<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    // the catalogue: a fresh store's, which the transaction answers without Neo4j
    return work(this.tx);
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
