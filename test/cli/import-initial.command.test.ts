import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApplication, type OpenedApplication } from "../../src/bootstrap.js";
import { runCli } from "../../src/cli/cli.js";
import { INITIAL_LOAD_STEPS } from "../../src/initial-import.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import type { DatabaseTarget } from "../../src/neo4j/database.js";
import { projectRoot } from "../../src/config/project-root.js";
import { existingStore, STAGED_DATABASE } from "../../src/neo4j/bulk-import.js";
import { freePort } from "../../src/neo4j/embedded-neo4j.js";
import { migrate, readMigrations } from "../../src/neo4j/migrator.js";
import { migrationsDirectory } from "../../src/application/application.js";
import { ADMIN } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { useTestDatabase } from "../support/test-database.js";

/**
 * `graph-cmdb import --initial` against the streamed import on the same document: the test
 * database gets the streamed import, a fresh embedded store of its own the initial load, and
 * both are dumped (every node and relationship, ids named by the CI they belong to, times by
 * their type) and compared.
 */

const EXTRA_CIS = [
  {
    key: "redis-cart",
    name: 'Redis "cart", the basket\'s',
    type: "Cache",
    owner: "team-cart",
    engine: "redis",
    attributes: { nested: { list: [1, 2.5, "x"], yes: true }, note: 'two\nlines, "quoted"' },
  },
  { key: "old-box", name: "Old box", type: "Server", lifecycle: "RETIRED", version: "1.0" },
  { key: "shop", name: "Shop", type: "BusinessService", criticality: 1, lifecycle: "PRODUCTION" },
];

async function writeDocument(file: string): Promise<{ someKey: string }> {
  const estate = generateEstate({ ciCount: 300, seed: 21 });
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let someKey = "";
  let n = 0;
  await write('{\n  "ciTypes": [');
  await write(
    JSON.stringify({
      name: "Cache",
      parent: "Application",
      attributes: [{ name: "engine", type: "string", required: false }],
    }),
  );
  await write('],\n  "relationshipTypes": [');
  await write(
    JSON.stringify({ name: "REPLICATES_TO", inverseName: "REPLICA_OF", dependent: "SOURCE" }),
  );
  await write('],\n  "configurationItems": [');
  for (const ci of [...estate.configurationItems(), ...EXTRA_CIS]) {
    if (ci.type === "Database" && !someKey) someKey = ci.key;
    await write(`${n++ ? "," : ""}\n    ${JSON.stringify(ci)}`);
  }
  n = 0;
  await write('\n  ],\n  "relationships": [');
  for (const r of [
    ...estate.relationships(),
    { from: "redis-cart", to: someKey, type: "DEPENDS_ON" },
    { from: "redis-cart", to: "old-box", type: "REPLICATES_TO" },
    { from: "shop", to: "redis-cart", type: "DEPENDS_ON" },
  ])
    await write(`${n++ ? "," : ""}\n    ${JSON.stringify(r)}`);
  await write("\n  ]\n}\n");
  out.end();
  await once(out, "finish");
  return { someKey };
}

/** A reason with a line break, quotes and a comma: the importer must read it across lines. */
const REASON = 'first load, "estate"\nfrom the inventory';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The store as sorted lines: ids named by their CI's key, times by their type, numbers typed. */
async function dump(target: DatabaseTarget): Promise<{ nodes: string[]; relationships: string[] }> {
  const nodes = await runTestCypher(target, "dump-nodes");
  const keyOf = new Map<string, string>();
  for (const n of nodes) {
    const props = n.props as Record<string, unknown>;
    if ((n.labels as string[]).includes("CI")) keyOf.set(String(props.id), String(props.key));
  }
  const text = (s: string): string =>
    s.replace(UUID, (id) => (keyOf.has(id) ? `ci(${String(keyOf.get(id))})` : "<uuid>"));
  const value = (v: unknown): unknown => {
    if (neo4j.isInt(v)) return `int:${v.toString()}`;
    if (typeof v === "number") return `float:${String(v)}`;
    if (typeof v === "string") return text(v);
    if (neo4j.isDateTime(v) || neo4j.isDate(v) || neo4j.isLocalDateTime(v))
      return `<${(v as object).constructor.name}>`;
    if (Array.isArray(v)) return v.map(value);
    return v;
  };
  const line = (head: string, props: Record<string, unknown>): string =>
    `${head} ${JSON.stringify(
      Object.keys(props)
        .sort()
        .map((k) => [k, value(props[k])]),
    )}`;
  const relationships = await runTestCypher(target, "dump-relationships");
  return {
    nodes: nodes
      .map((n) => line((n.labels as string[]).sort().join(":"), n.props as Record<string, unknown>))
      .sort(),
    relationships: relationships
      .map((r) =>
        line(
          `${text(String(r.from))} -${String(r.type)}-> ${text(String(r.to))}`,
          r.props as Record<string, unknown>,
        ),
      )
      .sort(),
  };
}

/** The store's constraints, indexes (but what other tests add) and migration records. */
async function schemaOf(target: DatabaseTarget): Promise<{
  constraints: Record<string, unknown>[];
  indexes: Record<string, unknown>[];
  migrations: Record<string, unknown>[];
}> {
  const ours = (rows: Record<string, unknown>[]) =>
    rows.filter((r) => !/^(graph_cmdb_)?test_/.test(String(r.name)));
  return {
    constraints: ours(await runTestCypher(target, "show-constraints")),
    indexes: ours(await runTestCypher(target, "show-indexes")),
    migrations: await runTestCypher(target, "list-migration-records"),
  };
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(env: Record<string, string>, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(argv, io, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("graph-cmdb import --initial", () => {
  const ctx = useTestDatabase();
  let dir = "";
  let file = "";
  let someKey = "";
  let env: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-initial-"));
    file = path.join(dir, "estate.json");
    ({ someKey } = await writeDocument(file));
    env = {
      GRAPH_CMDB_DATA_DIR: path.join(dir, "data"),
      GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(await freePort()),
      GRAPH_CMDB_EMBEDDED_HEAP_MB: "1024",
      GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: "256",
      // a first start on a busy machine can take minutes
      GRAPH_CMDB_EMBEDDED_START_TIMEOUT_MS: "900000",
      // the machine may be busy: a slow read is not what this test is about
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
      LOG_LEVEL: "silent",
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    "loads exactly what the streamed import writes, into a CMDB that then works, and refuses a store that is not empty or is running",
    { timeout: 1_500_000 },
    async () => {
      const t = ctx().target;
      const streamed = await run(
        {
          NEO4J_URI: t.uri,
          NEO4J_USERNAME: t.username,
          NEO4J_PASSWORD: t.password,
          GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
          LOG_LEVEL: "silent",
        },
        "import",
        file,
        "--reason",
        REASON,
      );
      expect(streamed.code, streamed.out).toBe(0);
      const expected = await dump(ctx().target);
      const expectedSchema = await schemaOf(ctx().target);
      const impactThere = await ctx().app.impact.analyse(ctx().db.scope(), ADMIN, {
        ciKeys: [someKey],
      });

      const initial = await run(env, "import", "--initial", file, "--json", "--reason", REASON);
      expect(initial.code, `${initial.out}\n${initial.err}`).toBe(0);
      const result = JSON.parse(initial.out) as {
        configurationItems: { created: number };
        timings: Record<string, number>;
      };
      expect(result.configurationItems.created).toBe(303);
      expect(Object.keys(result.timings)).toEqual([...INITIAL_LOAD_STEPS]);

      const opened: OpenedApplication = await openApplication(
        loadConfig(env),
        createLogger("silent"),
      );
      try {
        const actual = await dump(opened.source.target);
        expect(actual.relationships.length).toBe(expected.relationships.length);
        expect(actual.relationships).toEqual(expected.relationships);
        expect(actual.nodes.length).toBe(expected.nodes.length);
        expect(actual.nodes).toEqual(expected.nodes);
        // (so each CI's labels too:) HasCriticality and RedundancyGroup exactly on the CIs with a
        // criticality and a minimum, which the estate has (ADR 020 decision 9)
        for (const store of [ctx().target, opened.source.target]) {
          const [labels] = await runTestCypher(store, "count-ci-labels-out-of-step");
          expect(Number(String(labels?.outOfStep))).toBe(0);
        }
        expect(
          actual.nodes.filter((n) => n.startsWith("CI:HasCriticality ")).length,
        ).toBeGreaterThan(0);
        expect(
          actual.nodes.filter((n) => /^CI:(HasCriticality:)?RedundancyGroup /.test(n)).length,
        ).toBeGreaterThan(0);

        // the same schema as the migrated test database, every index populated (the load
        // waited for them), and every migration recorded with its checksum
        const here = await schemaOf(opened.source.target);
        expect(here.indexes.length).toBeGreaterThan(50);
        expect(here.indexes.every((i) => i.state === "ONLINE")).toBe(true);
        expect(here.constraints).toEqual(expectedSchema.constraints);
        expect(here.indexes).toEqual(expectedSchema.indexes);
        const files = await readMigrations(path.join(projectRoot(), "cypher", "migrations"));
        expect(here.migrations).toEqual(
          files
            .map((f) => ({ id: f.id, checksum: f.checksum }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
        // so a later start of the product runs no migration on it
        expect(await migrate(opened.app.db.scope(), migrationsDirectory(opened.app.db))).toEqual({
          applied: [],
          alreadyApplied: files.map((f) => f.id),
        });

        const { app } = opened;
        const impactHere = await app.impact.analyse(app.db.scope(), ADMIN, { ciKeys: [someKey] });
        const reached = (r: typeof impactHere) =>
          r.impacted.map((i) => `${i.key}@${String(i.distance)}:${i.level}`).sort();
        expect(reached(impactHere).length).toBeGreaterThan(0);
        expect(reached(impactHere)).toEqual(reached(impactThere));

        const cart = await app.cis.get(app.db.scope(), ADMIN, { key: "redis-cart" });
        if (!cart) throw new Error("redis-cart was not loaded");
        const updated = await app.cis.update(
          app.db.scope(),
          ADMIN,
          { key: "redis-cart" },
          cart.revision,
          { owner: "team-basket" },
          "owner moved",
        );
        expect(updated.revision).toBe(2);
        expect(updated.owner).toBe("team-basket");
        expect(updated.attributes).toEqual(cart.attributes);

        // the store is in use: an initial load would replace it under the running Neo4j
        const running = await run(env, "import", "--initial", file);
        expect(running.code).toBe(1);
        expect(running.err).toMatch(/CONFLICT: .*is running.*stop it first/);
      } finally {
        await opened.close();
      }

      const notEmpty = await run(env, "import", "--initial", file);
      expect(notEmpty.code).toBe(1);
      expect(notEmpty.err).toMatch(
        /CONFLICT: --initial loads only a new data directory, and .* holds a CMDB store already \(its store id \(store-id\), a database store/,
      );
    },
  );

  it(
    "killed (SIGKILL) while Neo4j's importer writes: no half store where Neo4j looks, the importer dies too, and the next --initial removes what was left and loads",
    { timeout: 1_500_000 },
    async () => {
      const killedEnv = { ...env, GRAPH_CMDB_DATA_DIR: path.join(dir, "killed") };
      // the embedded Neo4j's home under the data directory
      const home = loadConfig(killedEnv).embedded.dataDir;
      const childEnv: Record<string, string | undefined> = { ...process.env, ...killedEnv };
      delete childEnv.NEO4J_URI;
      const child = spawn(
        process.execPath,
        [
          "--import",
          "@swc-node/register/esm-register",
          "src/cli/main.ts",
          "import",
          "--initial",
          file,
        ],
        { cwd: projectRoot(), env: childEnv, stdio: ["ignore", "pipe", "pipe"] },
      );
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.stdout.on("data", (d: Buffer) => (err += d.toString()));
      const exit = once(child, "exit");
      const staged = path.join(home, "data", "databases", STAGED_DATABASE);
      // killed once the importer has begun writing its store
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (/running Neo4j's bulk importer/.test(err) && existsSync(staged)) {
            clearInterval(timer);
            resolve();
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`the initial load ended before it could be killed:\n${err}`));
          }
        }, 10);
      });
      child.kill("SIGKILL");
      const [, signal] = (await exit) as [number | null, string | null];
      expect(signal).toBe("SIGKILL");

      // the importer is killed with the CLI (it would go on writing for nobody otherwise)
      const importerRunning = async (): Promise<boolean> => {
        for (const pid of await readdir("/proc")) {
          if (!/^\d+$/.test(pid)) continue;
          const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
          if (cmd.includes("AdminTool") && cmd.includes(STAGED_DATABASE) && cmd.includes(home))
            return true;
        }
        return false;
      };
      for (let i = 0; i < 100 && (await importerRunning()); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await importerRunning()).toBe(false);

      // nothing where Neo4j looks: a start would find no store, not half of one
      expect(existsSync(path.join(home, "data", "databases", "neo4j"))).toBe(false);
      expect(existsSync(path.join(home, "store-id"))).toBe(false);
      expect(existsSync(path.join(home, "initial-load", "in-progress"))).toBe(true);

      const again = await run(killedEnv, "import", "--initial", file, "--json");
      expect(again.code, `${again.out}\n${again.err}`).toBe(0);
      expect(again.err).toMatch(
        /removing what the initial load [0-9a-f-]{36} left when it was stopped before its store was whole/,
      );
      expect(existsSync(staged)).toBe(false);
      expect(existsSync(path.join(home, "initial-load"))).toBe(false);
      const loaded = JSON.parse(again.out) as { configurationItems: { created: number } };
      expect(loaded.configurationItems.created).toBe(303);
      const opened = await openApplication(loadConfig(killedEnv), createLogger("silent"));
      try {
        const [counts] = await runTestCypher(opened.source.target, "count-initial-load");
        const n = (k: string) => Number(String(counts?.[k]));
        expect({ cis: n("cis"), imports: n("imports"), applied: n("applied") }).toEqual({
          cis: 303,
          imports: 1,
          applied: 1,
        });
      } finally {
        await opened.close();
      }
    },
  );

  it(
    "killed (SIGKILL) once its store became neo4j: an ordinary unfinished import, which --resume completes and --abort undoes",
    { timeout: 1_500_000 },
    async () => {
      const renamedEnv = { ...env, GRAPH_CMDB_DATA_DIR: path.join(dir, "renamed") };
      const home = loadConfig(renamedEnv).embedded.dataDir;
      const childEnv: Record<string, string | undefined> = {
        ...process.env,
        ...renamedEnv,
        // the test hook: the load kills itself right after the rename, before the store starts
        GRAPH_CMDB_TEST_KILL_INITIAL_LOAD_AFTER_RENAME: "true",
      };
      delete childEnv.NEO4J_URI;
      const child = spawn(
        process.execPath,
        [
          "--import",
          "@swc-node/register/esm-register",
          "src/cli/main.ts",
          "import",
          "--initial",
          file,
        ],
        { cwd: projectRoot(), env: childEnv, stdio: ["ignore", "pipe", "pipe"] },
      );
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.stdout.on("data", (d: Buffer) => (err += d.toString()));
      const [, signal] = (await once(child, "exit")) as [number | null, string | null];
      expect(signal, err).toBe("SIGKILL");
      expect(err).toMatch(/running Neo4j's bulk importer/);
      expect(err).not.toMatch(/starting the new store/);
      // the whole estate is the store now; the journal says the import has not finished
      expect(existsSync(path.join(home, "data", "databases", "neo4j"))).toBe(true);
      expect(existsSync(path.join(home, "data", "databases", STAGED_DATABASE))).toBe(false);
      expect(existsSync(path.join(home, "initial-load", "in-progress"))).toBe(false);

      const opened = await openApplication(loadConfig(renamedEnv), createLogger("silent"));
      try {
        const running = await opened.app.imports.importsInProgress(opened.app.db.scope(), ADMIN);
        expect(running.map((i) => [i.state, i.configurationItemsDone])).toEqual([["RUNNING", 303]]);
      } finally {
        await opened.close();
      }
      // the same store twice: one to resume, one to abort
      const abortEnv = { ...renamedEnv, GRAPH_CMDB_DATA_DIR: path.join(dir, "renamed-abort") };
      await cp(path.join(dir, "renamed"), path.join(dir, "renamed-abort"), { recursive: true });

      const another = await run(renamedEnv, "import", file);
      expect(another.code).toBe(1);
      expect(another.err).toMatch(/CONFLICT: import [0-9a-f-]{36} .*has not finished \(RUNNING\)/);

      const resumed = await run(renamedEnv, "import", "--resume", file, "--json");
      expect(resumed.code, `${resumed.out}\n${resumed.err}`).toBe(0);
      const result = JSON.parse(resumed.out) as {
        applied: boolean;
        configurationItems: { created: number };
      };
      expect([result.applied, result.configurationItems.created]).toEqual([true, 303]);
      const afterResume = await openApplication(loadConfig(renamedEnv), createLogger("silent"));
      try {
        const [counts] = await runTestCypher(afterResume.source.target, "count-initial-load");
        const n = (k: string) => Number(String(counts?.[k]));
        expect({ cis: n("cis"), imports: n("imports"), applied: n("applied") }).toEqual({
          cis: 303,
          imports: 1,
          applied: 1,
        });
        // what only the last step writes: the document's types
        const { ciTypes } = await afterResume.app.catalogue.read(afterResume.app.db.scope(), ADMIN);
        expect(ciTypes.map((t) => t.name)).toContain("Cache");
      } finally {
        await afterResume.close();
      }

      const aborted = await run(abortEnv, "import", "--abort", "--json");
      expect(aborted.code, `${aborted.out}\n${aborted.err}`).toBe(0);
      expect((JSON.parse(aborted.out) as { cisDeleted: number }).cisDeleted).toBe(303);
      const afterAbort = await openApplication(loadConfig(abortEnv), createLogger("silent"));
      try {
        const [counts] = await runTestCypher(afterAbort.source.target, "count-initial-load");
        const n = (k: string) => Number(String(counts?.[k]));
        expect({ cis: n("cis"), imports: n("imports"), applied: n("applied") }).toEqual({
          cis: 0,
          imports: 1,
          applied: 0,
        });
        expect(
          await afterAbort.app.imports.importsInProgress(afterAbort.app.db.scope(), ADMIN),
        ).toEqual([]);
      } finally {
        await afterAbort.close();
      }
    },
  );

  it(
    "refuses a document with errors as the streamed import does, naming each entry, field and value, and leaves no store; a document that is not JSON is refused by name",
    { timeout: 300_000 },
    async () => {
      const refusedEnv = { ...env, GRAPH_CMDB_DATA_DIR: path.join(dir, "refused") };
      const home = loadConfig(refusedEnv).embedded.dataDir;
      const bad = path.join(dir, "bad.json");
      // more entries than a batch, so that the errors come from several batches of the threads
      const cis = Array.from({ length: 2_500 }, (_, i) => ({
        key: `host-${String(i)}`,
        name: `Host ${String(i)}`,
        type: "Server",
      }));
      cis[7] = { key: "host-7", name: "Host 7", type: "NoSuchType" };
      cis[2_100] = { ...cis[2_100], criticality: "very" } as (typeof cis)[number];
      await writeFile(
        bad,
        JSON.stringify({
          configurationItems: [...cis, { key: "host-1", name: "Again", type: "Server" }],
          relationships: [
            { from: "host-1", to: "host-2", type: "DEPENDS_ON" },
            { from: "host-1", to: "nowhere-9", type: "DEPENDS_ON" },
            { from: "host-3", to: "host-4", type: "DEPENDS_ON", weight: 3 },
          ],
        }),
      );
      const refused = await run(refusedEnv, "import", "--initial", bad, "--json");
      expect(refused.code, `${refused.out}\n${refused.err}`).toBe(3);
      const result = JSON.parse(refused.out) as {
        applied: boolean;
        errorCount: number;
        errors: { section: string; index: number | null; field: string; message: string }[];
      };
      expect(result.applied).toBe(false);
      const said = result.errors.map((e) => [e.section, e.index, e.field, e.message]);
      expect(said).toEqual([
        ["configurationItems", 7, "type", expect.stringContaining('(got "NoSuchType")')],
        ["configurationItems", 2_100, "criticality", expect.stringContaining('(got "very")')],
        [
          "configurationItems",
          2_500,
          "key",
          expect.stringContaining('appears twice in the document (got "host-1")'),
        ],
        ["relationships", 1, "to", expect.stringContaining('(got "nowhere-9")')],
        ["relationships", 2, "weight", expect.stringContaining("(got 3)")],
      ]);
      expect(result.errorCount).toBe(5);
      // refused before the data directory is touched: no store, nothing of the load left
      expect(await existingStore(home)).toEqual([]);
      expect(existsSync(path.join(home, "initial-load"))).toBe(false);

      const notJson = path.join(dir, "not.json");
      await writeFile(
        notJson,
        '{"configurationItems": [{"key": "a", "name": "A", "type": "Server"},',
      );
      const broken = await run(refusedEnv, "import", "--initial", notJson);
      expect(broken.code).toBe(2);
      expect(broken.err).toMatch(/not\.json is not JSON: /);
      expect(await existingStore(home)).toEqual([]);
    },
  );
});
