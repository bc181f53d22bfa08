import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, describe, expect, it } from "vitest";
import { Metrics } from "../../src/http/metrics.js";
import type { CypherName } from "../../src/neo4j/cypher-names.js";
import { CypherRegistry } from "../../src/neo4j/cypher-registry.js";
import { Database } from "../../src/neo4j/database.js";
import { testTarget } from "../support/test-database.js";

const TEST_CYPHER = path.join(import.meta.dirname, "..", "support", "cypher");
const COUNT_NODES = "count-nodes" as CypherName;

/** One sample of a scrape, by name and labels; 0 when the series is not there. */
async function sample(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | null> {
  const text = await metrics.registry.getSingleMetricAsString(name);
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  const line = text
    .split("\n")
    .find((l) => l.startsWith(wanted ? `${name}{${wanted}} ` : `${name} `));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(" ") + 1));
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never saw ${what}`);
}

describe("the Neo4j pool as the metrics see it", () => {
  const opened: Database[] = [];
  async function database(
    config: {
      uri?: string;
      maxConnectionPoolSize?: number;
      connectionAcquisitionTimeout?: number;
    } = {},
  ): Promise<{ db: Database; metrics: Metrics }> {
    const target = testTarget();
    const driver = neo4j.driver(
      config.uri ?? target.uri,
      neo4j.auth.basic(target.username, target.password),
      {
        disableLosslessIntegers: true,
        maxConnectionPoolSize: config.maxConnectionPoolSize ?? 50,
        connectionAcquisitionTimeout: config.connectionAcquisitionTimeout ?? 30_000,
      },
    );
    const registry = await CypherRegistry.load(TEST_CYPHER, [COUNT_NODES]);
    const db = new Database(driver, registry, target.database);
    opened.push(db);
    const metrics = new Metrics(() => ({ state: "external", restarts: 0 }), {
      sessions: db.sessions,
      connectionPool: () => db.connectionPool(),
    });
    return { db, metrics };
  }
  afterAll(async () => {
    for (const d of opened) await d.close();
  });

  it("counts a session open while its transaction runs, and none once it has closed", async () => {
    const { db, metrics } = await database({ maxConnectionPoolSize: 7 });
    // before the first connection the driver has no pool to read: the pool gauges are absent
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_connections", { state: "idle" })).toBe(
      null,
    );
    await db.scope().read(COUNT_NODES);
    const during = await db.scope().writeTransaction(async (tx) => {
      await tx.run(COUNT_NODES);
      return {
        write: await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "write" }),
        read: await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "read" }),
        inUse: await sample(metrics, "graph_cmdb_neo4j_pool_connections", { state: "in_use" }),
      };
    });
    expect(during).toEqual({ write: 1, read: 0, inUse: 1 });
    expect(await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "write" })).toBe(0);
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_connections", { state: "in_use" })).toBe(0);
    // the connection went back to the pool, which this driver was told holds at most 7
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_connections", { state: "idle" })).toBe(1);
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_max_connections")).toBe(7);
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_waiting")).toBe(0);
  });

  it("shows a session waiting for a full pool, then counts its acquisition timeout", async () => {
    const { db, metrics } = await database({
      maxConnectionPoolSize: 1,
      connectionAcquisitionTimeout: 5_000,
    });
    const timeouts = () =>
      sample(metrics, "graph_cmdb_neo4j_connection_failures_total", {
        code: "ConnectionAcquisitionTimedOut",
      });
    expect(await timeouts()).toBe(0);
    const waited = await db.scope().writeTransaction(async (tx) => {
      await tx.run(COUNT_NODES);
      const refused = db
        .scope()
        .read(COUNT_NODES)
        .then(
          () => null,
          (e: unknown) => e,
        );
      await until(
        async () => (await sample(metrics, "graph_cmdb_neo4j_pool_waiting")) === 1,
        "the second session waiting for the pool's only connection",
      );
      const seen = {
        read: await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "read" }),
        write: await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "write" }),
        inUse: await sample(metrics, "graph_cmdb_neo4j_pool_connections", { state: "in_use" }),
      };
      return { seen, error: await refused };
    });
    expect(waited.seen).toEqual({ read: 1, write: 1, inUse: 1 });
    expect(String(waited.error)).toMatch(/Connection acquisition timed out/);
    expect(await timeouts()).toBe(1);
    expect(await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "read" })).toBe(0);
    expect(await sample(metrics, "graph_cmdb_neo4j_pool_waiting")).toBe(0);
  });

  it("counts each attempt that finds no Neo4j as ServiceUnavailable, and closes its sessions", async () => {
    // nothing listens on port 1
    const { db, metrics } = await database({ uri: "bolt://127.0.0.1:1" });
    await expect(db.scope().readAutoCommit((tx) => tx.run(COUNT_NODES))).rejects.toThrow(
      /unavailable/i,
    );
    // an auto-commit read is tried three times
    expect(
      await sample(metrics, "graph_cmdb_neo4j_connection_failures_total", {
        code: "ServiceUnavailable",
      }),
    ).toBe(3);
    expect(await sample(metrics, "graph_cmdb_neo4j_sessions_open", { mode: "read" })).toBe(0);
  });
});
