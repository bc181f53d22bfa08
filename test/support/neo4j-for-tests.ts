import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { createLogger } from "../../src/config/logger.js";
import { createDriver, type DatabaseTarget } from "../../src/neo4j/database.js";
import {
  ensureEmbeddedBuilt,
  freePort,
  startEmbeddedNeo4j,
} from "../../src/neo4j/embedded-neo4j.js";

export interface TestNeo4j {
  readonly target: DatabaseTarget;
  readonly source: "NEO4J_URI" | "testcontainers" | "embedded";
  readonly startupMs: number;
  stop(): Promise<void>;
}

const say = (line: string): void => {
  process.stderr.write(`[test neo4j] ${line}\n`);
};

/**
 * One Neo4j for the whole run: NEO4J_URI when set, else a container when a Docker engine
 * answers, else a throw-away embedded Neo4j. GRAPH_CMDB_TEST_NEO4J=embedded|docker forces one.
 */
export async function startTestNeo4j(): Promise<TestNeo4j> {
  const forced = process.env.GRAPH_CMDB_TEST_NEO4J;
  if (process.env.NEO4J_URI && !forced) {
    say(`using NEO4J_URI ${process.env.NEO4J_URI}`);
    return {
      source: "NEO4J_URI",
      startupMs: 0,
      target: {
        uri: process.env.NEO4J_URI,
        username: process.env.NEO4J_USERNAME ?? "neo4j",
        password: process.env.NEO4J_PASSWORD ?? "",
        database: process.env.NEO4J_DATABASE ?? "neo4j",
      },
      stop: async () => {},
    };
  }
  if (forced !== "embedded") {
    const container = await tryContainer();
    if (container) return container;
    if (forced === "docker")
      throw new Error("GRAPH_CMDB_TEST_NEO4J=docker, but no container could start");
  }
  const home = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-test-neo4j-"));
  const port = await freePort();
  const embedded = await startEmbeddedNeo4j({
    home,
    port,
    heapMb: 1024,
    pageCacheMb: 256,
    // a shared, loaded machine has taken over three minutes to start it
    startTimeoutMs: 600_000,
    log: createLogger("warn", "test-neo4j"),
  });
  say(
    `embedded Neo4j at ${embedded.uri} (started in ${String(embedded.startupMs)} ms, data in ${home})`,
  );
  return {
    source: "embedded",
    startupMs: embedded.startupMs,
    target: {
      uri: embedded.uri,
      username: "neo4j",
      password: embedded.password,
      database: "neo4j",
    },
    stop: async () => {
      await embedded.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function tryContainer(): Promise<TestNeo4j | null> {
  const started = Date.now();
  try {
    const { Neo4jContainer } = await import("@testcontainers/neo4j");
    // the walk plugin in the image's /plugins, as docker-compose.yml mounts it
    const plugin = await ensureEmbeddedBuilt(createLogger("warn", "test-neo4j")).then(
      (built) => built.plugin,
      (e: unknown) => {
        say(`no walk plugin for the container (${(e as Error).message.split("\n")[0] ?? ""})`);
        return null;
      },
    );
    const container = await new Neo4jContainer("neo4j:5.26-community")
      .withPassword("graph-cmdb-tests")
      .withEnvironment({ NEO4J_dbms_security_procedures_allowlist: "graphcmdb.*" })
      .withCopyFilesToContainer(
        plugin ? [{ source: plugin, target: `/plugins/${path.basename(plugin)}` }] : [],
      )
      .start();
    say(`Neo4j container at ${container.getBoltUri()}`);
    return {
      source: "testcontainers",
      startupMs: Date.now() - started,
      target: {
        uri: container.getBoltUri(),
        username: container.getUsername(),
        password: container.getPassword(),
        database: "neo4j",
      },
      stop: async () => {
        await container.stop();
      },
    };
  } catch (e) {
    say(`no container (${(e as Error).message.split("\n")[0] ?? ""}); using the embedded Neo4j`);
    return null;
  }
}

export async function runTestCypher(
  target: DatabaseTarget,
  file: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const text = await readFile(new URL(`./cypher/${file}.cypher`, import.meta.url), "utf8");
  const driver = createDriver(target);
  const session = driver.session({
    database: target.database,
    defaultAccessMode: neo4j.session.WRITE,
  });
  try {
    const result = await session.run(text, params);
    return result.records.map((r) => r.toObject());
  } finally {
    await session.close();
    await driver.close();
  }
}

/**
 * Refuses a database it was not given for testing: it must be empty, or carry the marker that
 * an earlier test run left. Wiping someone's CMDB by a wrong NEO4J_URI must be impossible.
 */
export async function claimForTests(target: DatabaseTarget): Promise<void> {
  const [row] = await runTestCypher(target, "count-nodes");
  const nodes = Number(row?.nodes ?? 0);
  const markers = Number(row?.markers ?? 0);
  if (markers === 0 && nodes > 0) {
    throw new Error(
      `refusing to run the tests against ${target.uri}: it holds ${String(nodes)} nodes and is not a ` +
        "graph-cmdb test database. Point NEO4J_URI at an empty database, or unset it to use the embedded one.",
    );
  }
  await runTestCypher(target, "create-test-marker");
}
