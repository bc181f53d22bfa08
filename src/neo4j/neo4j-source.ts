import type { Config } from "../config/config.js";
import type { Logger } from "../config/logger.js";
import { createDriver, type DatabaseTarget, type Neo4jAvailability } from "./database.js";
import {
  Neo4jUnavailableError,
  passwordFileOf,
  portIsFree,
  readEmbeddedPassword,
  readRecordedBoltPort,
} from "./embedded-neo4j.js";
import { EmbeddedSupervisor } from "./embedded-supervisor.js";

/** What the health endpoints and metrics say about Neo4j's process. */
export interface Neo4jHealth {
  /** external: a Neo4j this process does not run (NEO4J_URI, or another graph-cmdb's). */
  readonly state: "up" | "restarting" | "failed" | "stopped" | "external";
  readonly restarts: number;
}

/** Where this process's Neo4j came from, and how to let go of it. */
export interface Neo4jSource {
  readonly kind: "uri" | "embedded" | "embedded-shared";
  readonly target: DatabaseTarget;
  /** The embedded Neo4j's data directory (null for NEO4J_URI). */
  readonly home: string | null;
  /** Whether Neo4j is there, for a Neo4j this process supervises; null otherwise. */
  readonly availability: Neo4jAvailability | null;
  health(): Neo4jHealth;
  /** Stops what this process started (the embedded Neo4j); a no-op for a server it only uses. */
  stop(): Promise<void>;
}

const EXTERNAL: Neo4jHealth = { state: "external", restarts: 0 };

/**
 * The product's Neo4j: `NEO4J_URI` when set, else the embedded Neo4j Community in the data
 * directory, supervised (restarted when it dies; `onGiveUp` when it cannot be). With
 * `shareRunning`, an embedded Neo4j already listening on the configured port is used instead of
 * starting a second one (the CLI beside a running server), with the data directory's password.
 */
export async function openNeo4j(
  config: Config,
  log: Logger,
  opts: { shareRunning?: boolean; onGiveUp?: (error: Error) => void } = {},
): Promise<Neo4jSource> {
  if (config.neo4j.uri) {
    log.info({ uri: config.neo4j.uri }, "using the Neo4j named by NEO4J_URI");
    return {
      kind: "uri",
      target: {
        uri: config.neo4j.uri,
        username: config.neo4j.username,
        password: config.neo4j.password,
        database: config.neo4j.database,
      },
      home: null,
      availability: null,
      health: () => EXTERNAL,
      stop: async () => {},
    };
  }
  const home = config.embedded.dataDir;
  const port = config.embedded.boltPort;
  const target = opts.shareRunning ? await runningTarget(port, home) : null;
  if (target !== null) {
    log.info({ uri: target.uri }, "using the embedded Neo4j of the running graph-cmdb");
    return {
      kind: "embedded-shared",
      target,
      home,
      availability: null,
      health: () => EXTERNAL,
      stop: async () => {},
    };
  }
  const { heapMb, pageCacheMb, memoryBasis } = config.embedded;
  log.info(
    { heapMb, pageCacheMb, basis: memoryBasis },
    `starting the embedded Neo4j: heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB (${memoryBasis})`,
  );
  const supervisor = await EmbeddedSupervisor.start({
    home,
    port,
    heapMb: config.embedded.heapMb,
    pageCacheMb: config.embedded.pageCacheMb,
    maxRestarts: config.embedded.maxRestarts,
    startTimeoutMs: config.embedded.startTimeoutMs,
    log,
    ...(opts.onGiveUp ? { onGiveUp: opts.onGiveUp } : {}),
  });
  return {
    kind: "embedded",
    target: {
      uri: supervisor.uri,
      username: "neo4j",
      password: supervisor.password,
      database: "neo4j",
    },
    home,
    availability: supervisor,
    health: () => {
      const { state, restarts } = supervisor.status();
      return { state, restarts };
    },
    stop: () => supervisor.stop(),
  };
}

/**
 * The embedded Neo4j already running on `home`: the one listening on the configured port (refused
 * with the reason when it is not `home`'s), else the one `home`'s Neo4j recorded when it started
 * (a server given another GRAPH_CMDB_EMBEDDED_BOLT_PORT) if it still listens there and takes
 * `home`'s password; null when there is none, and this process starts its own.
 */
async function runningTarget(configured: number, home: string): Promise<DatabaseTarget | null> {
  if (!(await portIsFree(configured))) {
    return sharedTarget(`bolt://127.0.0.1:${String(configured)}`, home);
  }
  const recorded = await readRecordedBoltPort(home);
  if (recorded === null || recorded === configured || (await portIsFree(recorded))) return null;
  try {
    return await sharedTarget(`bolt://127.0.0.1:${String(recorded)}`, home);
  } catch (e) {
    // a stale record: the port is now someone else's
    if (e instanceof Neo4jUnavailableError) return null;
    throw e;
  }
}

/** The running embedded Neo4j of `home`, reached with `home`'s password, or a clear refusal. */
async function sharedTarget(uri: string, home: string): Promise<DatabaseTarget> {
  let password: string;
  try {
    password = await readEmbeddedPassword(home);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    throw new Neo4jUnavailableError(
      `something listens on ${uri} (GRAPH_CMDB_EMBEDDED_BOLT_PORT), but the data directory ${home} ` +
        `has no Neo4j password (${passwordFileOf(home)}): it is not this data directory's Neo4j. ` +
        "Stop it, or choose another port or data directory.",
    );
  }
  const target = { uri, username: "neo4j", password, database: "neo4j" };
  const driver = createDriver(target);
  try {
    await driver.getServerInfo();
    return target;
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    throw new Neo4jUnavailableError(
      code === "Neo.ClientError.Security.Unauthorized"
        ? `the Neo4j on ${uri} refuses the password of the data directory ${home}: it is another ` +
            "store (another checkout's or data directory's graph-cmdb). Stop it, or choose another " +
            "port (GRAPH_CMDB_EMBEDDED_BOLT_PORT) or data directory (GRAPH_CMDB_DATA_DIR)."
        : `something listens on ${uri} (GRAPH_CMDB_EMBEDDED_BOLT_PORT) but does not answer as ` +
            `Neo4j (${(e as Error).message.split("\n")[0] ?? ""}). Stop it, or choose another port.`,
    );
  } finally {
    await driver.close();
  }
}
