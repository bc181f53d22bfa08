import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Application } from "../../src/application/application.js";
import { writeMeta } from "../../src/application/write-meta.js";
import { DEFAULT_CHANGE_POLICY } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { diffCi, newCiFields, parseCiPatch } from "../../src/domain/ci/configuration-item.js";
import { DomainError } from "../../src/domain/errors.js";
import type { CiWrite } from "../../src/neo4j/ci.repository.js";
import { CypherRegistry } from "../../src/neo4j/cypher-registry.js";
import { createDriver, Database } from "../../src/neo4j/database.js";
import {
  freePort,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
} from "../../src/neo4j/embedded-neo4j.js";
import { createImportedCis } from "../../src/neo4j/import.repository.js";
import { migrate } from "../../src/neo4j/migrator.js";
import { ADMIN, errorOf, READER } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { CYPHER_DIR, TEST_ADMIN_TOKEN, TEST_IMPACT_LIMITS } from "../support/test-database.js";

/** A document too large for one transaction under a 4 MiB transaction memory limit. */
function bigDocument(count: number, prefix = "app") {
  const notes = "x".repeat(1000);
  return {
    configurationItems: Array.from({ length: count }, (_, i) => ({
      key: `${prefix}-${String(i).padStart(5, "0")}`,
      name: `Application ${String(i)}`,
      type: "Application",
      attributes: { notes },
    })),
    relationships: Array.from({ length: count - 1 }, (_, i) => ({
      from: `${prefix}-${String(i + 1).padStart(5, "0")}`,
      to: `${prefix}-${String(i).padStart(5, "0")}`,
      type: "DEPENDS_ON",
    })),
  };
}

/** `count` small new CIs as the import writes them (at revision 1). */
function ciWrites(count: number, prefix: string): CiWrite[] {
  return smallKeys(count, prefix).map((key) => {
    const entry = { key, name: key, type: "Application" };
    const { patch } = parseCiPatch(entry, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, entry.key);
    if (!fields) throw new Error(`${entry.key} is not a valid CI`);
    return { id: randomUUID(), fields, operation: "IMPORT", changes: diffCi(null, fields) };
  });
}

function smallKeys(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, "0")}`);
}

/** Waits until `condition` holds; fails at once if `work` ends first (it would never hold). */
async function until(
  condition: () => boolean | Promise<boolean>,
  work: Promise<unknown>,
): Promise<void> {
  const settled = { yet: false };
  work.then(
    () => (settled.yet = true),
    () => (settled.yet = true),
  );
  while (!(await condition())) {
    if (settled.yet) throw new Error(`ended before the condition held: ${String(await work)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
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
describe("importing under Neo4j's transaction memory limit and lock timeout", () => {
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
    // and whose lock waits end after 2 s (a transient error the driver retries)
    await writeFile(
      path.join(home, "conf", "neo4j.conf"),
      "db.memory.transaction.max=4MiB\ndb.lock.acquisition.timeout=2s\n",
    );
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

  afterEach(async () => {
    // a failed test must not leave its import in the way of the next one
    if (current && (await current.app.imports.unfinishedImport(current.db.scope())))
      await current.app.imports.abortImport(current.db.scope(), ADMIN);
  });

  it("a transaction whose statements fit but whose COMMIT is over the limit fails at once with RESOURCE_LIMIT, never tried again", async () => {
    // Neo4j takes the memory of a commit in chunks (2 MiB under a 4 MiB limit): a transaction
    // of small CIs whose statements hold a little over half the limit passes every statement
    // and fails as it commits, with the same transient code. Larger and larger ones until one
    // fails (large entries would fail in the statement first: their parameters count there).
    const { db } = ctx();
    let failed: { count: number; wrote: number; attempts: number; ms: number } | null = null;
    const retries: unknown[] = [];
    let error: DomainError | null = null;
    for (let count = 100; count <= 20_000 && !failed; count = Math.ceil(count * 1.2)) {
      const writes = ciWrites(count, `commit-${String(count)}`);
      let wrote = 0;
      let attempts = 0;
      const started = Date.now();
      try {
        await db.scope().writeTransaction(
          async (tx) => {
            attempts += 1;
            wrote = 0;
            wrote = await createImportedCis(tx, writes, writeMeta(ADMIN, "commit probe"));
          },
          { onRetry: (r) => retries.push(r) },
        );
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        error = e;
        failed = { count, wrote, attempts, ms: Date.now() - started };
      }
    }
    // it failed at COMMIT (the statement had written every CI), once, without a retry
    expect(failed).not.toBeNull();
    expect(failed?.wrote).toBe(failed?.count);
    expect(failed?.attempts).toBe(1);
    expect(retries).toEqual([]);
    expect(error?.code).toBe("RESOURCE_LIMIT");
    expect(error?.message).toContain("--batch-size");
    expect(error?.message).toContain("db.memory.transaction.max");
    expect(error?.details.neo4jCode).toBe("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
    // the driver's retries would have taken 30 s and more
    expect(failed?.ms).toBeLessThan(20_000);
    // and nothing of it was written
    const keys = smallKeys(failed?.count ?? 0, `commit-${String(failed?.count)}`);
    expect(await db.scope().read("ci/find-cis-by-keys", { keys })).toEqual([]);
  }, 180_000);

  it("a streamed batch over the limit fails at once with RESOURCE_LIMIT, is never retried, and resumes in smaller batches", async () => {
    const text = JSON.stringify(bigDocument(3000, "big"));
    const retries: string[] = [];
    const error = await errorOf(
      ctx().app.imports.importStream(ctx().db.scope(), ADMIN, chunksOf(text), {
        source: "test",
        batchSize: 3000,
        onRetry: (r) => retries.push(String(r.neo4jCode)),
      }),
    );
    expect(error.code).toBe("RESOURCE_LIMIT");
    expect(error.message).toContain("--batch-size");
    expect(error.details.neo4jCode).toMatch(/^Neo\.TransientError\.General\./);
    expect(retries).toEqual([]);
    // nothing committed, the import waits to be resumed: in batches Neo4j can hold
    const [unfinished] = await ctx().app.imports.importsInProgress(ctx().db.scope(), ADMIN);
    expect([unfinished?.state, unfinished?.configurationItemsDone]).toEqual(["RUNNING", 0]);
    const resumed = await ctx().app.imports.resumeImport(ctx().db.scope(), ADMIN, chunksOf(text), {
      batchSize: 50,
    });
    expect(resumed.errors).toEqual([]);
    expect([resumed.configurationItems.created, resumed.relationships.created]).toEqual([
      3000, 2999,
    ]);
  }, 180_000);

  it("with two CI writers, a batch over the limit stops the one written beside it: its failure is the import's, the journal keeps the batches before it", async () => {
    const small = (i: number) => ({
      key: `two-${String(i).padStart(3, "0")}`,
      name: "s",
      type: "Application",
    });
    const large = "y".repeat(60_000);
    const cis = Array.from({ length: 300 }, (_, i) =>
      i >= 100 && i < 200 ? { ...small(i), attributes: { notes: large } } : small(i),
    );
    const text = JSON.stringify({ configurationItems: cis });
    const retries: string[] = [];
    const error = await errorOf(
      ctx().app.imports.importStream(ctx().db.scope(), ADMIN, chunksOf(text), {
        source: "test",
        batchSize: 100,
        writers: 2,
        onRetry: (r) => retries.push(String(r.neo4jCode)),
      }),
    );
    expect(error.code).toBe("RESOURCE_LIMIT");
    expect(retries).toEqual([]);
    const [unfinished] = await ctx().app.imports.importsInProgress(ctx().db.scope(), ADMIN);
    expect([unfinished?.state, unfinished?.configurationItemsDone]).toEqual(["RUNNING", 100]);
    // the third batch, written while the second failed, committed nothing
    const stored = await ctx()
      .db.scope()
      .read("ci/find-cis-by-keys", {
        keys: cis.map((c) => c.key),
      });
    expect(stored).toHaveLength(100);
    const resumed = await ctx().app.imports.resumeImport(ctx().db.scope(), ADMIN, chunksOf(text), {
      batchSize: 2,
    });
    expect(resumed.errors).toEqual([]);
    expect(resumed.configurationItems.created).toBe(300);
  }, 180_000);

  it("a batch that waits too long for a lock is tried again, and says so with Neo4j's code", async () => {
    const doc = (name: string) => ({
      configurationItems: [{ key: "held", name, type: "Application" }],
    });
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, doc("Held"));
    const { db } = ctx();
    const holder = db.driver.session({ database: "neo4j" });
    const held = holder.beginTransaction();
    await held.run(db.registry.get("ci/lock-cis-by-keys"), { keys: ["held"] });
    const retries: { attempt: number; neo4jCode: string | null; section: string }[] = [];
    try {
      const importing = ctx().app.imports.importStream(
        db.scope(),
        ADMIN,
        chunksOf(JSON.stringify(doc("Held, renamed"))),
        { source: "test", onRetry: (r) => retries.push(r) },
      );
      // the lock is let go once the batch has been tried again
      await until(() => retries.length > 0, importing);
      await held.rollback();
      const result = await importing;
      expect(result.configurationItems.updated).toBe(1);
    } finally {
      await holder.close();
    }
    expect(retries[0]).toEqual({
      attempt: 2,
      neo4jCode: "Neo.TransientError.Transaction.LockAcquisitionTimeout",
      section: "configurationItems",
      done: 0,
    });
  }, 120_000);

  it("a relationship another writer commits while a batch writes it is CONFLICT, with Neo4j's code, not retried", async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, {
      configurationItems: [
        { key: "race-a", name: "A", type: "Application" },
        { key: "race-b", name: "B", type: "Application" },
      ],
    });
    const { db } = ctx();
    const ids = new Map(
      (await db.scope().read("ci/find-cis-by-keys", { keys: ["race-a", "race-b"] })).map((r) => {
        const ci = r.ci as { key: string; id: string };
        return [ci.key, ci.id];
      }),
    );
    const other = db.driver.session({ database: "neo4j" });
    const writing = other.beginTransaction();
    await writing.run(db.registry.get("relationship/create-relationships"), {
      rows: [
        { id: "race-1", fromId: ids.get("race-a"), toId: ids.get("race-b"), type: "DEPENDS_ON" },
      ],
      now: new Date().toISOString(),
      actor: "other",
      reason: "race",
      rfcId: null,
      importId: null,
    });
    const retries: string[] = [];
    try {
      const importing = errorOf(
        ctx().app.imports.importStream(
          db.scope(),
          ADMIN,
          chunksOf(
            JSON.stringify({
              relationships: [{ from: "race-a", to: "race-b", type: "DEPENDS_ON" }],
            }),
          ),
          { source: "test", onRetry: (r) => retries.push(String(r.neo4jCode)) },
        ),
      );
      // the other writer commits once the batch waits on its signature
      const target = {
        uri: neo4j?.uri ?? "",
        username: "neo4j",
        password: neo4j?.password ?? "",
        database: "neo4j",
      };
      await until(
        async () =>
          Number((await runTestCypher(target, "count-blocked-transactions"))[0]?.blocked) > 0,
        importing,
      );
      await writing.commit();
      const error = await importing;
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("relationship already in force");
      expect(error.details.neo4jCode).toBe("Neo.ClientError.Schema.ConstraintValidationFailed");
      expect(retries).toEqual([]);
    } finally {
      await other.close();
    }
  }, 120_000);
});
