import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Application } from "../../src/application/application.js";
import { DEFAULT_CHANGE_POLICY } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { CypherRegistry } from "../../src/neo4j/cypher-registry.js";
import { createDriver, Database } from "../../src/neo4j/database.js";
import {
  freePort,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
} from "../../src/neo4j/embedded-neo4j.js";
import { migrate } from "../../src/neo4j/migrator.js";
import { ADMIN, errorOf, READER } from "../support/actors.js";
import { CYPHER_DIR, TEST_ADMIN_TOKEN, TEST_IMPACT_LIMITS } from "../support/test-database.js";

/** A document too large for one transaction under a 4 MiB transaction memory limit. */
function bigDocument(count: number) {
  const notes = "x".repeat(1000);
  return {
    configurationItems: Array.from({ length: count }, (_, i) => ({
      key: `app-${String(i).padStart(5, "0")}`,
      name: `Application ${String(i)}`,
      type: "Application",
      attributes: { notes },
    })),
    relationships: Array.from({ length: count - 1 }, (_, i) => ({
      from: `app-${String(i + 1).padStart(5, "0")}`,
      to: `app-${String(i).padStart(5, "0")}`,
      type: "DEPENDS_ON",
    })),
  };
}

/** The document as a stream of 64 KiB chunks, as a file would come. */
function chunksOf(text: string, size = 64 * 1024): AsyncIterable<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
  return Readable.from(chunks);
}

/**
 * A Neo4j of its own whose transactions may use 4 MiB (`db.memory.transaction.max`, set as an
 * operator would, in `<home>/conf/neo4j.conf`): the shared test server keeps its defaults.
 */
describe("importing under Neo4j's transaction memory limit", () => {
  let home = "";
  let neo4j: EmbeddedNeo4j | null = null;
  let current: { db: Database; app: Application } | null = null;
  const ctx = () => {
    if (!current) throw new Error("the limited Neo4j did not start");
    return current;
  };
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-memory-limit-"));
    await mkdir(path.join(home, "conf"));
    await writeFile(path.join(home, "conf", "neo4j.conf"), "db.memory.transaction.max=4MiB\n");
    neo4j = await startEmbeddedNeo4j({
      home,
      port: await freePort(),
      heapMb: 512,
      pageCacheMb: 128,
      log: createLogger("warn", "memory-limit-neo4j"),
    });
    const registry = await CypherRegistry.load(CYPHER_DIR);
    const db = new Database(
      createDriver({
        uri: neo4j.uri,
        username: "neo4j",
        password: neo4j.password,
        database: "neo4j",
      }),
      registry,
      "neo4j",
    );
    await migrate(db.scope(), path.join(CYPHER_DIR, "migrations"));
    const app = new Application(db, {
      adminToken: TEST_ADMIN_TOKEN,
      impact: TEST_IMPACT_LIMITS,
      change: DEFAULT_CHANGE_POLICY,
    });
    await app.catalogue.ensureDefaults(db.scope());
    current = { db, app };
  }, 300_000);
  afterAll(async () => {
    await current?.db.close();
    await neo4j?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("a document over the limit in one transaction fails at once with RESOURCE_LIMIT, naming what to change", async () => {
    const started = Date.now();
    const error = await errorOf(
      ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, bigDocument(3000)),
    );
    expect(error.code).toBe("RESOURCE_LIMIT");
    expect(error.message).toContain("--batch-size");
    expect(error.message).toContain("dbms.memory.transaction.total.max");
    expect(error.details.neo4jCode).toMatch(/^Neo\.TransientError\.General\./);
    // not retried by the driver's retry loop (which would take 30 s and more)
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it("the same document streamed in batches imports whole under the same limit", async () => {
    const retries: string[] = [];
    const result = await ctx().app.imports.importStream(
      ctx().db.scope(),
      ADMIN,
      chunksOf(JSON.stringify(bigDocument(3000))),
      {
        source: "test",
        batchSize: 50,
        onRetry: (r) => retries.push(String(r.neo4jCode)),
      },
    );
    expect(result.errors).toEqual([]);
    expect([result.configurationItems.created, result.relationships.created]).toEqual([3000, 2999]);
    expect(retries).toEqual([]);
    const page = await ctx().app.cis.list(ctx().db.scope(), READER, {}, { first: 1, after: null });
    expect(page.items.map((c) => c.key)).toEqual(["app-00000"]);
  }, 120_000);
});
