import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { READER } from "../support/actors.js";
import { useTestDatabase, wipeTestData } from "../support/test-database.js";

describe("graph-cmdb import and export", () => {
  const ctx = useTestDatabase();
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  async function file(name: string, content?: unknown): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-cli-"));
    dirs.push(dir);
    const p = path.join(dir, name);
    if (content !== undefined) await writeFile(p, JSON.stringify(content));
    return p;
  }

  const doc = {
    configurationItems: [
      { key: "crm", name: "CRM", type: "Application", owner: "team-sales" },
      { key: "crm-db", name: "CRM DB", type: "Database", attributes: { engine: "mysql" } },
    ],
    relationships: [{ from: "crm", to: "crm-db", type: "DEPENDS_ON" }],
  };
  const keys = async () =>
    (await ctx().app.cis.list(ctx().db.scope(), READER, {}, { first: 50, after: null })).items.map(
      (c) => c.key,
    );

  it("--dry-run reports what would change and writes nothing", async () => {
    const run = await cli("import", await file("doc.json", doc), "--dry-run");
    expect(run.code).toBe(0);
    expect(run.out).toContain("configuration items: 2 created, 0 updated, 0 unchanged");
    expect(run.out).toContain("dry run: nothing was written");
    expect(await keys()).toEqual([]);
  });

  it("imports, with progress on stderr, then says unchanged the second time", async () => {
    const p = await file("doc.json", doc);
    const first = await cli("import", p);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/configurationItems: 2 in/);
    expect(await keys()).toEqual(["crm", "crm-db"]);
    const second = await cli("import", p, "--json");
    const result = JSON.parse(second.out) as {
      configurationItems: { unchanged: number };
      relationships: { unchanged: number };
    };
    expect([result.configurationItems.unchanged, result.relationships.unchanged]).toEqual([2, 1]);
  });

  it("exits 3 on a document with errors, listing them, and writes nothing", async () => {
    const run = await cli(
      "import",
      await file("bad.json", {
        ...doc,
        relationships: [{ from: "crm", to: "erp", type: "DEPENDS_ON" }],
      }),
    );
    expect(run.code).toBe(3);
    expect(run.out).toContain(
      'error: relationships[0]: crm DEPENDS_ON erp: to: is not the key of a CI in the document or the CMDB (got "erp")',
    );
    expect(run.out).toContain("refused: 1 error(s); nothing was written");
    expect(await keys()).toEqual([]);
  });

  it("export writes a document that imports into an empty CMDB as the same graph", async () => {
    await cli("import", await file("doc.json", doc));
    const out = await file("export.json");
    const exported = await cli("export", "--out", out);
    expect(exported.code).toBe(0);
    const text = await readFile(out, "utf8");
    const written = JSON.parse(text) as {
      configurationItems: unknown[];
      relationships: unknown[];
      ciTypes: unknown[];
    };
    expect(written.relationships).toEqual([{ from: "crm", to: "crm-db", type: "DEPENDS_ON" }]);
    expect(written.configurationItems).toHaveLength(2);
    expect(written.ciTypes.length).toBeGreaterThan(10);

    await wipeTestData();
    const reimported = await cli("import", out);
    expect(reimported.code).toBe(0);
    const again = await file("again.json");
    await cli("export", "--out", again);
    expect(await readFile(again, "utf8")).toBe(text);
  });
});
