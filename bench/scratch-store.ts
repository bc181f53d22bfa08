// A throwaway embedded Neo4j for the profiling scripts that measure statements on a store of
// their own: started fresh in .data/bench/<name> with the heap and page cache of
// GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB (default 1,536 MiB each), given the product's
// schema (every migration) unless asked not to, and removed once the work is done.
import "reflect-metadata";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { createDriver } from "../src/neo4j/database.js";
import { type EmbeddedNeo4j, freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";

export interface ScratchStore {
  readonly neo4j: EmbeddedNeo4j;
  /** A driver on the store's `neo4j` database, closed after the work. */
  readonly driver: Driver;
  readonly heapMb: number;
  readonly pageCacheMb: number;
}

export async function withScratchStore<T>(
  name: string,
  opts: { readonly migrate: boolean },
  work: (store: ScratchStore) => Promise<T>,
): Promise<T> {
  const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536);
  const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536);
  const home = path.join(projectRoot(), ".data", "bench", name);
  await rm(home, { recursive: true, force: true });
  const log = createLogger("warn", name);
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb,
    pageCacheMb,
    log,
    startTimeoutMs: 600_000,
  });
  try {
    if (opts.migrate) {
      const config = loadConfig({
        NEO4J_URI: neo4j.uri,
        NEO4J_USERNAME: "neo4j",
        NEO4J_PASSWORD: neo4j.password,
        GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
        LOG_LEVEL: "warn",
      });
      const opened = await openApplication(config, log);
      await opened.close();
    }
    const driver = createDriver({
      uri: neo4j.uri,
      username: "neo4j",
      password: neo4j.password,
      database: "neo4j",
    });
    try {
      return await work({ neo4j, driver, heapMb, pageCacheMb });
    } finally {
      await driver.close();
    }
  } finally {
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  }
}
