// The import benchmark: `npm run bench:import [-- --sizes 100000 --large]`.
// For each estate size: generate the estate file (kept in .data/bench), start an embedded Neo4j
// on a fresh store with the product's memory settings (sized from this machine unless
// GRAPH_CMDB_EMBEDDED_HEAP_MB / GRAPH_CMDB_EMBEDDED_PAGECACHE_MB say otherwise), then
// run the real CLI (`graph-cmdb import FILE`) twice: into the empty CMDB, and again (everything
// unchanged: every relationship is looked up, super-nodes included). While each runs, the CLI's
// resident memory is sampled and its progress lines are turned into rates per interval, so that
// a rate that falls as the document goes on shows. Then the lookup of relationships in force is
// timed on the estate's highest-degree CI against low-degree ones.
// Baselines, measured in the same run on the same file (ADR 012, issue 13): PostgreSQL's COPY
// into key/type tables plus their keys and indexes (bench/postgres-baseline.ts), a bare batched
// `UNWIND … CREATE` through neo4j-driver into a fresh embedded Neo4j (same batch size, same
// reader), and `graph-cmdb import --initial` into a fresh data directory (Neo4j's bulk
// importer). `--no-baselines` skips them; `--no-initial` skips only `--initial`.
// `--in-turns` measures the online import into the empty CMDB against the bare UNWIND batch by
// batch instead (bench/import-in-turns.ts: the product's import in this process, one bare batch
// into a second fresh Neo4j after each of its batches, the ratio per tenth of each section),
// and stops there (no CLI runs, no separate bare load); `--cis-only` stops it after the CIs;
// `--writers N` is the import's (default 2), `--turn K` the product batches per turn (default 8),
// then K bare ones.
// `--file` takes an estate document instead of generating .data/bench/estate-SIZE.json.
// Results go to bench/results/import-latest.{json,md} (--name changes "latest").
import "reflect-metadata";
import { spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import * as prettier from "prettier";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { streamDocumentEvents } from "../src/application/interchange/interchange-reader.js";
import { DEFAULT_PORT, loadEstate, startPostgres } from "./postgres-baseline.js";
import { projectRoot } from "../src/config/project-root.js";
import { CypherRegistry } from "../src/neo4j/cypher-registry.js";
import { createDriver, Database } from "../src/neo4j/database.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { findRelationshipsInForce } from "../src/neo4j/relationship.repository.js";
import { round, summarise, type Summary } from "./stats.js";
import { benchArgs } from "./bench-args.js";
import { importInTurns, inTurnsLines, type InTurnsResult } from "./import-in-turns.js";

const SEED = 2026;
const args = benchArgs(import.meta.url, {
  sizes: { type: "string", default: "100000" },
  // the second size: 1M CIs, 5M relationships
  large: { type: "boolean", default: false },
  "batch-size": { type: "string", default: "2000" },
  "no-baselines": { type: "boolean", default: false },
  // the baselines without `import --initial` (the online import against bare UNWIND only)
  "no-initial": { type: "boolean", default: false },
  // the second run (all unchanged) and the lookup timings, for a machine short of time
  "no-unchanged": { type: "boolean", default: false },
  // only what --initial is measured against: PostgreSQL's COPY and --initial (no bare UNWIND,
  // no online import)
  "initial-only": { type: "boolean", default: false },
  // without PostgreSQL's COPY (the online import against the bare UNWIND only)
  "no-postgres": { type: "boolean", default: false },
  // the CLI to import with (a main.js; default this build's): another build's, to compare
  // two builds under the same harness
  cli: { type: "string" },
  // the online import and the bare UNWIND batch by batch, in turns (bench/import-in-turns.ts)
  "in-turns": { type: "boolean", default: false },
  // with --in-turns: stop after the CI section
  "cis-only": { type: "boolean", default: false },
  // with --in-turns: CI batches the product writes at once (its --writers), batches per turn
  writers: { type: "string", default: "2" },
  turn: { type: "string", default: "8" },
  // an estate document to read (one size), instead of .data/bench/estate-SIZE.json
  file: { type: "string" },
  name: { type: "string", default: "latest" },
  // PostgreSQL's port for the COPY baseline: another benchmark's cluster on the default port
  // would be stopped as stale (bench/postgres-baseline.ts), so a parallel run picks its own
  "pg-port": { type: "string", default: String(DEFAULT_PORT) },
  out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
});
const sizes = [
  ...args.values.sizes.split(",").map(Number),
  ...(args.values.large ? [1_000_000] : []),
];
const say = (line: string): void => {
  process.stdout.write(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface Interval {
  readonly section: string;
  readonly done: number;
  readonly perSecond: number;
}

interface CliRun {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly peakRssMb: number;
  readonly rssSamplesMb: number[];
  readonly intervals: Interval[];
  readonly result: Record<string, unknown> | null;
  readonly sections: Record<string, { seconds: number; entries: number; perSecond: number }>;
  /** Relationship rates per tenth of the section: flat means no step grows with the graph. */
  readonly relationshipsPerSecondByTenth: number[];
}

interface Baselines {
  /** PostgreSQL: COPY of CIs (key, type) and relationships, then keys and indexes. */
  readonly postgresCopy: { seconds: number; cis: number; relationships: number } | null;
  /** Bare batched UNWIND … CREATE through neo4j-driver, into a fresh embedded Neo4j (not with --initial-only). */
  readonly bareUnwind: {
    seconds: number;
    cis: { seconds: number; perSecond: number };
    relationships: { seconds: number; perSecond: number };
  } | null;
  /** `graph-cmdb import --initial` into a fresh data directory: the whole command, and its steps (null: --no-initial). */
  readonly initial: {
    seconds: number;
    exitCode: number | null;
    timings: Record<string, number>;
  } | null;
}

interface SizeResult {
  readonly cis: number;
  readonly relationships: number;
  readonly fileMb: number;
  readonly memory: { heapMb: number; pageCacheMb: number; basis: string };
  readonly batchSize: number;
  readonly intoEmpty: CliRun;
  /** Null with --no-unchanged. */
  readonly unchanged: CliRun | null;
  readonly lookup: {
    superNode: { key: string; degree: number; rows: number; ms: Summary };
    lowDegree: { meanDegree: number; rows: number; ms: Summary };
  } | null;
  readonly baselines: Baselines | null;
  /** --in-turns: the online import and the bare UNWIND, batch by batch. */
  readonly inTurns?: InTurnsResult;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
    },
    sizes: {},
  };
  for (const size of sizes) {
    // what is measured is written as it comes: a run stopped half-way keeps its first steps
    const save = async (partial: Partial<SizeResult>): Promise<void> => {
      (results.sizes as Record<string, Partial<SizeResult>>)[String(size)] = partial;
      await writeResults(results);
    };
    await save(await benchSize(size, save));
  }
  results.finishedAt = new Date().toISOString();
  say(`results written to ${await writeResults(results)}`);
}

async function benchSize(
  size: number,
  save: (partial: Partial<SizeResult>) => Promise<void>,
): Promise<Partial<SizeResult>> {
  const file = await estateFile(size);
  const fileMb = round((await stat(file)).size / 2 ** 20, 1);
  const home = path.join(projectRoot(), ".data", "bench-import", String(size));
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  // the product's own sizing: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB when set, else the machine's
  const { heapMb, pageCacheMb, memoryBasis } = loadConfig(process.env).embedded;
  const memory = { heapMb, pageCacheMb, basis: memoryBasis };
  // the baselines first (the ratios the issue asks), then the product's online runs
  const baselinesMeasured =
    args.values["no-baselines"] || args.values["in-turns"]
      ? null
      : await baselines(file, size, memory, (b) =>
          save({ fileMb, memory, baselines: b as Baselines }),
        );
  if (args.values["initial-only"]) return { fileMb, memory, baselines: baselinesMeasured };
  if (args.values["in-turns"]) {
    say(
      `== ${size.toLocaleString("en")} CIs (${String(fileMb)} MB) in turns with the bare UNWIND; two embedded Neo4j, each heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB (${memory.basis})`,
    );
    const inTurns = await importInTurns({
      file,
      homes: { product: home, bare: `${home}-bare` },
      heapMb: memory.heapMb,
      pageCacheMb: memory.pageCacheMb,
      batchSize: Number(args.values["batch-size"]),
      cisOnly: args.values["cis-only"],
      writers: Number(args.values.writers),
      turn: Number(args.values.turn),
      say,
    });
    for (const [section, s] of Object.entries(inTurns.sections))
      say(
        `  ${section}: product ${String(s.productPerSecond)}/s, bare ${String(s.barePerSecond)}/s, ratio ${String(s.ratio)}; by tenth ${s.byTenth.map((t) => t.ratio.toFixed(2)).join(" / ")}; JVM cores ${String(s.productCores)} / ${String(s.bareCores)}, CPU ms a row ${String(s.productCpuMsPerRow)} / ${String(s.bareCpuMsPerRow)}`,
      );
    return {
      fileMb,
      memory,
      batchSize: Number(args.values["batch-size"]),
      baselines: baselinesMeasured,
      inTurns,
    };
  }
  say(
    `== ${size.toLocaleString("en")} CIs (${String(fileMb)} MB); embedded Neo4j with heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB (${memory.basis})`,
  );
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb: memory.heapMb,
    pageCacheMb: memory.pageCacheMb,
    log: createLogger("warn", "bench-import"),
    startTimeoutMs: 600_000,
  });
  try {
    const batchSize = args.values["batch-size"];
    say("import into the empty CMDB (the CLI, streamed)");
    const auth = { NEO4J_URI: neo4j.uri, NEO4J_USERNAME: "neo4j", NEO4J_PASSWORD: neo4j.password };
    const intoEmpty = await runCli(auth, ["import", file, "--json", "--batch-size", batchSize]);
    say(describe(intoEmpty));
    const counts = (intoEmpty.result ?? {}) as Record<string, { created: number }>;
    const sized = {
      cis: counts.configurationItems?.created ?? Number.NaN,
      relationships: counts.relationships?.created ?? Number.NaN,
      fileMb,
      memory,
      batchSize: Number(batchSize),
      intoEmpty,
      baselines: baselinesMeasured,
    };
    await save(sized);
    if (args.values["no-unchanged"]) return { ...sized, unchanged: null, lookup: null };
    say("the same document again (everything unchanged)");
    const unchanged = await runCli(auth, ["import", file, "--json", "--batch-size", batchSize]);
    say(describe(unchanged));
    const lookup = await timeLookups(neo4j.uri, neo4j.password);
    say(
      `lookup of ${String(lookup.superNode.rows)} relationships in force: super-node ${lookup.superNode.key} (degree ${String(lookup.superNode.degree)}) p50 ${String(lookup.superNode.ms.p50)} ms; low-degree CIs (mean degree ${String(lookup.lowDegree.meanDegree)}) p50 ${String(lookup.lowDegree.ms.p50)} ms`,
    );
    return {
      cis: counts.configurationItems?.created ?? Number.NaN,
      relationships: counts.relationships?.created ?? Number.NaN,
      fileMb,
      memory,
      batchSize: Number(batchSize),
      intoEmpty,
      unchanged,
      lookup,
      baselines: baselinesMeasured,
    };
  } finally {
    await neo4j.stop().catch(() => undefined);
  }
}

/** The same file into PostgreSQL by COPY, into Neo4j by bare UNWIND, and by `import --initial`. */
async function baselines(
  file: string,
  size: number,
  memory: { heapMb: number; pageCacheMb: number },
  save: (partial: Partial<Baselines>) => Promise<void>,
): Promise<Baselines> {
  const postgresCopy = args.values["no-postgres"] ? null : await postgresBaseline(file);
  await save({ postgresCopy });

  const initial = args.values["no-initial"] ? null : await initialLoad(file, size);
  if (initial) await save({ postgresCopy, initial });
  if (args.values["initial-only"]) return { postgresCopy, bareUnwind: null, initial };

  say("baseline: bare batched UNWIND … CREATE through neo4j-driver, into a fresh Neo4j");
  const bareHome = path.join(projectRoot(), ".data", "bench-import", `${String(size)}-bare`);
  await rm(bareHome, { recursive: true, force: true });
  const bare = await startEmbeddedNeo4j({
    home: bareHome,
    port: await freePort(),
    heapMb: memory.heapMb,
    pageCacheMb: memory.pageCacheMb,
    log: createLogger("warn", "bench-import"),
    startTimeoutMs: 600_000,
  });
  let bareUnwind: NonNullable<Baselines["bareUnwind"]>;
  try {
    bareUnwind = await unwindBaseline(bare.uri, bare.password, file);
  } finally {
    await bare.stop();
    await rm(bareHome, { recursive: true, force: true });
  }
  say(
    `  ${String(bareUnwind.seconds)} s: CIs ${String(bareUnwind.cis.perSecond)}/s, relationships ${String(bareUnwind.relationships.perSecond)}/s`,
  );

  return { postgresCopy, bareUnwind, initial };
}

/** PostgreSQL's COPY of the file into key/type tables plus their keys and indexes. */
async function postgresBaseline(file: string): Promise<NonNullable<Baselines["postgresCopy"]>> {
  say("baseline: PostgreSQL COPY + keys and indexes");
  const pg = await startPostgres({
    port: Number(args.values["pg-port"]),
    log: (l) => say(`  postgres: ${l}`),
  });
  let postgresCopy: NonNullable<Baselines["postgresCopy"]>;
  try {
    // the plain view: COPY and indexes only, no materialized impact table
    const loaded = await loadEstate(pg.connectionString, file, { impactEdge: "view" });
    postgresCopy = {
      seconds: round(loaded.seconds, 1),
      cis: loaded.cis,
      relationships: loaded.relationships,
    };
  } finally {
    await pg.stop();
  }
  say(`  ${String(postgresCopy.seconds)} s`);
  return postgresCopy;
}

/** `graph-cmdb import --initial` into a fresh data directory: the whole command, and its steps. */
async function initialLoad(file: string, size: number): Promise<NonNullable<Baselines["initial"]>> {
  say("graph-cmdb import --initial into a fresh data directory (Neo4j's bulk importer)");
  const dataDir = path.join(projectRoot(), ".data", "bench-import", `${String(size)}-initial`);
  await rm(dataDir, { recursive: true, force: true });
  const run = await runCli(
    {
      GRAPH_CMDB_DATA_DIR: dataDir,
      GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(await freePort()),
      // the bench's own starts allow 10 minutes: a first start on a loaded machine takes minutes
      GRAPH_CMDB_EMBEDDED_START_TIMEOUT_MS: "1800000",
    },
    ["import", "--initial", file, "--json", "--batch-size", args.values["batch-size"]],
  );
  await rm(dataDir, { recursive: true, force: true });
  const timings = (run.result?.timings ?? {}) as Record<string, number>;
  say(`  ${String(run.seconds)} s (exit ${String(run.exitCode)}): ${JSON.stringify(timings)}`);
  return {
    seconds: run.seconds,
    exitCode: run.exitCode,
    timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v, 1)])),
  };
}

/**
 * What a hand-written load through the driver costs: the same reader over the same file, CIs
 * with their fields (attributes as JSON text) created in batches by `UNWIND $rows … CREATE`
 * under a key constraint, then relationships matched by key and created with their type.
 */
async function unwindBaseline(
  uri: string,
  password: string,
  file: string,
): Promise<NonNullable<Baselines["bareUnwind"]>> {
  const driver = createDriver({ uri, username: "neo4j", password, database: "neo4j" });
  const batchSize = Number(args.values["batch-size"]);
  const session = driver.session({ database: "neo4j" });
  try {
    await session.run(await benchCypher("bare-ci-key-constraint"));
    const createCis = await benchCypher("bare-create-cis");
    const createRels = await benchCypher("bare-create-relationships");
    const started = performance.now();
    let relStarted = started;
    let cis = 0;
    let rels = 0;
    let batch: Record<string, unknown>[] = [];
    let section = "configurationItems";
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      await session.executeWrite((tx) =>
        tx.run(section === "configurationItems" ? createCis : createRels, { rows }),
      );
    };
    const input = createReadStream(file);
    for await (const event of streamDocumentEvents(input)) {
      if (event.kind !== "entry") continue;
      if (event.section !== section) {
        await flush();
        if (event.section === "relationships") relStarted = performance.now();
        section = event.section;
      }
      const e = event.entry as Record<string, unknown>;
      if (section === "configurationItems") {
        const { attributes, ...fields } = e;
        batch.push({ ...fields, attributes: JSON.stringify(attributes ?? {}) });
        cis += 1;
      } else if (section === "relationships") {
        batch.push(e);
        rels += 1;
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    const ended = performance.now();
    const ciSeconds = (relStarted - started) / 1000;
    const relSeconds = (ended - relStarted) / 1000;
    return {
      seconds: round((ended - started) / 1000, 1),
      cis: { seconds: round(ciSeconds, 1), perSecond: Math.round(cis / ciSeconds) },
      relationships: { seconds: round(relSeconds, 1), perSecond: Math.round(rels / relSeconds) },
    };
  } finally {
    await session.close();
    await driver.close();
  }
}

function describe(run: CliRun): string {
  const s = Object.entries(run.sections)
    .map(([k, v]) => `${k} ${v.perSecond.toLocaleString("en")}/s`)
    .join(", ");
  return `${String(run.seconds)} s (exit ${String(run.exitCode)}): ${s}; peak RSS of the CLI ${String(run.peakRssMb)} MB; relationships/s by tenth: ${run.relationshipsPerSecondByTenth.join(", ")}`;
}

/** Runs the built CLI, sampling its RSS every 250 ms and timing its progress lines. */
async function runCli(env: Record<string, string>, cliArgs: string[]): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [args.values.cli ?? path.join(projectRoot(), "dist", "src", "cli", "main.js"), ...cliArgs],
    {
      env: { ...process.env, ...env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const samples: number[] = [];
  const sampler = setInterval(() => {
    void rssMb(child.pid).then((mb) => {
      if (mb !== null) samples.push(mb);
    });
  }, 250);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const lines: { at: number; section: string; done: number }[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    const m = /^\s+(configurationItems|relationships): (\d+)/.exec(line);
    if (m?.[1] && m[2]) lines.push({ at: performance.now(), section: m[1], done: Number(m[2]) });
    else if (line.trim()) say(`  cli: ${line.trim()}`);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  const seconds = round((performance.now() - started) / 1000, 1);
  const intervals: Interval[] = [];
  const sections: CliRun["sections"] = {};
  for (const section of ["configurationItems", "relationships"]) {
    const mine = lines.filter((l) => l.section === section);
    const first = mine[0];
    const last = mine.at(-1);
    for (let i = 1; i < mine.length; i++) {
      const a = mine[i - 1];
      const b = mine[i];
      if (a && b && b.at > a.at)
        intervals.push({
          section,
          done: b.done,
          perSecond: Math.round((b.done - a.done) / ((b.at - a.at) / 1000)),
        });
    }
    if (first && last && last.at > first.at) {
      const secs = (last.at - first.at) / 1000;
      sections[section] = {
        seconds: round(secs, 1),
        entries: last.done,
        perSecond: Math.round((last.done - first.done) / secs),
      };
    }
  }
  const rel = intervals.filter((i) => i.section === "relationships");
  const total = rel.at(-1)?.done ?? 0;
  const byTenth: number[] = [];
  for (let t = 0; t < 10; t++) {
    const lo = (total * t) / 10;
    const hi = (total * (t + 1)) / 10;
    const inTenth = rel.filter((i) => i.done > lo && i.done <= hi).map((i) => i.perSecond);
    if (inTenth.length > 0)
      byTenth.push(Math.round(inTenth.reduce((a, b) => a + b, 0) / inTenth.length));
  }
  let result: Record<string, unknown> | null = null;
  try {
    result = JSON.parse(out) as Record<string, unknown>;
  } catch {
    say(`  the CLI printed no JSON result: ${out.slice(0, 500)}`);
  }
  return {
    seconds,
    exitCode,
    peakRssMb: samples.length ? Math.max(...samples) : Number.NaN,
    rssSamplesMb: thin(samples, 60),
    intervals,
    result,
    sections,
    relationshipsPerSecondByTenth: byTenth,
  };
}

function thin(values: number[], n: number): number[] {
  if (values.length <= n) return values;
  return Array.from({ length: n }, (_, i) => values[Math.floor((i * values.length) / n)] ?? 0);
}

async function rssMb(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m?.[1] ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** The lookup behind idempotency, on the highest-degree CI and on low-degree ones. */
async function timeLookups(
  uri: string,
  password: string,
): Promise<NonNullable<SizeResult["lookup"]>> {
  const registry = await CypherRegistry.load(path.join(projectRoot(), "cypher"));
  const db = new Database(
    createDriver({ uri, username: "neo4j", password, database: "neo4j" }),
    registry,
    "neo4j",
  );
  try {
    const session = db.driver.session({ database: "neo4j" });
    const run = async (name: string, params: Record<string, unknown> = {}) =>
      (await session.run(await benchCypher(name), params)).records;
    const triples = (records: Awaited<ReturnType<typeof run>>) =>
      records.map((x) => ({
        fromId: x.get("fromId") as string,
        toId: x.get("toId") as string,
        type: x.get("type") as string,
      }));
    try {
      const [top] = await run("find-highest-degree-ci");
      const hub = {
        id: top?.get("id") as string,
        key: top?.get("key") as string,
        degree: Number(top?.get("degree")),
      };
      const superRows = triples(await run("list-relationships-into-ci", { id: hub.id }));
      const low = await run("list-low-degree-cis");
      const meanDegree = round(
        low.reduce((a, r) => a + Number(r.get("degree")), 0) / Math.max(1, low.length),
        1,
      );
      const lowRows = triples(
        await run("list-relationships-from-cis", { ids: low.map((r) => r.get("id") as string) }),
      ).slice(0, superRows.length);
      const time = async (rows: typeof superRows): Promise<Summary> => {
        const indexed = rows.map((r, index) => ({ index, ...r }));
        const ms: number[] = [];
        for (let i = 0; i < 30; i++) {
          const t = performance.now();
          const found = await db
            .scope()
            .readTransaction((tx) => findRelationshipsInForce(tx, indexed));
          ms.push(performance.now() - t);
          if (found.size !== rows.length)
            throw new Error(`lookup found ${String(found.size)} of ${String(rows.length)}`);
        }
        return summarise(ms.slice(5).map((x) => round(x)));
      };
      return {
        superNode: {
          key: hub.key,
          degree: hub.degree,
          rows: superRows.length,
          ms: await time(superRows),
        },
        lowDegree: { meanDegree, rows: lowRows.length, ms: await time(lowRows) },
      };
    } finally {
      await session.close();
    }
  } finally {
    await db.close();
  }
}

/** Statements only the benchmark asks (bench/cypher/), kept out of the product's registry. */
async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

async function estateFile(size: number): Promise<string> {
  if (args.values.file) return path.resolve(args.values.file);
  const file = path.join(projectRoot(), ".data", "bench", `estate-${String(size)}.json`);
  if (existsSync(file)) return file;
  await mkdir(path.dirname(file), { recursive: true });
  say(`writing ${file}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(projectRoot(), "dist", "scripts", "generate-estate.js"),
        "--cis",
        String(size),
        "--seed",
        String(SEED),
        "--out",
        file,
      ],
      { stdio: "inherit" },
    );
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`generate-estate exited ${String(code)}`)),
    );
  });
  return file;
}

async function writeResults(results: Record<string, unknown>): Promise<string> {
  await mkdir(args.values.out, { recursive: true });
  const json = path.join(args.values.out, `import-${args.values.name}.json`);
  const md = path.join(args.values.out, `import-${args.values.name}.md`);
  await writeFile(json, await formatted(json, JSON.stringify(results)));
  await writeFile(md, await formatted(md, markdown(results)));
  return json;
}

async function formatted(file: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

function markdown(results: Record<string, unknown>): string {
  const lines = [
    "# Import benchmark",
    "",
    `Run ${String(results.startedAt)} on ${JSON.stringify(results.machine)}${results.finishedAt ? "" : " (not finished: what was measured so far)"}. In one run on the same generated file: PostgreSQL's COPY, \`graph-cmdb import --initial\` into a fresh data directory${args.values["initial-only"] ? " (--initial-only: nothing else)." : " (unless --no-initial), a bare batched UNWIND through the driver into a fresh embedded Neo4j, then the CLI's import into a fresh embedded Neo4j (memory below), and again (all unchanged)."}`,
    "",
  ];
  for (const [size, r] of Object.entries(results.sizes as Record<string, Partial<SizeResult>>)) {
    lines.push(
      `## ${Number(size).toLocaleString("en")} CIs, ${(r.relationships ?? r.inTurns?.sections.relationships?.rows ?? (r.baselines as Partial<Baselines> | null | undefined)?.postgresCopy?.relationships ?? Number.NaN).toLocaleString("en")} relationships (${String(r.fileMb)} MB of JSON)`,
      "",
    );
    if (r.memory)
      lines.push(
        `Embedded Neo4j: heap ${String(r.memory.heapMb)} MiB, page cache ${String(r.memory.pageCacheMb)} MiB (${r.memory.basis}); batches of ${String(r.batchSize ?? args.values["batch-size"])} entries.`,
        "",
      );
    const runs = [
      ["into the empty CMDB", r.intoEmpty],
      ["again, all unchanged", r.unchanged],
    ] as const;
    if (r.intoEmpty)
      lines.push(
        "| run | seconds | CIs/s | relationships/s | relationships/s by tenth of the section | peak RSS of the CLI (MB) | exit |",
        "|---|---|---|---|---|---|---|",
      );
    for (const [name, run] of runs) {
      if (!run) continue;
      lines.push(
        `| ${name} | ${String(run.seconds)} | ${String(run.sections.configurationItems?.perSecond ?? "-")} | ${String(run.sections.relationships?.perSecond ?? "-")} | ${run.relationshipsPerSecondByTenth.join(" / ")} | ${String(run.peakRssMb)} | ${String(run.exitCode)} |`,
      );
    }
    if (r.lookup)
      lines.push(
        "",
        `Finding ${String(r.lookup.superNode.rows)} relationships in force (one batch's lookup): into the super-node ${r.lookup.superNode.key} (degree ${r.lookup.superNode.degree.toLocaleString("en")}) p50 ${String(r.lookup.superNode.ms.p50)} / p95 ${String(r.lookup.superNode.ms.p95)} ms; ${String(r.lookup.lowDegree.rows)} of low-degree CIs (mean degree ${String(r.lookup.lowDegree.meanDegree)}) p50 ${String(r.lookup.lowDegree.ms.p50)} / p95 ${String(r.lookup.lowDegree.ms.p95)} ms.`,
      );
    lines.push("");
    if (r.inTurns) lines.push(...inTurnsLines(r.inTurns));
    if (r.baselines) lines.push(...baselineLines(r));
  }
  return `${lines.join("\n")}\n`;
}

await main();

function baselineLines(r: Partial<SizeResult>): string[] {
  const b = r.baselines as Partial<Baselines>;
  const perSecond = (n: number, seconds: number) =>
    seconds > 0 ? Math.round(n / seconds).toLocaleString("en") : "-";
  const ratio = (a: number, b2: number) => (b2 > 0 ? (a / b2).toFixed(2) : "-");
  const online = (run: CliRun) => ({
    ci: run.sections.configurationItems?.perSecond ?? 0,
    rel: run.sections.relationships?.perSecond ?? 0,
  });
  const cis = r.cis ?? b.postgresCopy?.cis ?? Number.NaN;
  const lines = [
    "### Against the baselines (same file, same run)",
    "",
    "| load | seconds | CIs/s | relationships/s |",
    "|---|---|---|---|",
  ];
  if (b.postgresCopy)
    lines.push(
      `| PostgreSQL COPY + keys and indexes | ${String(b.postgresCopy.seconds)} | ${perSecond(b.postgresCopy.cis, b.postgresCopy.seconds)} (whole load) | |`,
    );
  if (b.initial)
    lines.push(
      `| graph-cmdb import --initial (exit ${String(b.initial.exitCode)}) | ${String(b.initial.seconds)} | ${perSecond(cis, b.initial.seconds)} (whole load) | |`,
    );
  if (b.bareUnwind)
    lines.push(
      `| bare batched UNWIND … CREATE (neo4j-driver) | ${String(b.bareUnwind.seconds)} | ${b.bareUnwind.cis.perSecond.toLocaleString("en")} | ${b.bareUnwind.relationships.perSecond.toLocaleString("en")} |`,
    );
  for (const [name, run] of [
    ["graph-cmdb import, into the empty CMDB", r.intoEmpty],
    ["graph-cmdb import, into the CMDB holding the estate", r.unchanged],
  ] as const) {
    if (!run) continue;
    const o = online(run);
    lines.push(
      `| ${name} | ${String(run.seconds)} | ${o.ci.toLocaleString("en")} | ${o.rel.toLocaleString("en")} |`,
    );
  }
  lines.push("");
  if (b.initial && b.postgresCopy) {
    const t = b.initial.timings;
    lines.push(
      "--initial's steps (s): " +
        Object.entries(t)
          .map(([k, v]) => `${k} ${String(v)}`)
          .join(", ") +
        " (the whole command also counts the CLI's own start).",
      "",
      `- --initial against COPY (target ≤ 3): ${ratio(b.initial.seconds, b.postgresCopy.seconds)}× for the whole command; ${ratio((t.files ?? 0) + (t.bulkImport ?? 0), b.postgresCopy.seconds)}× for reading the document and the bulk importer alone (no store start).`,
    );
  }
  if (b.bareUnwind) {
    const bare = b.bareUnwind;
    for (const [name, run] of [
      ["into the empty CMDB (target ≥ 0.5)", r.intoEmpty],
      ["into the CMDB holding the estate", r.unchanged],
    ] as const) {
      if (!run) continue;
      const o = online(run);
      lines.push(
        `- online ${name} against bare UNWIND: CIs ${ratio(o.ci, bare.cis.perSecond)}, relationships ${ratio(o.rel, bare.relationships.perSecond)}, whole ${ratio(bare.seconds, run.seconds)}.`,
      );
    }
  }
  lines.push("");
  return lines;
}
