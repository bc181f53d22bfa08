import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "./domain/actor.js";
import { ConflictError } from "./domain/errors.js";
import type { Config } from "./config/config.js";
import type { Logger } from "./config/logger.js";
import type {
  ImportResult,
  StreamImportOptions,
} from "./application/interchange/import.service.js";
import { planInitialLoadInWorkers } from "./application/interchange/initial-load-workers.js";
import { openApplication } from "./bootstrap.js";
import {
  existingStore,
  promoteStagedDatabase,
  removeStagedDatabase,
  runBulkImport,
  setInitialPassword,
} from "./neo4j/bulk-import.js";
import { awaitIndexes } from "./neo4j/import.repository.js";
import { portIsFree } from "./neo4j/embedded-neo4j.js";
import { DATA_MIGRATIONS_IN_THE_FILES } from "./neo4j/initial-load-files.js";

/**
 * Seconds spent in each step of an initial load (what the bench reports): `check` the data
 * directory (offline: no Neo4j is started to learn it is empty); `files` reading and validating
 * the document, writing the importer's files; `bulkImport` Neo4j's importer; `start` the new
 * store's JVM and first start; `schema` the migrations (constraints built on the spot, indexes
 * created); `indexes` waiting for every index to be populated; `catalogue` the store id and the
 * default catalogue; `complete` the types, the audit entry and the journal's APPLIED.
 */
export const INITIAL_LOAD_STEPS = [
  "check",
  "files",
  "bulkImport",
  "start",
  "schema",
  "indexes",
  "catalogue",
  "complete",
] as const;

export type InitialLoadTimings = Readonly<Record<(typeof INITIAL_LOAD_STEPS)[number], number>>;

export interface InitialLoadOutcome {
  readonly result: ImportResult;
  readonly timings: InitialLoadTimings | null;
}

/**
 * Where an initial load works in the data directory: the importer's files and report, and the
 * marker `in-progress` (the import's id) from just before the importer writes until its store is
 * the `neo4j` database. What it finds here, only a load that was stopped half-way left.
 */
export function initialLoadWorkDir(home: string): string {
  return path.join(home, "initial-load");
}

function markerOf(home: string): string {
  return path.join(initialLoadWorkDir(home), "in-progress");
}

/**
 * `graph-cmdb import --initial FILE` (ADR 012): the first load of an estate into a new embedded
 * data directory through Neo4j's bulk importer. The directory must hold no store (decided from
 * its files: Neo4j is not started to learn it). The document is validated as a streamed import
 * would, against a fresh store's catalogue, and turned into the importer's files; the importer
 * builds a staged database, which becomes the `neo4j` database once it is whole; started, the
 * store gets its migrations (constraints, indexes, awaited until populated) and default
 * catalogue, then the document's types, the audit entry and the journal's APPLIED. A refused
 * document or a dry run stops before the data directory is touched. From the importer's end
 * until the last step the journal says RUNNING (the CMDB shows an import in progress; `import
 * --abort` undoes it, `import --resume FILE` completes it). A load stopped before the importer
 * ended leaves no `neo4j` database: the next `--initial` removes what it left.
 */
export async function runInitialImport(
  config: Config,
  log: Logger,
  actor: Actor,
  input: AsyncIterable<Buffer | string>,
  opts: StreamImportOptions & { readonly onStep?: (step: string) => void },
): Promise<InitialLoadOutcome> {
  if (config.neo4j.uri) {
    throw new ConflictError(
      "--initial loads the embedded store, offline, and NEO4J_URI names another Neo4j: load it " +
        "with `graph-cmdb import FILE`, or with that server's own `neo4j-admin database import`",
    );
  }
  const home = config.embedded.dataDir;
  if (!(await portIsFree(config.embedded.boltPort))) {
    throw new ConflictError(
      `the embedded Neo4j of ${home} is running (127.0.0.1:${String(config.embedded.boltPort)} is in use: ` +
        "the graph-cmdb API, or another command): --initial replaces the store offline, so stop it first",
    );
  }
  const step = stepTimer();
  const work = initialLoadWorkDir(home);
  const marker = markerOf(home);
  if (existsSync(marker)) {
    const id = (await readFile(marker, "utf8")).trim();
    opts.onStep?.(
      `removing what the initial load ${id} left when it was stopped before its store was whole`,
    );
  }
  // only an initial load stopped half-way leaves these; no CMDB ever used them
  await removeStagedDatabase(home);
  await rm(work, { recursive: true, force: true });
  const found = await existingStore(home);
  if (found.length > 0) {
    throw new ConflictError(
      `--initial loads only a new data directory, and ${home} holds a CMDB store already ` +
        `(${found.join(", ")}): import into it with \`graph-cmdb import FILE\` instead (it upserts ` +
        "by key), or point GRAPH_CMDB_DATA_DIR at a new directory",
      { dataDir: home, found },
    );
  }
  const check = step();
  await mkdir(work, { recursive: true });
  try {
    opts.onStep?.("reading the document and writing the bulk importer's files");
    // validated under the limits a started CMDB applies, on threads of their own
    const plan = await planInitialLoadInWorkers(actor, input, work, opts, config.attributes);
    const fileSet = plan.files;
    const files = step();
    if (!plan.result.applied) {
      return { result: plan.result, timings: null };
    }
    await writeFile(marker, `${plan.importId}\n`);
    opts.onStep?.("running Neo4j's bulk importer");
    await Promise.all([
      // the new store's password, set beside the importer, spares its first start a second start
      setInitialPassword(home, log),
      runBulkImport({
        home,
        files: fileSet,
        reportDir: work,
        heapMb: Math.min(config.embedded.heapMb, 4096),
        offHeapMb: config.embedded.pageCacheMb,
        log,
      }),
    ]);
    await promoteStagedDatabase(home);
    // the database is whole: what is left to do, the journal tracks (RUNNING until then)
    await rm(marker, { force: true });
    if (config.testHooks.killInitialLoadAfterRename) process.kill(process.pid, "SIGKILL");
    const bulkImport = step();
    opts.onStep?.("starting the new store (migrations: constraints, indexes)");
    const opening: Partial<Record<"start" | "schema" | "catalogue", number>> = {};
    const after = await openApplication(config, log, {
      initialStore: {
        importId: plan.importId,
        accountedFor: new Set(DATA_MIGRATIONS_IN_THE_FILES.keys()),
      },
      onStepDone: (done) => {
        const key = ({ neo4j: "start", migrations: "schema", ready: "catalogue" } as const)[done];
        opening[key] = step();
      },
    });
    try {
      opts.onStep?.("waiting for the indexes to be populated");
      await awaitIndexes(after.app.db.scope(), INDEX_WAIT_SECONDS);
      const indexes = step();
      await plan.complete(after.app.db.scope());
      return {
        result: plan.result,
        timings: {
          check,
          files,
          bulkImport,
          start: opening.start ?? 0,
          schema: opening.schema ?? 0,
          indexes,
          catalogue: opening.catalogue ?? 0,
          complete: step(),
        },
      };
    } finally {
      await after.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** How long the load waits for its indexes to be populated before it says so. */
const INDEX_WAIT_SECONDS = 3600;

function stepTimer(): () => number {
  let last = Date.now();
  return () => {
    const now = Date.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
}
