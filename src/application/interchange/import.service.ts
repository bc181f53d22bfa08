import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  createImportJournal,
  findUnfinishedImport,
  listUnfinishedImports,
  setImportState,
  undoImportStep,
  type ImportJournal,
} from "../../neo4j/import.repository.js";
import { Readable } from "node:stream";
import { authorize } from "../authorization.js";
import { Telemetry, watchImport, type ImportWatch, type TelemetrySink } from "../telemetry.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import { writeMeta } from "../write-meta.js";
import { Journal, OneTransaction } from "./batch-transactions.js";
import {
  DEFAULT_BATCH,
  DEFAULT_WRITERS,
  type AbortResult,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type StreamImportOptions,
} from "./import-result.js";
import { emptyProgress, ImportRun } from "./import-run.js";
import {
  documentEvents,
  InterchangeSyntaxError,
  streamDocumentEvents,
  type DocumentEvent,
} from "./interchange-reader.js";

export * from "./import-result.js";

/** A document in one transaction may take minutes, beyond the server's default timeout. */
const IMPORT_TIMEOUT_MS = 60 * 60 * 1000;
const UNDO_BATCH = 5000;

/** Thrown inside the transaction to roll it back (errors, or a dry run) while keeping the result. */
class RollBack extends Error {
  constructor(readonly result: ImportResult) {
    super("import rolled back");
  }
}

/**
 * Imports interchange documents: upsert by key, all-or-nothing, idempotent (what is already so
 * is counted unchanged and not written again). Two ways (ADR 012):
 * - `importDocument`: a document value, in one transaction (GraphQL, the demo);
 * - `importStream`: a byte stream of any size, parsed as it comes and written in batches, each
 *   its own transaction with the import's journal, so memory stays flat on both sides; a
 *   refused document, a dry run or `abortImport` undoes what the batches wrote, and
 *   `resumeImport` finishes an import whose process died.
 */
export class ImportService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly telemetry: TelemetrySink = new Telemetry(),
  ) {}

  async importDocument(
    scope: DbScope,
    actor: Actor,
    document: unknown,
    opts: ImportOptions = {},
  ): Promise<ImportResult> {
    authorize(actor, "importing configuration", "EDITOR");
    const dryRun = opts.dryRun ?? false;
    const meta = writeMeta(actor, opts.reason ?? "import");
    return watchImport(this.telemetry, "document", async (watch) => {
      try {
        return await scope.writeTransaction(
          async (tx) => {
            const result = await this.importWithin(tx, actor, document, meta, {
              ...watched(opts, watch),
              dryRun,
              audit: true,
            });
            if (!result.applied) throw new RollBack(result);
            return result;
          },
          {
            timeoutMs: IMPORT_TIMEOUT_MS,
            // the whole document is tried again: it is one transaction
            onRetry: (r) => {
              watch.retried();
              opts.onRetry?.({ ...r, section: "document", done: 0 });
            },
          },
        );
      } catch (e) {
        if (e instanceof RollBack) return e.result;
        throw e;
      }
    });
  }

  /**
   * The import's write path inside the caller's transaction (discovery writes through it):
   * validates and writes the document, and returns what it did. It rolls nothing back: with
   * errors (`applied` false) the caller must roll its transaction back. It audits the document
   * as an IMPORT only when `opts.audit` says so (discovery audits its run itself).
   */
  async importWithin(
    tx: DbTransaction,
    actor: Actor,
    document: unknown,
    meta: WriteMeta,
    opts: ImportOptions & { readonly audit?: boolean } = {},
  ): Promise<ImportResult> {
    const run = new ImportRun(
      new OneTransaction(tx),
      this.catalogue,
      { ...meta, importId: randomUUID() },
      opts.batchSize ?? DEFAULT_BATCH,
      { ...opts, audit: opts.audit ?? false, writers: 1 },
      totalsOf(document),
    );
    return run.execute(documentEvents(document), opts.dryRun ?? false, actor);
  }

  /** A document from a stream of bytes (UTF-8 JSON), journaled batch by batch. */
  async importStream(
    scope: DbScope,
    actor: Actor,
    input: AsyncIterable<Buffer | string>,
    opts: StreamImportOptions,
  ): Promise<ImportResult> {
    authorize(actor, "importing configuration", "EDITOR");
    const unfinished = await findUnfinishedImport(scope);
    if (unfinished) throw importInProgress(unfinished);
    const importId = randomUUID();
    const meta: WriteMeta = { ...writeMeta(actor, opts.reason ?? "import"), importId };
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    const fresh = emptyProgress();
    await scope.writeTransaction((tx) =>
      createImportJournal(
        tx,
        {
          id: importId,
          source: opts.source,
          actor: actor.user,
          reason: meta.reason,
          dryRun: opts.dryRun ?? false,
          batchSize,
          ...fresh,
        },
        meta.now,
      ),
    );
    const journal = new Journal(scope, importId, 0, meta.actor, opts.onRetry);
    const run = new ImportRun(
      journal,
      this.catalogue,
      meta,
      batchSize,
      { ...opts, writers: opts.writers ?? DEFAULT_WRITERS },
      null,
    );
    return this.runJournaled(scope, run, journal, input, opts.dryRun ?? false, actor);
  }

  /**
   * Finishes the import whose process died, from the same document: the entries its journal
   * says were committed are read again (to check the document is the same) but not written.
   */
  async resumeImport(
    scope: DbScope,
    actor: Actor,
    input: AsyncIterable<Buffer | string>,
    opts: ImportOptions = {},
  ): Promise<ImportResult> {
    authorize(actor, "importing configuration", "EDITOR");
    const journal = await findUnfinishedImport(scope);
    if (!journal) throw new NotFoundError("unfinished import", "(none)");
    if (journal.state !== "RUNNING") {
      throw new ConflictError(
        `import ${journal.id} (${journal.source}) was being aborted: finish that with \`graph-cmdb import --abort\``,
        { importId: journal.id, state: journal.state },
      );
    }
    const meta: WriteMeta = {
      ...writeMeta(actor, journal.reason ?? "import"),
      importId: journal.id,
    };
    const writer = new Journal(scope, journal.id, journal.batches, meta.actor, opts.onRetry);
    const run = new ImportRun(
      writer,
      this.catalogue,
      meta,
      opts.batchSize ?? journal.batchSize,
      { ...opts, writers: opts.writers ?? DEFAULT_WRITERS },
      null,
    );
    run.resumeFrom(journal);
    return this.runJournaled(scope, run, writer, input, journal.dryRun, actor);
  }

  /** Undoes what the unfinished import wrote, in batches; run again, it carries on where it stopped. */
  async abortImport(scope: DbScope, actor: Actor): Promise<AbortResult> {
    authorize(actor, "aborting an import", "EDITOR");
    const journal = await findUnfinishedImport(scope);
    if (!journal) throw new NotFoundError("unfinished import", "(none)");
    return this.undo(scope, journal.id, journal.source, actor.user, "aborted");
  }

  /** The import that has not finished (its process died, or it runs now), if any. */
  async unfinishedImport(scope: DbScope): Promise<ImportJournal | null> {
    return findUnfinishedImport(scope);
  }

  /**
   * The imports that have not finished (READER): running now, or stopped half-way and waiting
   * for `graph-cmdb import --resume FILE` or `--abort`; their writes so far are visible.
   */
  async importsInProgress(scope: DbScope, actor: Actor): Promise<ImportInProgress[]> {
    authorize(actor, "reading imports in progress", "READER");
    return inProgress(scope);
  }

  private async runJournaled(
    scope: DbScope,
    run: ImportRun,
    journal: Journal,
    input: AsyncIterable<Buffer | string>,
    dryRun: boolean,
    actor: Actor,
  ): Promise<ImportResult> {
    let result: ImportResult;
    try {
      result = await run.execute(
        readAhead(streamDocumentEvents(input), run.batchSize),
        dryRun,
        actor,
      );
    } catch (e) {
      // a document that is not JSON is refused like any other: what its batches wrote goes
      if (e instanceof InterchangeSyntaxError) {
        await this.undo(scope, journal.id, "", actor.user, "refused: not JSON");
      }
      throw e;
    }
    if (!result.applied) {
      await this.undo(
        scope,
        journal.id,
        "",
        actor.user,
        result.errorCount > 0 ? "refused" : "dry run",
      );
    }
    return { ...result, importId: journal.id };
  }

  private async undo(
    scope: DbScope,
    importId: string,
    source: string,
    user: string,
    outcome: string,
  ): Promise<AbortResult> {
    // ABORTING first: a batch in flight holds the journal's lock until it commits, and any
    // batch after this sees the state and stops, so the undo below sees every write
    await scope.writeTransaction((tx) => setImportState(tx, importId, "ABORTING", outcome, user));
    const total = { relationships: 0, creations: 0, updates: 0, kept: 0 };
    for (const step of ["relationships", "creations", "updates"] as const) {
      for (;;) {
        const { handled, kept } = await undoImportStep(scope, step, importId, UNDO_BATCH);
        total[step] += handled - kept;
        total.kept += kept;
        if (handled === 0) break;
      }
    }
    await scope.writeTransaction((tx) => setImportState(tx, importId, "ABORTED", outcome, user));
    return {
      importId,
      source,
      relationshipsDeleted: total.relationships,
      cisDeleted: total.creations,
      cisRestored: total.updates,
      cisKept: total.kept,
    };
  }
}

/** An import that has not finished, as users are told of it (/readyz, GraphQL). */
export interface ImportInProgress {
  readonly id: string;
  readonly state: "RUNNING" | "ABORTING";
  readonly source: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly dryRun: boolean;
  readonly startedAt: Date;
  /** When its last batch committed (a RUNNING import whose time stands still has stopped). */
  readonly updatedAt: Date;
  readonly batches: number;
  readonly configurationItemsDone: number;
  readonly relationshipsDone: number;
}

/** Every unfinished import, the oldest first (at most 10: there is one at a time but by accident). */
export async function inProgress(scope: DbScope): Promise<ImportInProgress[]> {
  return (await listUnfinishedImports(scope, 10)).map((j) => {
    const position = JSON.parse(j.position) as {
      configurationItems?: number;
      relationships?: number;
    };
    return {
      id: j.id,
      state: j.state === "ABORTING" ? "ABORTING" : "RUNNING",
      source: j.source,
      actor: j.actor,
      reason: j.reason,
      dryRun: j.dryRun,
      startedAt: j.startedAt,
      updatedAt: j.updatedAt,
      batches: j.batches,
      configurationItemsDone: position.configurationItems ?? 0,
      relationshipsDone: position.relationships ?? 0,
    };
  });
}

/**
 * The events, read ahead by up to `entries` while the consumer waits: the next batch is parsed
 * while Neo4j writes this one (Node's own Readable does the buffering). A reading error comes
 * out where the reader met it, or sooner: either way the import is refused and undone.
 */
function readAhead(
  events: AsyncIterable<DocumentEvent>,
  entries: number,
): AsyncIterable<DocumentEvent> {
  return Readable.from(events, { objectMode: true, highWaterMark: entries });
}

function importInProgress(journal: ImportJournal): ConflictError {
  return new ConflictError(
    `import ${journal.id} of ${journal.source} (by ${journal.actor}, started ${journal.startedAt.toISOString()}) ` +
      `has not finished (${journal.state}): finish it with \`graph-cmdb import --resume <the same file>\` ` +
      "or undo it with `graph-cmdb import --abort` first",
    { importId: journal.id, state: journal.state },
  );
}

/** `opts` whose progress `watch` hears of too. */
export function watched(opts: ImportOptions, watch: ImportWatch): ImportOptions {
  return {
    ...opts,
    onProgress: (p) => {
      watch.progress(p.section, p.done, p.total);
      opts.onProgress?.(p);
    },
  };
}

function totalsOf(document: unknown): Partial<Record<ImportProgress["section"], number>> {
  if (typeof document !== "object" || document === null) return {};
  const doc = document as Record<string, unknown>;
  const out: Partial<Record<ImportProgress["section"], number>> = {};
  for (const s of ["configurationItems", "relationships"] as const) {
    const v = doc[s];
    if (Array.isArray(v)) out[s] = v.length;
  }
  return out;
}
