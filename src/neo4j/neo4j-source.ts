import type { Config } from "../config/config.js";
import type { Logger } from "../config/logger.js";
import { createDriver, type DatabaseTarget } from "./database.js";
import { startEmbeddedNeo4j } from "./embedded-neo4j.js";

/** Where this process's Neo4j came from, and how to let go of it. */
export interface Neo4jSource {
  readonly kind: "uri" | "embedded" | "embedded-shared";
  readonly target: DatabaseTarget;
  /** Stops what this process started (the embedded Neo4j); a no-op for a server it only uses. */
  stop(): Promise<void>;
}

/**
 * The product's Neo4j: `NEO4J_URI` when set, else the embedded Neo4j Community in the data
 * directory. (`docker compose up` runs the API with NEO4J_URI pointing at its Neo4j container.)
 * With `shareRunning`, an embedded Neo4j already listening on the configured port is used
 * instead of starting a second one (the CLI beside a running server).
 */
export async function openNeo4j(
  config: Config,
  log: Logger,
  opts: { shareRunning?: boolean } = {},
): Promise<Neo4jSource> {
  const credentials = {
    username: config.neo4j.username,
    password: config.neo4j.password,
    database: config.neo4j.database,
  };
  if (config.neo4j.uri) {
    log.info({ uri: config.neo4j.uri }, "using the Neo4j named by NEO4J_URI");
    return { kind: "uri", target: { uri: config.neo4j.uri, ...credentials }, stop: async () => {} };
  }
  const embeddedUri = `bolt://127.0.0.1:${String(config.embedded.boltPort)}`;
  if (opts.shareRunning && (await answersBolt(embeddedUri))) {
    log.info({ uri: embeddedUri }, "using the embedded Neo4j of the running graph-cmdb");
    return {
      kind: "embedded-shared",
      target: { uri: embeddedUri, username: "neo4j", password: "", database: "neo4j" },
      stop: async () => {},
    };
  }
  const { heapMb, pageCacheMb, memoryBasis } = config.embedded;
  log.info(
    { heapMb, pageCacheMb, basis: memoryBasis },
    `starting the embedded Neo4j: heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB (${memoryBasis})`,
  );
  const embedded = await startEmbeddedNeo4j({
    home: config.embedded.dataDir,
    port: config.embedded.boltPort,
    heapMb: config.embedded.heapMb,
    pageCacheMb: config.embedded.pageCacheMb,
    log,
  });
  return {
    kind: "embedded",
    target: { uri: embedded.uri, username: "neo4j", password: "", database: "neo4j" },
    stop: () => embedded.stop(),
  };
}

async function answersBolt(uri: string): Promise<boolean> {
  const driver = createDriver({ uri, username: "neo4j", password: "", database: "neo4j" });
  try {
    await driver.getServerInfo();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}
