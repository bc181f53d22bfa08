import { describe, expect, it } from "vitest";
import { listUnfinishedImports } from "../../src/neo4j/import.repository.js";
import { ADMIN, EDITOR, READER, codeOf } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

// What a streamed import's batch must keep, whatever statements write it (ADR 012 decision 11
// measured one statement per batch and did not keep it): a new CI's first version and stored
// nodes, a batch mixing held and new keys, and a batch after an abort.

const types = {
  ciTypes: [
    { name: "Cache", parent: "Application", attributes: [{ name: "engine", type: "string" }] },
  ],
};

const ci = (key: string, name = key) => ({
  key,
  name,
  type: "Cache",
  owner: "team-cart",
  lifecycle: "PRODUCTION",
  criticality: 2,
  attributes: { engine: "redis", nodes: { primary: 1, replicas: [2, 3] } },
});

async function* chunks(...parts: (string | (() => Promise<void>))[]): AsyncIterable<string> {
  for (const part of parts) {
    if (typeof part === "string") yield part;
    else await part();
  }
}

describe("a streamed import's batches", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const stream = (input: AsyncIterable<string>) =>
    ctx().app.imports.importStream(scope(), ADMIN, input, { source: "test", batchSize: 2 });
  const storedCis = async (keys: string[]) => {
    const session = ctx().db.driver.session({ database: ctx().db.name });
    try {
      const rows = await session.run(
        "MATCH (ci:CI)-[:HAS_VERSION]->(v:CIVersion) WHERE ci.key IN $keys " +
          "RETURN ci.key AS key, properties(ci) AS ci, properties(v) AS v ORDER BY key",
        { keys },
      );
      return rows.records.map((r) => ({
        key: r.get("key") as string,
        ci: r.get("ci") as Record<string, unknown>,
        v: r.get("v") as Record<string, unknown>,
      }));
    } finally {
      await session.close();
    }
  };
  const count = async (query: string) => {
    const session = ctx().db.driver.session({ database: ctx().db.name });
    try {
      return Number((await session.run(query)).records[0]?.get(0));
    } finally {
      await session.close();
    }
  };
  const untilBatches = (n: number) => async () => {
    for (let i = 0; i < 600; i++) {
      const [journal] = await listUnfinishedImports(scope(), 10);
      if ((journal?.batches ?? 0) >= n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the import never committed ${String(n)} batches`);
  };

  it("writes new CIs with the first version a created one has, the stored nodes as a one-transaction import's", async () => {
    const result = await stream(
      chunks(
        JSON.stringify({
          ...types,
          configurationItems: [ci("cache-1"), ci("cache-2"), ci("cache-3")],
          relationships: [
            { from: "cache-1", to: "cache-2", type: "DEPENDS_ON" },
            { from: "cache-2", to: "cache-3", type: "DEPENDS_ON" },
            { from: "cache-3", to: "cache-1", type: "DEPENDS_ON" },
          ],
        }),
      ),
    );
    expect(result).toMatchObject({
      applied: true,
      configurationItems: { created: 3, updated: 0, unchanged: 0 },
      relationships: { created: 3, updated: 0, unchanged: 0 },
      errorCount: 0,
    });
    const created = await ctx().app.cis.create(scope(), EDITOR, ci("cache-9", "cache-1"));
    const imported = await ctx().app.cis.get(scope(), READER, { key: "cache-1" });
    const [ofImport, ofCreate] = await ctx().app.cis.historyOf(scope(), READER, [
      imported!.id,
      created.id,
    ]);
    expect(ofImport).toHaveLength(1);
    expect(ofImport![0]!.state).toEqual({ ...ofCreate![0]!.state, key: "cache-1" });
    expect(ofImport![0]!.changes).toEqual(
      ofCreate![0]!.changes.map((c) => (c.field === "key" ? { ...c, after: "cache-1" } : c)),
    );
    // the same stored properties as the separate statements write (a one-transaction import)
    await ctx().app.imports.importDocument(scope(), ADMIN, {
      configurationItems: [ci("cache-4", "cache-1")],
    });
    const [streamed, inOne] = await storedCis(["cache-1", "cache-4"]);
    const shape = (props: Record<string, unknown>) =>
      Object.keys(props)
        .filter((k) => !["id", "ciId", "key", "importId", "relRevision", "reason"].includes(k))
        .sort()
        .map((k) => [k, k.endsWith("At") || k === "validFrom" ? typeof props[k] : props[k]]);
    expect(shape(streamed!.ci)).toEqual(shape(inOne!.ci));
    expect(shape(streamed!.v)).toEqual(shape(inOne!.v));
    expect(streamed!.ci.importId).toBe(result.importId);
    expect(streamed!.v.importId).toBe(result.importId);
    expect(streamed!.v.ciId).toBe(streamed!.ci.id);
    expect(await count("MATCH (s:RelationshipInForce) RETURN count(s)")).toBe(3);
    expect(await count("MATCH (ci:CI {key: 'cache-1'}) RETURN ci.relRevision")).toBe(2);
    expect(await listUnfinishedImports(scope(), 10)).toEqual([]);
  });

  it("writes a batch mixing held and new keys as an upsert: the held CI updated, the new ones created", async () => {
    await stream(chunks(JSON.stringify({ ...types, configurationItems: [ci("cache-2")] })));
    const before = await ctx().app.cis.get(scope(), READER, { key: "cache-2" });
    const result = await stream(
      chunks(
        JSON.stringify({
          configurationItems: [ci("cache-1"), ci("cache-2", "Cache two"), ci("cache-3")],
          relationships: [
            { from: "cache-1", to: "cache-2", type: "DEPENDS_ON" },
            { from: "cache-3", to: "cache-2", type: "DEPENDS_ON" },
          ],
        }),
      ),
    );
    expect(result).toMatchObject({
      applied: true,
      configurationItems: { created: 2, updated: 1, unchanged: 0 },
      relationships: { created: 2, updated: 0, unchanged: 0 },
      errorCount: 0,
    });
    const after = await ctx().app.cis.get(scope(), READER, { key: "cache-2" });
    expect(after).toMatchObject({ id: before!.id, name: "Cache two", revision: 2 });
    const [history] = await ctx().app.cis.historyOf(scope(), READER, [before!.id]);
    expect(history!.map((v) => v.operation)).toEqual(["IMPORT", "IMPORT"]);
    expect(await count("MATCH (ci:CI) RETURN count(ci)")).toBe(3);
    expect(await count("MATCH (v:CIVersion) RETURN count(v)")).toBe(4);
  });

  it("writes CI batches several at once, committing them in order: the journal's progress a prefix of whole batches", async () => {
    const cis = Array.from({ length: 21 }, (_, i) => ci(`cache-${String(i).padStart(2, "0")}`));
    const done: number[] = [];
    const result = await ctx().app.imports.importStream(
      scope(),
      ADMIN,
      chunks(JSON.stringify({ ...types, configurationItems: cis })),
      { source: "test", batchSize: 2, writers: 3, onProgress: (p) => done.push(p.done) },
    );
    expect(result).toMatchObject({
      applied: true,
      configurationItems: { created: 21, updated: 0, unchanged: 0 },
      errorCount: 0,
    });
    expect(done).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 21]);
    expect(await count("MATCH (ci:CI) RETURN count(ci)")).toBe(21);
    expect(await count("MATCH (:CI)-[:HAS_VERSION]->(v:CIVersion) RETURN count(v)")).toBe(21);
    expect(await count("MATCH (i:Import) RETURN max(i.batches)")).toBe(11);
  });

  it("finds a key stated again in a batch written at the same time as the first", async () => {
    const code = await stream(
      chunks(
        JSON.stringify({
          ...types,
          configurationItems: [ci("cache-1"), ci("cache-2"), ci("cache-3"), ci("cache-1")],
        }),
      ),
    );
    expect(code).toMatchObject({ applied: false, errorCount: 1 });
    expect(code.errors[0]).toMatchObject({
      section: "configurationItems",
      index: 3,
      field: "key",
    });
    expect(code.errors[0]?.message).toContain("appears twice");
    expect(await count("MATCH (ci:CI) RETURN count(ci)")).toBe(0);
  });

  it("refuses a CI batch after the import was aborted, and writes nothing of it", async () => {
    const head = JSON.stringify({ ...types, configurationItems: [ci("cache-1"), ci("cache-2")] });
    const code = await codeOf(
      stream(
        chunks(
          `${head.slice(0, -2)},`,
          untilBatches(1),
          async () => {
            await ctx().app.imports.abortImport(scope(), ADMIN);
          },
          `${JSON.stringify(ci("cache-3"))},${JSON.stringify(ci("cache-4"))}]}`,
        ),
      ),
    );
    expect(code).toBe("CONFLICT");
    expect(await count("MATCH (ci:CI) RETURN count(ci)")).toBe(0);
    expect(await count("MATCH (v:CIVersion) RETURN count(v)")).toBe(0);
  });

  it("refuses a relationship batch after the import was aborted, and writes nothing of it", async () => {
    const cis = [ci("cache-1"), ci("cache-2"), ci("cache-3"), ci("cache-4")];
    const code = await codeOf(
      stream(
        chunks(
          `${JSON.stringify({ ...types, configurationItems: cis }).slice(0, -1)},`,
          untilBatches(2),
          async () => {
            await ctx().app.imports.abortImport(scope(), ADMIN);
          },
          `"relationships":[{"from":"cache-1","to":"cache-2","type":"DEPENDS_ON"}]}`,
        ),
      ),
    );
    expect(code).toBe("CONFLICT");
    expect(await count("MATCH ()-[r:DEPENDS_ON]->() RETURN count(r)")).toBe(0);
    expect(await count("MATCH (s:RelationshipInForce) RETURN count(s)")).toBe(0);
    expect(await count("MATCH (ci:CI) RETURN count(ci)")).toBe(0);
  });
});
