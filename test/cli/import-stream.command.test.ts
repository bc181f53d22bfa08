import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import { ADMIN, READER } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { spawnProduct } from "../support/spawn-product.js";
import { useTestDatabase } from "../support/test-database.js";

const spawnCli = (args: string[]) => spawnProduct("src/cli/main.ts", args);

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

async function exited(child: ReturnType<typeof spawnCli>): Promise<Exited> {
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal, out, err };
}

/** A generated estate as an interchange document written entry by entry (the export's shape). */
async function writeEstate(file: string, ciCount: number): Promise<{ cis: number; rels: number }> {
  const estate = generateEstate({ ciCount, seed: 13 });
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let cis = 0;
  let rels = 0;
  await write('{\n  "configurationItems": [');
  for (const ci of estate.configurationItems())
    await write(`${cis++ ? "," : ""}\n    ${JSON.stringify(ci)}`);
  await write('\n  ],\n  "relationships": [');
  for (const r of estate.relationships())
    await write(`${rels++ ? "," : ""}\n    ${JSON.stringify(r)}`);
  await write("\n  ]\n}\n");
  out.end();
  await once(out, "finish");
  return { cis, rels };
}

function firstCi(cis: Iterable<{ key: string; type: string }>): { key: string; type: string } {
  for (const ci of cis) return ci;
  throw new Error("an empty estate");
}

describe("graph-cmdb import, streamed", () => {
  const ctx = useTestDatabase();
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  async function dir(): Promise<string> {
    const d = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-stream-"));
    dirs.push(d);
    return d;
  }

  const doc = {
    configurationItems: [
      { key: "crm", name: "CRM", type: "Application", owner: "team-sales" },
      { key: "crm-db", name: "CRM DB", type: "Database", attributes: { engine: "mysql" } },
    ],
    relationships: [{ from: "crm", to: "crm-db", type: "DEPENDS_ON" }],
  };
  const keys = async () =>
    (await ctx().app.cis.list(ctx().db.scope(), READER, {}, { first: 100, after: null })).items.map(
      (c) => c.key,
    );

  it("reads the document from standard input (import -)", async () => {
    const child = spawnCli(["import", "-", "--json"]);
    child.stdin.end(JSON.stringify(doc));
    const run = await exited(child);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { configurationItems: { created: number } };
    expect(result.configurationItems.created).toBe(2);
    expect(await keys()).toEqual(["crm", "crm-db"]);
  });

  it("reads a gzipped document, known by its first bytes", async () => {
    const file = path.join(await dir(), "estate.json.gz");
    await writeFile(file, await promisify(gzip)(JSON.stringify(doc)));
    const run = await cli("import", file, "--json");
    expect(run.err).toContain("(gzip)");
    expect(run.code).toBe(0);
    expect(await keys()).toEqual(["crm", "crm-db"]);
  });

  it("a refused document writes nothing, though its first batches were committed", async () => {
    const file = path.join(await dir(), "bad.json");
    const entries = Array.from({ length: 9 }, (_, i) => ({
      key: `app-${String(i)}`,
      name: `App ${String(i)}`,
      type: "Application",
    }));
    await writeFile(
      file,
      JSON.stringify({
        configurationItems: [...entries, { key: "broken", name: "Broken", type: "NoSuchType" }],
        relationships: [{ from: "app-0", to: "app-1", type: "DEPENDS_ON" }],
      }),
    );
    const run = await cli("import", file, "--batch-size", "2");
    expect(run.code).toBe(3);
    expect(run.out).toContain("refused: 1 error(s); nothing was written");
    expect(await keys()).toEqual([]);
    expect(await ctx().app.imports.unfinishedImport(ctx().db.scope())).toBeNull();
  });

  it("finds a relationship between CIs it created stated again in a later batch (whose lookup it skips), and one already in force", async () => {
    const before = path.join(await dir(), "before.json");
    await writeFile(
      before,
      JSON.stringify({
        configurationItems: [{ key: "old-a", name: "Old A", type: "Application" }],
      }),
    );
    expect((await cli("import", before)).code).toBe(0);
    const file = path.join(await dir(), "twice.json");
    await writeFile(
      file,
      JSON.stringify({
        configurationItems: [
          { key: "new-a", name: "New A", type: "Application" },
          { key: "new-b", name: "New B", type: "Database" },
        ],
        relationships: [
          { from: "new-a", to: "new-b", type: "DEPENDS_ON" },
          { from: "old-a", to: "new-b", type: "DEPENDS_ON" },
          { from: "new-b", to: "new-a", type: "CONNECTS_TO" },
          { from: "new-a", to: "new-b", type: "DEPENDS_ON" },
        ],
      }),
    );
    // batches of 2: the repeated relationship comes in the second batch, after the first committed
    const run = await cli("import", file, "--batch-size", "2");
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/error: relationships\[3\]: .*this relationship appears twice/);
    expect(run.out).toContain("refused: 1 error(s); nothing was written");
    expect(await keys()).toEqual(["old-a"]);
  });

  it("is idempotent at scale: the second run of a 3,000-CI estate finds everything unchanged", async () => {
    const file = path.join(await dir(), "estate.json");
    const size = await writeEstate(file, 3000);
    const first = await cli("import", file, "--json", "--batch-size", "500");
    expect(first.code).toBe(0);
    const created = JSON.parse(first.out) as {
      configurationItems: { created: number };
      relationships: { created: number };
    };
    expect(created.configurationItems.created).toBe(size.cis);
    expect(created.relationships.created).toBe(size.rels);
    const second = await cli("import", file, "--json", "--batch-size", "500");
    const again = JSON.parse(second.out) as Record<string, unknown>;
    expect([again.configurationItems, again.relationships]).toEqual([
      { created: 0, updated: 0, unchanged: size.cis },
      { created: 0, updated: 0, unchanged: size.rels },
    ]);
  }, 300_000);

  describe("killed half-way (a real SIGKILL of the CLI process)", () => {
    /** Starts an import of `file` and kills it once it has committed relationships (or `when`). */
    async function killMidImport(
      file: string,
      when = /relationships: [1-9]/,
      args = ["--batch-size", "500"],
    ): Promise<string> {
      const child = spawnCli(["import", file, ...args]);
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const exit = once(child, "exit");
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (when.test(err)) {
            clearInterval(timer);
            resolve();
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`the import ended before it could be killed:\n${err}`));
          }
        }, 20);
      });
      child.kill("SIGKILL");
      const [, signal] = (await exit) as [number | null, string | null];
      expect(signal).toBe("SIGKILL");
      return err;
    }

    async function estateWithOneExistingCi(): Promise<{ file: string; cis: number; rels: number }> {
      const file = path.join(await dir(), "estate.json");
      const size = await writeEstate(file, 4000);
      return { file, ...size };
    }

    it("--abort leaves the graph as it was before the import", async () => {
      const { file } = await estateWithOneExistingCi();
      // a CI the import will update, and one it does not know: both must come out as they were
      const first = firstCi(generateEstate({ ciCount: 4000, seed: 13 }).configurationItems());
      await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, {
        configurationItems: [
          { key: first.key, name: "as it was", type: first.type },
          { key: "bystander", name: "Bystander", type: "Application" },
        ],
      });
      const before = await ctx().app.cis.get(ctx().db.scope(), READER, { key: first.key });

      await killMidImport(file);
      const unfinished = await ctx().app.imports.unfinishedImport(ctx().db.scope());
      expect(unfinished?.state).toBe("RUNNING");
      const refused = await cli("import", file);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("has not finished (RUNNING)");

      const aborted = await cli("import", "--abort");
      expect(aborted.code).toBe(0);
      expect(aborted.out).toMatch(
        /aborted import .*: \d+ CIs and \d+ relationships it created deleted, 1 CIs it updated restored/,
      );
      expect(await keys()).toEqual([first.key, "bystander"].sort());
      const after = await ctx().app.cis.get(ctx().db.scope(), READER, { key: first.key });
      expect(after).toEqual(before);
      expect(await ctx().app.imports.unfinishedImport(ctx().db.scope())).toBeNull();
    }, 300_000);

    it("--resume completes it: the same graph as an import that was never interrupted", async () => {
      const { file, cis, rels } = await estateWithOneExistingCi();
      await killMidImport(file);
      const resumed = await cli("import", file, "--resume", "--json");
      expect(resumed.code).toBe(0);
      const result = JSON.parse(resumed.out) as Record<string, { created: number }>;
      expect(result.configurationItems?.created).toBe(cis);
      expect(result.relationships?.created).toBe(rels);
      const again = await cli("import", file, "--json");
      const unchanged = JSON.parse(again.out) as Record<string, { unchanged: number }>;
      expect([unchanged.configurationItems?.unchanged, unchanged.relationships?.unchanged]).toEqual(
        [cis, rels],
      );
    }, 300_000);

    it("--resume completes one killed among its CI batches, written two at a time", async () => {
      const { file, cis, rels } = await estateWithOneExistingCi();
      await killMidImport(file, /configurationItems: [1-9]/, [
        "--batch-size",
        "100",
        "--writers",
        "2",
      ]);
      // the journal holds a prefix of whole batches: what it says was done is there
      const [journal] = await ctx().app.imports.importsInProgress(ctx().db.scope(), READER);
      expect(journal?.configurationItemsDone ?? -1).toBeGreaterThan(0);
      expect((journal?.configurationItemsDone ?? 0) % 100).toBe(0);
      const resumed = await cli("import", file, "--resume", "--json");
      expect(resumed.code).toBe(0);
      const result = JSON.parse(resumed.out) as Record<string, { created: number }>;
      expect(result.configurationItems?.created).toBe(cis);
      expect(result.relationships?.created).toBe(rels);
      const again = await cli("import", file, "--json", "--writers", "1");
      const unchanged = JSON.parse(again.out) as Record<string, { unchanged: number }>;
      expect([unchanged.configurationItems?.unchanged, unchanged.relationships?.unchanged]).toEqual(
        [cis, rels],
      );
    }, 300_000);
  });

  it("refuses --writers outside 1–8, and with --initial", async () => {
    const file = path.join(await dir(), "w.json");
    await writeFile(file, JSON.stringify({ configurationItems: [] }));
    const zero = await cli("import", file, "--writers", "0");
    expect(zero.code).not.toBe(0);
    expect(zero.err).toContain("--writers: must be a whole number from 1 to 8");
    const initial = await cli("import", file, "--initial", "--writers", "2");
    expect(initial.code).not.toBe(0);
    expect(initial.err).toContain("--initial takes no --writers");
  });
});
