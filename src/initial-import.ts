import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "./domain/actor.js";
import { ConflictError } from "./domain/errors.js";
import type { Config } from "./config/config.js";
import type { Logger } from "./config/logger.js";
import type {
  ImportResult,
  StreamImportOptions,
} from "./application/interchange/import.service.js";
import { checkStoreIsEmpty, planInitialLoad } from "./application/interchange/initial-load.js";
import { openApplication } from "./bootstrap.js";
import { removeDatabase, runBulkImport } from "./neo4j/bulk-import.js";
import { portIsFree } from "./neo4j/embedded-neo4j.js";

/**
 * Seconds spent in each step of an initial load (what the bench reports): `open` starting the
 * store, checking it is empty, reading its catalogue; `files` reading and validating the
 * document, writing the importer's files; `bulkImport` Neo4j's importer; `start` the new store's
 * start (migrations: constraints, indexes; the default catalogue); `complete` the types, the
 * audit entry and the journal's APPLIED.
 */
export type InitialLoadTimings = Readonly<
  Record<"open" | "files" | "bulkImport" | "start" | "complete", number>
>;

export interface InitialLoadOutcome {
  readonly result: ImportResult;
  readonly timings: InitialLoadTimings | null;
}

/** Left in the data directory while an initial load replaces its database; gone once it is done. */
export function initialLoadMarker(home: string): string {
  return path.join(home, "initial-load-in-progress");
}

/**
 * `graph-cmdb import --initial FILE` (ADR 012): the first load of an estate into an empty
 * embedded store through Neo4j's bulk importer. The store is started to check it is empty and
 * to read its catalogue; the document is validated as a streamed import would and turned into
 * the importer's files; the store is stopped and replaced by the importer's; started again, it
 * gets its migrations (constraints, indexes) and default catalogue, then the document's types,
 * the audit entry and the journal's APPLIED. A refused document or a dry run stops before the
 * store is touched. Until the last step the journal says RUNNING (the CMDB shows an import in
 * progress; `import --abort` undoes it, `import --resume FILE` completes it).
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
  const marker = initialLoadMarker(home);
  if (existsSync(marker)) {
    // only an initial load that was stopped half-way leaves it: what it left is no CMDB yet
    opts.onStep?.("removing the store an interrupted initial load left");
    await removeDatabase(home);
  }
  const step = stepTimer();
  opts.onStep?.("starting the store to check it is empty");
  const before = await openApplication(config, log);
  let plan: Awaited<ReturnType<typeof planInitialLoad>>;
  const dir = path.join(
    path.dirname(home),
    `initial-load-${String(process.pid)}-${String(Date.now())}`,
  );
  try {
    await checkStoreIsEmpty(before.app.db.scope());
    const open = step();
    await mkdir(dir, { recursive: true });
    opts.onStep?.("reading the document and writing the bulk importer's files");
    plan = await planInitialLoad(
      before.app.db.scope(),
      before.app.catalogue,
      actor,
      input,
      dir,
      opts,
    );
    const fileSet = await plan.files.close();
    const files = step();
    if (!plan.result.applied) {
      return { result: plan.result, timings: null };
    }
    await before.close();
    await writeFile(marker, `${plan.importId}\n`);
    opts.onStep?.("running Neo4j's bulk importer");
    await runBulkImport({
      home,
      files: fileSet,
      reportDir: dir,
      heapMb: Math.min(config.embedded.heapMb, 4096),
      offHeapMb: config.embedded.pageCacheMb,
      log,
    });
    // the database is whole again: what is left to do, the journal tracks (RUNNING until then)
    await rm(marker, { force: true });
    const bulkImport = step();
    opts.onStep?.("starting the new store (migrations, constraints, indexes)");
    const after = await openApplication(config, log);
    try {
      const start = step();
      await plan.complete(after.app.db.scope());
      return {
        result: plan.result,
        timings: { open, files, bulkImport, start, complete: step() },
      };
    } finally {
      await after.close();
    }
  } finally {
    await before.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

function stepTimer(): () => number {
  let last = Date.now();
  return () => {
    const now = Date.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
}
