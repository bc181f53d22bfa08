import { describe, expect, it } from "vitest";
import { ADMIN, EDITOR, READER, codeOf, errorOf } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

describe("configuration items", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const cis = () => ctx().app.cis;

  const webServer = {
    key: "web-01",
    name: "Web 01",
    type: "Server",
    owner: "team-web",
    attributes: { cpuCores: 4 },
  };

  it("are created at revision 1 with defaults, and read back by id and by key", async () => {
    const created = await cis().create(scope(), EDITOR, webServer, "new host");
    expect(created).toMatchObject({
      key: "web-01",
      type: "Server",
      lifecycle: "PLANNED",
      revision: 1,
      owner: "team-web",
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cis().get(scope(), READER, { id: created.id }))?.key).toBe("web-01");
    expect((await cis().get(scope(), READER, { key: "web-01" }))?.id).toBe(created.id);
  });

  it("refuse a duplicate key with CONFLICT", async () => {
    await cis().create(scope(), EDITOR, webServer);
    expect(await codeOf(cis().create(scope(), EDITOR, { ...webServer, name: "Other" }))).toBe(
      "CONFLICT",
    );
  });

  it("are checked against their type: unknown type, missing required attribute, wrong attribute type", async () => {
    const unknownType = await errorOf(
      cis().create(scope(), EDITOR, { key: "x", name: "X", type: "Toaster" }),
    );
    expect(unknownType.message).toMatch(/^CI x: type: is not a CI type.*"Toaster"/);

    const missing = await errorOf(
      cis().create(scope(), EDITOR, { key: "c1", name: "C1", type: "Cluster" }),
    );
    expect(missing.message).toContain(
      "CI c1: attributes.minimumMembers: is required by type Cluster",
    );

    const wrongType = await errorOf(
      cis().create(scope(), EDITOR, {
        key: "s1",
        name: "S1",
        type: "VirtualMachine",
        attributes: { cpuCores: "four" },
      }),
    );
    expect(wrongType.code).toBe("VALIDATION");
    // inherited from Server: VirtualMachine's parent declares cpuCores as integer
    expect(wrongType.message).toContain(
      'attributes.cpuCores: must be of JSON type integer (type VirtualMachine) (got "four")',
    );
    expect(await cis().list(scope(), READER, {}, { first: 10, after: null })).toMatchObject({
      items: [],
    });
  });

  it("name the field and the value of a malformed input", async () => {
    const e = await errorOf(
      cis().create(scope(), EDITOR, { key: "bad key!", name: "", type: "Server" }),
    );
    expect(e.details).toMatchObject({ field: "key", value: "bad key!" });
    const crit = await errorOf(
      cis().create(scope(), EDITOR, {
        key: "bs",
        name: "BS",
        type: "BusinessService",
        criticality: 9,
      }),
    );
    expect(crit.message).toContain(
      "criticality: must be an integer from 1 (most critical) to 4 (got 9)",
    );
  });

  it("update at the revision read, keep what is not stated, and bump the revision", async () => {
    const created = await cis().create(scope(), EDITOR, webServer);
    const updated = await cis().update(
      scope(),
      EDITOR,
      { key: "web-01" },
      1,
      { lifecycle: "PRODUCTION", attributes: { cpuCores: 8 } },
      "scaled up",
    );
    expect(updated).toMatchObject({
      id: created.id,
      revision: 2,
      lifecycle: "PRODUCTION",
      owner: "team-web",
      attributes: { cpuCores: 8 },
    });
  });

  it("update attributes as a merge patch: the given ones set, null ones removed, the rest kept", async () => {
    const app = await cis().create(scope(), EDITOR, {
      key: "billing",
      name: "Billing",
      type: "Application",
      attributes: { jvm: "11", language: "java", repository: "git@example.org:billing" },
    });
    const updated = await cis().update(scope(), EDITOR, { key: "billing" }, app.revision, {
      attributes: { jvm: "17", repository: null },
    });
    expect(updated.attributes).toEqual({ jvm: "17", language: "java" });
    const replaced = await cis().update(scope(), EDITOR, { key: "billing" }, updated.revision, {
      replaceAttributes: { language: "kotlin" },
    });
    expect(replaced.attributes).toEqual({ language: "kotlin" });
  });

  it("refuse a merge patch that removes a required attribute, naming it, and change nothing", async () => {
    const cluster = await cis().create(scope(), EDITOR, {
      key: "cl-1",
      name: "Cluster 1",
      type: "Cluster",
      attributes: { minimumMembers: 2, vendor: "acme" },
    });
    const e = await errorOf(
      cis().update(scope(), EDITOR, { key: "cl-1" }, cluster.revision, {
        attributes: { minimumMembers: null },
      }),
    );
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe(
      "CI cl-1: attributes.minimumMembers: is required by type Cluster (got nothing)",
    );
    const both = await errorOf(
      cis().update(scope(), EDITOR, { key: "cl-1" }, cluster.revision, {
        attributes: { vendor: "other" },
        replaceAttributes: { minimumMembers: 3 },
      }),
    );
    expect(both.message).toContain(
      "replaceAttributes: give either attributes (a merge patch) or replaceAttributes (the whole map), not both",
    );
    expect((await cis().get(scope(), READER, { key: "cl-1" }))?.revision).toBe(1);
  });

  it("refuse a stale revision with CONFLICT and change nothing", async () => {
    await cis().create(scope(), EDITOR, webServer);
    await cis().update(scope(), EDITOR, { key: "web-01" }, 1, { name: "Web One" });
    const stale = await errorOf(
      cis().update(scope(), EDITOR, { key: "web-01" }, 1, { name: "Lost update" }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.details).toMatchObject({ expectedRevision: 1, currentRevision: 2 });
    expect((await cis().get(scope(), READER, { key: "web-01" }))?.name).toBe("Web One");
  });

  it("a write that changes nothing keeps the revision and adds no version", async () => {
    const created = await cis().create(scope(), EDITOR, webServer);
    const same = await cis().update(scope(), EDITOR, { id: created.id }, 1, { owner: "team-web" });
    expect(same.revision).toBe(1);
    const [history] = await cis().historyOf(scope(), READER, [created.id]);
    expect(history).toHaveLength(1);
  });

  it("retire (never delete), keeping the CI readable with its history", async () => {
    const created = await cis().create(scope(), EDITOR, webServer);
    const retired = await cis().retire(scope(), EDITOR, { id: created.id }, 1, "decommissioned");
    expect(retired).toMatchObject({ lifecycle: "RETIRED", revision: 2 });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    const [history] = await cis().historyOf(scope(), READER, [created.id]);
    expect(history!.map((v) => [v.revision, v.operation, v.actor, v.reason])).toEqual([
      [1, "CREATE", "eddie", null],
      [2, "RETIRE", "eddie", "decommissioned"],
    ]);
    expect(history![1]!.changes).toContainEqual({
      field: "lifecycle",
      before: "PLANNED",
      after: "RETIRED",
    });
  });

  it("keep a version per write, and read as of a past instant with the old attributes", async () => {
    const created = await cis().create(scope(), EDITOR, webServer);
    const before = new Date();
    await new Promise((r) => setTimeout(r, 15));
    await cis().update(scope(), EDITOR, { id: created.id }, 1, {
      attributes: { cpuCores: 16 },
      owner: "team-platform",
    });

    const then = await cis().get(scope(), READER, { id: created.id }, before);
    expect(then).toMatchObject({ revision: 1, owner: "team-web", attributes: { cpuCores: 4 } });
    const now = await cis().get(scope(), READER, { id: created.id });
    expect(now).toMatchObject({
      revision: 2,
      owner: "team-platform",
      attributes: { cpuCores: 16 },
    });
    expect(
      await cis().get(scope(), READER, { id: created.id }, new Date(before.getTime() - 60_000)),
    ).toBeNull();

    const [history] = await cis().historyOf(scope(), READER, [created.id]);
    expect(history![1]!.changes).toEqual([
      { field: "owner", before: "team-web", after: "team-platform" },
      { field: "attributes.cpuCores", before: 4, after: 16 },
    ]);
  });

  it("as of an instant, finds a CI by the key it had then", async () => {
    const created = await cis().create(scope(), EDITOR, {
      key: "db-old",
      name: "DB",
      type: "Database",
    });
    const before = new Date();
    await new Promise((r) => setTimeout(r, 15));
    await cis().update(scope(), EDITOR, { id: created.id }, 1, { key: "db-new" });
    expect((await cis().get(scope(), READER, { key: "db-old" }, before))?.id).toBe(created.id);
    expect(await cis().get(scope(), READER, { key: "db-new" }, before)).toBeNull();
    expect((await cis().get(scope(), READER, { key: "db-new" }))?.id).toBe(created.id);
    const report = await ctx().app.impact.analyse(scope(), READER, {
      ciKeys: ["db-old"],
      asOf: before,
    });
    expect(report.roots.map((r) => r.key)).toEqual(["db-old"]);
  });

  it("list by type including subtypes, lifecycle, owner and text, a page at a time", async () => {
    await cis().create(scope(), EDITOR, {
      key: "srv-a",
      name: "Alpha",
      type: "Server",
      owner: "ops",
    });
    await cis().create(scope(), EDITOR, {
      key: "vm-b",
      name: "Bravo",
      type: "VirtualMachine",
      owner: "ops",
      lifecycle: "PRODUCTION",
    });
    await cis().create(scope(), EDITOR, {
      key: "vm-c",
      name: "Charlie",
      type: "VirtualMachine",
      owner: "dev",
    });
    await cis().create(scope(), EDITOR, {
      key: "db-d",
      name: "Delta DB",
      type: "Database",
      owner: "ops",
    });
    const keys = async (filter: object, first = 10) =>
      (await cis().list(scope(), READER, filter, { first, after: null })).items.map((c) => c.key);

    expect(await keys({ type: "Server" })).toEqual(["srv-a", "vm-b", "vm-c"]);
    expect(await keys({ type: "Server", includeSubtypes: false })).toEqual(["srv-a"]);
    expect(await keys({ owner: "ops" })).toEqual(["db-d", "srv-a", "vm-b"]);
    expect(await keys({ lifecycles: ["PRODUCTION"] })).toEqual(["vm-b"]);
    expect(await keys({ search: "ALPHA" })).toEqual(["srv-a"]);
    expect(await keys({ search: "vm-" })).toEqual(["vm-b", "vm-c"]);

    const first = await cis().list(scope(), READER, {}, { first: 3, after: null });
    expect([first.items.map((c) => c.key), first.hasNextPage]).toEqual([
      ["db-d", "srv-a", "vm-b"],
      true,
    ]);
    const second = await cis().list(
      scope(),
      READER,
      {},
      { first: 3, after: first.cursors.at(-1) ?? null },
    );
    expect([second.items.map((c) => c.key), second.hasNextPage]).toEqual([["vm-c"], false]);
    expect([second.hasPreviousPage, await second.totalCount()]).toEqual([true, 4]);
  });

  it("found by text: every CI whose key or name holds the search, whatever joins or splits its words", async () => {
    // the full-text query asks a word as a prefix only after a character that ends the
    // tokenizer's words; after `.`, `_`, `:`, `'` or `,` (which it joins across) it must not
    const made = [
      { key: "edge/10.20.30.40", name: "Edge 10.20.30.40" },
      { key: "cache_node_alpha7", name: "Cache node" },
      { key: "ldap:primary:west", name: "LDAP primary" },
      { key: "stack-1", name: "it's-bravo-stack" },
      { key: "svc-gamma", name: "svc(gamma)+delta@zone/east#9=ok|x~y[z]" },
      { key: "station-1", name: "Zürich-Ostbahnhof" },
      { key: "units-1", name: "1,500-units;2,500-spare" },
      { key: "pay-1", name: "pay-serviceAND-backup" },
      { key: "logic-1", name: "x AND (y OR NOT zed)" },
      { key: "other-1", name: "Ostrich eastern node bravo" },
    ];
    for (const m of made) await cis().create(scope(), EDITOR, { ...m, type: "Server", owner: "o" });
    const holding = (search: string): string[] =>
      made
        .filter((m) => `${m.key}\n${m.name}`.toLowerCase().includes(search.toLowerCase()))
        .map((m) => m.key)
        .sort();
    const searches = [
      "0.30.40",
      "10.20",
      "node_alpha7",
      "e_alpha",
      ":primary",
      "y:west",
      "'s-bravo",
      "(gamma)",
      "+delta@zone",
      "one/eas",
      "#9=ok",
      "zürich-ost",
      ",500-units",
      "units;2,500",
      "AND-backup",
      "AND (y OR NOT zed)",
      "/east",
      "bravo",
    ];
    for (const search of searches) {
      const page = await cis().list(scope(), READER, { search }, { first: 50, after: null });
      const want = holding(search);
      expect(want.length, search).toBeGreaterThan(0);
      expect({ search, keys: page.items.map((c) => c.key) }).toEqual({ search, keys: want });
      expect({ search, total: await page.totalCount() }).toEqual({ search, total: want.length });
    }
  });

  it("refuse writes to a READER and reads to nobody authenticated", async () => {
    expect(await codeOf(cis().create(scope(), READER, webServer))).toBe("FORBIDDEN");
    const created = await cis().create(scope(), ADMIN, webServer);
    expect(await codeOf(cis().update(scope(), READER, { id: created.id }, 1, { name: "x" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(cis().retire(scope(), READER, { id: created.id }, 1))).toBe("FORBIDDEN");
  });

  it("an unknown CI is NOT_FOUND on update", async () => {
    expect(await codeOf(cis().update(scope(), EDITOR, { key: "nope" }, 1, { name: "x" }))).toBe(
      "NOT_FOUND",
    );
  });
});
