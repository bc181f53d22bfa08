import { describe, expect, it } from "vitest";
import type { ExportSink } from "../../src/application/interchange/export.service.js";
import { ADMIN, EDITOR, READER, codeOf } from "../support/actors.js";
import { useTestDatabase, wipeTestData } from "../support/test-database.js";

const document = {
  ciTypes: [
    {
      name: "Cache",
      parent: "Application",
      attributes: [{ name: "engine", type: "string", required: true }],
    },
  ],
  relationshipTypes: [{ name: "CACHES_FOR", inverseName: "CACHED_BY", dependent: "SOURCE" }],
  configurationItems: [
    {
      key: "cartservice",
      name: "Cart service",
      type: "Application",
      owner: "team-cart",
      lifecycle: "PRODUCTION",
    },
    {
      key: "redis-cart",
      name: "redis-cart",
      type: "Cache",
      owner: "team-cart",
      attributes: { engine: "redis" },
      tier: "gold",
    },
    { key: "vm-1", name: "VM 1", type: "VirtualMachine", attributes: { cpuCores: 2 } },
  ],
  relationships: [
    { from: "cartservice", to: "redis-cart", type: "DEPENDS_ON" },
    { from: "redis-cart", to: "vm-1", type: "RUNS_ON" },
    { from: "redis-cart", to: "cartservice", type: "CACHES_FOR" },
  ],
};

describe("importing an interchange document", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const importDoc = (doc: unknown, dryRun = false) =>
    ctx().app.imports.importDocument(scope(), ADMIN, doc, { dryRun, batchSize: 2 });
  const keys = async () =>
    (await ctx().app.cis.list(scope(), READER, {}, { first: 100, after: null })).items.map(
      (c) => c.key,
    );

  it("creates types, CIs and relationships, counting each", async () => {
    const result = await importDoc(document);
    expect(result).toMatchObject({
      applied: true,
      dryRun: false,
      ciTypes: { created: 1, updated: 0, unchanged: 0 },
      relationshipTypes: { created: 1, updated: 0, unchanged: 0 },
      configurationItems: { created: 3, updated: 0, unchanged: 0 },
      relationships: { created: 3, updated: 0, unchanged: 0 },
      errors: [],
    });
    expect(await keys()).toEqual(["cartservice", "redis-cart", "vm-1"]);
  });

  it("puts unknown CI fields into attributes", async () => {
    await importDoc(document);
    const redis = await ctx().app.cis.get(scope(), READER, { key: "redis-cart" });
    expect(redis?.attributes).toEqual({ engine: "redis", tier: "gold" });
  });

  it("is idempotent: the same document twice changes nothing the second time, and says so", async () => {
    await importDoc(document);
    const redis = await ctx().app.cis.get(scope(), READER, { key: "redis-cart" });
    const again = await importDoc(document);
    expect(again).toMatchObject({
      applied: true,
      ciTypes: { created: 0, updated: 0, unchanged: 1 },
      relationshipTypes: { created: 0, updated: 0, unchanged: 1 },
      configurationItems: { created: 0, updated: 0, unchanged: 3 },
      relationships: { created: 0, updated: 0, unchanged: 3 },
    });
    expect((await ctx().app.cis.get(scope(), READER, { key: "redis-cart" }))?.revision).toBe(
      redis?.revision,
    );
  });

  it("upserts by key: a changed CI is updated, with its history saying so", async () => {
    await importDoc(document);
    const changed = {
      configurationItems: [
        { key: "vm-1", name: "VM one", type: "VirtualMachine", attributes: { cpuCores: 4 } },
      ],
    };
    const result = await importDoc(changed);
    expect(result.configurationItems).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const vm = await ctx().app.cis.get(scope(), READER, { key: "vm-1" });
    expect(vm).toMatchObject({ name: "VM one", revision: 2, attributes: { cpuCores: 4 } });
    const [history] = await ctx().app.cis.historyOf(scope(), READER, [vm!.id]);
    expect(history!.map((v) => v.operation)).toEqual(["IMPORT", "IMPORT"]);
  });

  it("gives an imported CI the first version a created one has, its change list not stored", async () => {
    const entry = {
      key: "cache-1",
      name: "Cache 1",
      type: "Cache",
      owner: "team-cart",
      lifecycle: "PRODUCTION",
      criticality: 2,
      attributes: { engine: "redis", nodes: { primary: 1, replicas: [2, 3] } },
    };
    await importDoc({ ciTypes: document.ciTypes, configurationItems: [entry] });
    const created = await ctx().app.cis.create(scope(), EDITOR, { ...entry, key: "cache-2" });
    const imported = await ctx().app.cis.get(scope(), READER, { key: "cache-1" });
    const histories = await ctx().app.cis.historyOf(scope(), READER, [imported!.id, created.id]);
    const ofImport = histories[0]?.[0];
    const ofCreate = histories[1]?.[0];
    expect(ofImport!.operation).toBe("IMPORT");
    expect(ofImport!.state).toEqual({ ...ofCreate!.state, key: "cache-1" });
    expect(ofImport!.changes).toEqual(
      ofCreate!.changes.map((c) => (c.field === "key" ? { ...c, after: "cache-1" } : c)),
    );
    expect(ofImport!.changes.map((c) => c.field)).toEqual([
      "key",
      "name",
      "type",
      "owner",
      "lifecycle",
      "criticality",
      "attributes.engine",
      "attributes.nodes",
    ]);
    const session = ctx().db.driver.session({ database: ctx().db.name });
    try {
      const stored = await session.run(
        "MATCH (ci:CI)-[:HAS_VERSION]->(v:CIVersion) WHERE ci.key IN ['cache-1', 'cache-2'] " +
          "RETURN ci.key AS key, v.changes IS NULL AS implied ORDER BY key",
      );
      expect(
        stored.records.map((r) => [r.get("key") as string, r.get("implied") as boolean]),
      ).toEqual([
        ["cache-1", true],
        ["cache-2", false],
      ]);
    } finally {
      await session.close();
    }
  });

  it("with one deliberate error writes nothing at all and names the offending entry", async () => {
    const broken = {
      ...document,
      configurationItems: [
        ...document.configurationItems,
        { key: "lb-1", name: "LB", type: "LoadBalancer" },
        { key: "c-1", name: "Cluster without minimum", type: "Cluster" },
      ],
    };
    const result = await importDoc(broken);
    expect(result.applied).toBe(false);
    expect(result.errors).toEqual([
      {
        section: "configurationItems",
        index: 4,
        entry: "c-1",
        field: "attributes.minimumMembers",
        message: "c-1: attributes.minimumMembers: is required by type Cluster (got nothing)",
      },
    ]);
    expect(await keys()).toEqual([]);
    expect(
      (await ctx().app.catalogue.read(scope(), READER)).catalogue.ciType("Cache"),
    ).toBeUndefined();
  });

  it("names unknown types and dangling keys, every one of them", async () => {
    const result = await importDoc({
      configurationItems: [
        { key: "a", name: "A", type: "Spaceship" },
        { key: "b", name: "B", type: "Application" },
      ],
      relationships: [
        { from: "b", to: "nowhere", type: "DEPENDS_ON" },
        { from: "b", to: "a", type: "TELEPORTS_TO" },
      ],
    });
    // relationships[1] ends at the refused CI "a": not "no such key", its own unknown type
    expect(result.errors.map((e) => [e.section, e.index, e.field])).toEqual([
      ["configurationItems", 0, "type"],
      ["relationships", 0, "to"],
      ["relationships", 1, "type"],
    ]);
    expect(result.errors[1]!.message).toContain('"nowhere"');
    expect(result.errors[2]!.message).toContain('"TELEPORTS_TO"');
    expect(result.errorCount).toBe(3);
    expect(await keys()).toEqual([]);
  });

  it("reports a refused CI once, not again for each relationship that names it", async () => {
    const result = await importDoc({
      configurationItems: [
        { key: "db", name: "DB", type: "Database", lifecycle: "SOMEDAY" },
        { key: "app", name: "App", type: "Application" },
      ],
      relationships: [
        { from: "app", to: "db", type: "DEPENDS_ON" },
        { from: "app", to: "db", type: "CONSUMES" },
      ],
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'db: lifecycle: must be one of PLANNED, TEST, PRODUCTION, RETIRED (got "SOMEDAY")',
    ]);
    expect(await keys()).toEqual([]);
  });

  it("refuses relationships that break the type rules, and duplicate keys", async () => {
    const result = await importDoc({
      configurationItems: [
        { key: "db", name: "DB", type: "Database" },
        { key: "host", name: "Host", type: "Server" },
        { key: "host", name: "Host again", type: "Server" },
      ],
      relationships: [{ from: "db", to: "host", type: "INSTALLED_ON" }],
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'host: key: appears twice in the document (got "host")',
      'db INSTALLED_ON host: from: is a Database: Database INSTALLED_ON Server is not allowed; INSTALLED_ON may start only at Application, OperatingSystem (or their subtypes) (got "db")',
    ]);
  });

  it("refuses a key stated twice in one batch and one stated again in a later batch", async () => {
    const ci = (key: string, name: string) => ({ key, name, type: "Server" });
    const result = await importDoc({
      // batches of 2: [a, a again], [b, c], [b again]
      configurationItems: [ci("a", "A"), ci("a", "A2"), ci("b", "B"), ci("c", "C"), ci("b", "B2")],
    });
    expect(result.configurationItems).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(result.errors.map((e) => [e.index, e.message])).toEqual([
      [1, 'a: key: appears twice in the document (got "a")'],
      [4, 'b: key: appears twice in the document (got "b")'],
    ]);
  });

  it("finds every imported CI by text as soon as the import returns, though the full-text index is eventually consistent", async () => {
    // ci_search is updated after each commit, in the background (ADR 012, decision 12); the
    // searches wait for it to catch up (db.index.fulltext.awaitEventuallyConsistentIndexRefresh)
    const cis = Array.from({ length: 3000 }, (_, i) => ({
      key: `search-host-${String(i).padStart(4, "0")}`,
      name: `Searchable host ${String(i)}`,
      type: "Server",
    }));
    const { Readable } = await import("node:stream");
    const result = await ctx().app.imports.importStream(
      scope(),
      ADMIN,
      Readable.from([JSON.stringify({ configurationItems: cis })]),
      { source: "test", batchSize: 500 },
    );
    expect(result.configurationItems.created).toBe(3000);
    const found = await ctx().app.cis.list(
      scope(),
      READER,
      { search: "search-host-2999" },
      { first: 10, after: null },
    );
    expect(found.items.map((c) => c.key)).toEqual(["search-host-2999"]);
    const all = await ctx().app.cis.list(
      scope(),
      READER,
      { search: "searchable" },
      {
        first: 10,
        after: null,
      },
    );
    expect(await all.totalCount()).toBe(3000);
    // a write through the API right after, then a search: the same
    await ctx().app.cis.create(scope(), EDITOR, { key: "late-host", name: "Late", type: "Server" });
    const late = await ctx().app.cis.list(
      scope(),
      READER,
      { search: "late-host" },
      {
        first: 10,
        after: null,
      },
    );
    expect(late.items.map((c) => c.key)).toEqual(["late-host"]);
  });

  it("relates new CIs to CIs already in the CMDB by key", async () => {
    await importDoc(document);
    const result = await importDoc({
      configurationItems: [{ key: "checkout", name: "Checkout", type: "Application" }],
      relationships: [{ from: "checkout", to: "cartservice", type: "CONSUMES" }],
    });
    expect(result).toMatchObject({ applied: true, relationships: { created: 1 } });
  });

  it("a dry run reports what would change and writes nothing", async () => {
    const result = await importDoc(document, true);
    expect(result).toMatchObject({
      dryRun: true,
      applied: false,
      configurationItems: { created: 3 },
      relationships: { created: 3 },
    });
    expect(await keys()).toEqual([]);
  });

  it("refuses a document that is not one, naming the section", async () => {
    const result = await importDoc({ configurationItems: {}, servers: [] });
    expect(result.errors.map((e) => e.field)).toEqual(["configurationItems", "servers"]);
  });

  it("lets an EDITOR restate types unchanged, but only an ADMIN change them", async () => {
    await importDoc(document);
    expect((await ctx().app.imports.importDocument(scope(), EDITOR, document)).applied).toBe(true);
    const redefined = {
      relationshipTypes: [{ name: "DEPENDS_ON", inverseName: "USED_BY", dependent: "NONE" }],
    };
    expect(await codeOf(ctx().app.imports.importDocument(scope(), EDITOR, redefined))).toBe(
      "FORBIDDEN",
    );
    const stored = await ctx().app.catalogue.read(scope(), READER);
    expect(stored.catalogue.relationshipType("DEPENDS_ON")?.dependent).toBe("SOURCE");
  });

  it("needs the EDITOR role", async () => {
    expect(await codeOf(ctx().app.imports.importDocument(scope(), READER, document))).toBe(
      "FORBIDDEN",
    );
  });

  it("export then import into an empty CMDB reproduces the graph", async () => {
    await importDoc(document);
    await ctx().app.cis.retire(scope(), EDITOR, { key: "vm-1" }, 1, "gone");
    const exported = await exportToMemory();
    const before = await snapshot();

    await wipeTestData();
    await ctx().app.catalogue.ensureDefaults(scope());
    const result = await importDoc(exported);
    expect(result.errors).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(await exportToMemory()).toEqual(exported);
  });

  async function exportToMemory(): Promise<Record<string, unknown[]>> {
    const doc: Record<string, unknown[]> = {};
    const sink: ExportSink = {
      write: (section, entries) => {
        doc[section] = [...(doc[section] ?? []), ...entries];
        return Promise.resolve();
      },
    };
    await ctx().app.exports.exportAll(scope(), READER, sink);
    return doc;
  }

  /** The graph as sets of tuples: CIs by key with their fields, relationships by keys. */
  async function snapshot(): Promise<unknown> {
    const { items } = await ctx().app.cis.list(scope(), READER, {}, { first: 100, after: null });
    const byId = new Map(items.map((c) => [c.id, c.key]));
    const rels = await ctx().app.relationships.ofCis(
      scope(),
      READER,
      items.map((c) => c.id),
      { asOf: null, includeRemoved: false },
    );
    return {
      cis: items.map((c) => [c.key, c.name, c.type, c.lifecycle, c.owner, c.attributes]),
      relationships: [
        ...new Set(rels.flat().map((r) => `${byId.get(r.fromId)} ${r.type} ${byId.get(r.toId)}`)),
      ].sort(),
    };
  }
});
