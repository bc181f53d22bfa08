import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, errorOf, READER } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { testTarget, useTestDatabase } from "../support/test-database.js";

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

async function* chunksOf(text: string, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
}

describe("importing under Neo4j's transaction memory limit", () => {
  const ctx = useTestDatabase();
  const limit = (value: string) =>
    runTestCypher(testTarget(), "set-transaction-memory-limit", { value });
  afterEach(async () => {
    await limit("");
  });

  it("a document over the limit in one transaction fails at once with RESOURCE_LIMIT, naming what to change", async () => {
    await limit("4MiB");
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
    await limit("4MiB");
    const retries: string[] = [];
    const result = await ctx().app.imports.importStream(
      ctx().db.scope(),
      ADMIN,
      chunksOf(JSON.stringify(bigDocument(3000))),
      {
        source: "test",
        batchSize: 250,
        onRetry: (r) => retries.push(String(r.neo4jCode)),
      },
    );
    expect(result.errors).toEqual([]);
    expect([result.configurationItems.created, result.relationships.created]).toEqual([
      3000, 2999,
    ]);
    expect(retries).toEqual([]);
    const page = await ctx().app.cis.list(ctx().db.scope(), READER, {}, { first: 1, after: null });
    expect(page.items.map((c) => c.key)).toEqual(["app-00000"]);
  }, 120_000);
});
