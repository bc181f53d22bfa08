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
  type OfflineCatalogue,
} from "../../neo4j/initial-load-files.js";
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
 * Reads and validates the document as a streamed import would, writing the importer's files
 * into `files`. With errors or a dry run, the result says so and nothing is to be imported.
 */
export async function planInitialLoad(
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
  const batches = new OfflineBatches(
    new InitialLoadTransaction(files, importId, freshStoreCatalogue(new Date(meta.now))),
  );
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
