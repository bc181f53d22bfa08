// The impact-analysis benchmark: `npm run bench [-- --sizes 100000,1000000 --samples 40]`.
// For each estate size: generate it, load it with the product's own import into an embedded
// Neo4j (kept in .data/bench/<size> between runs; an empty store by `graph-cmdb import --initial`,
// or with `--load import` by the transactional import in chunks), load the same data into PostgreSQL, then time
// impact analyses of random CIs at several depths: end to end through GraphQL, through the
// application (neo4j-driver; the walk inside Neo4j, and the level-by-level Cypher walk), inside
// Neo4j (server time), and as a recursive CTE through `pg`. Both servers are warmed first (JIT,
// caches) with analyses of other random CIs, and the cost of a trivial statement through each
// driver is measured too: the floor under any analysis.
// Results go to bench/results/ as JSON and Markdown.
import "reflect-metadata";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { int } from "neo4j-driver";
import * as prettier from "prettier";
import { spawn } from "node:child_process";
import type { Application } from "../src/application/application.js";
import type { ImpactReport } from "../src/application/impact/impact.js";
import { ImpactService } from "../src/application/impact/impact.service.js";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { openApplication, type OpenedApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED, loadGeneratedEstateIfEmpty, storeHoldsCis } from "./estate.js";
import { PostgresImpact, explainCte, loadEstate, startPostgres } from "./postgres-baseline.js";
import { serveProduct, type ServedProduct } from "./served-product.js";
import { round, seededRandom, summarise, type Summary } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const TOKEN = "bench-admin-token-0123456789abcdef";
const SEED = ESTATE_SEED;
const UNLIMITED = 25;

const args = benchArgs(import.meta.url, {
  sizes: { type: "string", default: "100000,1000000" },
  samples: { type: "string", default: "40" },
  // past depth 4, random CIs can reach most of the estate: each analysis takes seconds there
  "deep-samples": { type: "string", default: "8" },
  depths: { type: "string", default: "2,3,4,6,0" },
  // analyses of other random CIs before measuring, on both servers (JIT, caches)
  warmup: { type: "string", default: "300" },
  // also time the level-by-level Cypher walk (the walk on a Neo4j without the procedure)
  "skip-cypher-walk": { type: "boolean", default: false },
  "skip-postgres": { type: "boolean", default: false },
  // a plugins folder Neo4j loads the walk from, used as it is (e.g. an earlier build's jar)
  plugins: { type: "string" },
  // the results files' name: bench/results/<name>.json and .md
  name: { type: "string", default: "latest" },
  // how an empty store is filled: `import --initial` (the bulk importer; minutes at 1M) or the
  // transactional import in chunks (hours at 1M on a busy machine); the same store either way
  load: { type: "string", default: "initial" },
  // repetitions of each change-set and super-node analysis (the GraphQL ÷ walk classes)
  "class-samples": { type: "string", default: "5" },
  out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
});
const sizes = args.values.sizes.split(",").map(Number);
const samples = Number(args.values.samples);
const deepSamples = Number(args.values["deep-samples"]);
const depths = args.values.depths.split(",").map(Number); // 0 = unlimited (the server's cap)
const warmup = Number(args.values.warmup);
const classSamples = Number(args.values["class-samples"]);
const loadBy = args.values.load;
if (loadBy !== "initial" && loadBy !== "import")
  throw new Error(`--load: initial or import (got ${JSON.stringify(loadBy.slice(0, 40))})`);
// the embedded Neo4j's memory: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB when set (a shared
// machine), else what a 1M estate was first measured with
const memory = {
  heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 8192),
  pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 6144),
};
const say = (line: string): void => {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface Measurement {
  readonly root: string;
  readonly depth: number;
  readonly impacted: number;
  readonly truncated: boolean;
  readonly graphqlMs: number;
  /** GraphQL selecting the whole answer as a screen would: `impacted { distance configurationItem { key } }`. */
  readonly graphqlWholeMs: number;
  readonly driverMs: number;
  /** The walk alone, counting CIs per distance as the CTE does, through neo4j-driver. */
  readonly statementMs: number;
  readonly statementImpacted: number;
  /** The bare walk returning every CI's key and distance, through neo4j-driver. */
  readonly keysWalkMs: number;
  /** The same analysis with the level-by-level Cypher walk (null: not timed). */
  readonly cypherWalkMs: number | null;
  readonly cypherWalkAgrees: boolean | null;
  readonly serverMs: number;
  readonly roundTrips: number;
  readonly postgresMs: number | null;
  readonly postgresImpacted: number | null;
  readonly postgresTimedOut: boolean;
}

interface SizeResult {
  readonly cis: number;
  readonly relationships: number;
  readonly load: {
    seconds: number;
    ciPerSecond: number;
    relationshipsPerSecond: number;
    skipped: boolean;
    /** `import --initial` or the transactional import (absent: an earlier run's, by import). */
    method?: "initial" | "import";
  };
  readonly postgresLoadSeconds: number | null;
  readonly byDepth: {
    depth: string;
    graphql: Summary;
    driver: Summary;
    statement: Summary;
    statementOverPostgresP50: number | null;
    cypherWalk: Summary | null;
    server: Summary;
    postgres: Summary | null;
    driverOverPostgresP50: number | null;
    cypherWalkOverPostgresP50: number | null;
    /** GraphQL (the whole answer, keys and distances) ÷ the bare walk statement. */
    graphqlOverWalk: { p50: number; p95: number };
    /** GraphQL ÷ the bare walk returning every CI's key and distance. */
    graphqlOverKeysWalk: { p50: number; p95: number };
    meanImpacted: number;
    countsAgree: string;
  }[];
  readonly depth4UpTo1000: { graphql: Summary; roots: number };
  /** GraphQL ÷ the bare walk per class of answer, and a first page against the summary. */
  readonly classes: ClassResult[];
  /** A trivial statement through each driver: what any analysis costs at least. */
  readonly floor: {
    neo4jReadTransaction: Summary;
    neo4jAutoCommit: Summary;
    postgres: Summary | null;
    /** `{ __typename }` through the GraphQL endpoint, the same client: what HTTP alone costs. */
    graphql: Summary | null;
  };
  readonly costPerTouchedNode: {
    bucket: string;
    n: number;
    serverMsP50: number;
    msPer1000Nodes: number;
  }[];
  readonly profile: {
    operators: string[];
    dbHits: number;
    rows: number;
    frontier: number;
    verdict: string;
    procedureOperators: string[];
  };
  readonly postgresPlan: string | null;
  readonly measurements: Measurement[];
}

interface ClassResult {
  readonly name: string;
  readonly samples: number;
  readonly meanImpacted: number;
  readonly walk: Summary;
  /** The bare walk returning every CI's key and distance (list-impacted-keys-from-keys). */
  readonly keysWalk: Summary;
  readonly graphql: Summary;
  readonly graphqlOverWalk: { p50: number; p95: number };
  /** GraphQL ÷ the walk that ships the keys. */
  readonly graphqlOverKeysWalk: { p50: number; p95: number };
  readonly postgres: Summary | null;
  /** The bare walk ÷ the CTE (PostgreSQL), same roots; null without PostgreSQL. */
  readonly walkOverPostgres: { p50: number; p95: number } | null;
  /** Analyses whose walk and CTE counted the same CIs, of those the CTE answered. */
  readonly countsAgree: string;
  /** The report's summary alone (counts, business services, depth reached, truncated). */
  readonly summary: Summary | null;
  /** The summary and the first page of 100 impacted CIs (null: the schema has no such field). */
  readonly firstPage: Summary | null;
  readonly firstPageOverSummary: { p50: number; p95: number } | null;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
    },
    samples,
    warmup,
    neo4jMemory: memory,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
    depths: depths.map((d) => (d === 0 ? `unlimited (${String(UNLIMITED)})` : String(d))),
    sizes: {},
  };
  for (const size of sizes) {
    (results.sizes as Record<string, SizeResult>)[String(size)] = await benchSize(size);
    await writeResults(results);
  }
  results.finishedAt = new Date().toISOString();
  const file = await writeResults(results);
  say(`results written to ${file}`);
}

async function benchSize(size: number): Promise<SizeResult> {
  const dir = path.join(projectRoot(), ".data", "bench", String(size));
  await mkdir(dir, { recursive: true });
  say(`== estate of ${size.toLocaleString("en")} CIs`);
  const log = createLogger("warn", "bench");
  const initial =
    loadBy === "initial" && !existsSync(path.join(dir, "neo4j"))
      ? await loadWithInitial(size, dir)
      : null;
  const neo4j: EmbeddedNeo4j = await startEmbeddedNeo4j({
    home: path.join(dir, "neo4j"),
    port: await freePort(),
    heapMb: memory.heapMb,
    pageCacheMb: memory.pageCacheMb,
    log,
    startTimeoutMs: 600_000,
    ...(args.values.plugins ? { pluginsDir: path.resolve(args.values.plugins) } : {}),
  });
  let opened: OpenedApplication | null = null;
  let running: ServedProduct | null = null;
  try {
    const env = {
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      GRAPH_CMDB_DEMO: "false",
      GRAPH_CMDB_ADMIN_TOKEN: TOKEN,
      GRAPH_CMDB_IMPACT_MAX_DEPTH: String(UNLIMITED),
      // the benchmark wants complete answers to compare with PostgreSQL's
      GRAPH_CMDB_IMPACT_NODE_CAP: "1000000",
      // on a shared, busy machine a slow analysis is measured, not refused
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
      // the benchmark's requests come from one client at full speed
      GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
    };
    const config = loadConfig(env);
    // the core in this process (the load, the driver-side walks), the server in its own, so that
    // the client's HTTP and JSON parsing are not charged to the server it measures
    opened = await openApplication(config, log);
    const app = opened.app;
    const cypherWalk = args.values["skip-cypher-walk"]
      ? null
      : new ImpactService({ ...config.impact, walk: "cypher" }, app.catalogue);
    const load = initial ?? (await loadWithImport(app, size));
    running = await serveProduct(env);
    const estate = generateEstate({ ciCount: size, seed: SEED });
    const keys = [...estate.configurationItems()].map((c) => c.key);
    const random = seededRandom(SEED + size);
    const roots = Array.from(
      { length: samples },
      () => keys[Math.floor(random() * keys.length)] as string,
    );

    let pg: PostgresImpact | null = null;
    let stopPg: (() => Promise<void>) | null = null;
    let postgresLoadSeconds: number | null = null;
    if (!args.values["skip-postgres"]) {
      const file = await estateFile(size);
      const server = await startPostgres({ log: say });
      stopPg = server.stop;
      const loaded = await loadEstate(server.connectionString, file, { log: say });
      postgresLoadSeconds = loaded.seconds;
      say(
        `PostgreSQL loaded ${String(loaded.cis)} CIs, ${String(loaded.relationships)} relationships in ${String(round(loaded.seconds, 1))} s`,
      );
      pg = await PostgresImpact.connect(server.connectionString, { statementTimeoutMs: 30_000 });
    }
    try {
      // warm caches and JIT on both sides before measuring, on other CIs than those measured
      say(`warming up: ${String(warmup)} analyses at depth 4 on each side`);
      for (let i = 0; i < warmup; i++) {
        const root = keys[Math.floor(random() * keys.length)] as string;
        await measure(running, app, i % 10 === 0 ? cypherWalk : null, pg, root, 4);
      }
      const floor = await measureFloor(app, pg, running);
      say(
        `floor: Neo4j read transaction p50 ${String(floor.neo4jReadTransaction.p50)} ms, ` +
          `auto-commit ${String(floor.neo4jAutoCommit.p50)} ms, PostgreSQL ${floor.postgres ? String(floor.postgres.p50) : "-"} ms, ` +
          `GraphQL { __typename } ${floor.graphql ? String(floor.graphql.p50) : "-"} ms`,
      );
      const measurements: Measurement[] = [];
      for (const depth of depths) {
        const maxDepth = depth === 0 ? UNLIMITED : depth;
        // deep walks from random CIs can touch most of the estate: fewer samples there
        const sample = maxDepth > 4 ? roots.slice(0, deepSamples) : roots;
        let postgresTimeouts = 0;
        for (const root of sample) {
          // a recursive CTE that timed out three times at this depth will not do better on the next CI
          const m = await measure(
            running,
            app,
            cypherWalk,
            postgresTimeouts >= 3 ? null : pg,
            root,
            maxDepth,
          );
          if (m.postgresTimedOut) postgresTimeouts += 1;
          measurements.push(m);
          if (maxDepth > 6)
            say(
              `  ${root}: ${String(m.impacted)} impacted, driver ${String(m.driverMs)} ms, Cypher walk ${String(m.cypherWalkMs)} ms, PostgreSQL ${String(m.postgresMs)} ms`,
            );
        }
        const last = measurements.filter((m) => m.depth === maxDepth);
        say(
          `depth ${depth === 0 ? "unlimited" : String(depth)}: GraphQL p95 ${String(summarise(last.map((m) => m.graphqlMs)).p95)} ms, ` +
            `driver p50 ${String(summarise(last.map((m) => m.driverMs)).p50)} ms, ` +
            `PostgreSQL p50 ${pg ? String(summarise(last.flatMap((m) => (m.postgresMs === null ? [] : [m.postgresMs]))).p50) : "-"} ms`,
        );
      }
      const classes = await measureClasses(running, app, pg, keys, random);
      const profile = await profileExpansion(app, roots.slice(0, 10));
      const postgresPlan = pg ? await explainCte(pg.client, roots[0] as string, 4) : null;
      return {
        cis: estate.summary.ciCount,
        relationships: estate.summary.relationshipCount,
        load,
        postgresLoadSeconds,
        byDepth: depths.map((d) =>
          depthSummary(measurements, d === 0 ? UNLIMITED : d, d === 0 ? "unlimited" : String(d)),
        ),
        depth4UpTo1000: (() => {
          const m = measurements.filter((x) => x.depth === 4 && x.impacted <= 1000);
          return { graphql: summarise(m.map((x) => x.graphqlMs)), roots: m.length };
        })(),
        classes,
        floor,
        costPerTouchedNode: costBuckets(measurements),
        profile,
        postgresPlan,
        measurements,
      };
    } finally {
      await pg?.close();
      await stopPg?.();
    }
  } finally {
    await running?.stop();
    await opened?.close();
    await neo4j.stop();
  }
}

async function measure(
  running: ServedProduct,
  app: Application,
  cypherWalk: ImpactService | null,
  pg: PostgresImpact | null,
  root: string,
  maxDepth: number,
): Promise<Measurement> {
  const query = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
    truncated impacted { configurationItem { key type } distance impactLevel reachedThrough }
    businessServices { configurationItem { key criticality } distance impactLevel } } }`;
  const t0 = performance.now();
  const res = await fetch(`${running.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables: { input: { ciKeys: [root], maxDepth } } }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  const graphqlMs = performance.now() - t0;
  if (body.errors) throw new Error(`GraphQL error for ${root}: ${JSON.stringify(body.errors)}`);

  const graphqlWholeMs = (
    await graphqlTimed(running, WHOLE_QUERY, { input: { ciKeys: [root], maxDepth } })
  ).ms;

  const scope = app.db.scope();
  const t1 = performance.now();
  const report: ImpactReport = await app.impact.analyse(scope, ACTOR, { ciKeys: [root], maxDepth });
  const driverMs = performance.now() - t1;

  // the same question as the CTE (CIs per distance), one auto-commit statement as pg sends it
  const types = walkTypes(
    (await app.catalogue.read(app.db.scope(), ACTOR)).catalogue,
    "DEPENDENTS",
    null,
  );
  const session = app.db.driver.session({ database: app.db.name });
  const t3 = performance.now();
  let statementImpacted = 0;
  try {
    const counted = await session.run(app.db.registry.get("impact/count-impacted-by-distance"), {
      rootKey: root,
      incoming: types.incoming,
      outgoing: types.outgoing,
      maxDepth: int(maxDepth),
      nodeCap: int(1_000_000),
    });
    for (const r of counted.records) statementImpacted += Number(r.get("cis"));
  } finally {
    await session.close();
  }
  const statementMs = performance.now() - t3;
  const keysWalk = await keysWalkTimed(app, [root], maxDepth);
  if (keysWalk.impacted !== statementImpacted) {
    throw new Error(
      `${root}: the walk listing keys reached ${String(keysWalk.impacted)} CIs, counting ${String(statementImpacted)}`,
    );
  }

  let cypherWalkMs: number | null = null;
  let cypherWalkAgrees: boolean | null = null;
  if (cypherWalk) {
    const t2 = performance.now();
    const levels = await cypherWalk.analyse(app.db.scope(), ACTOR, { ciKeys: [root], maxDepth });
    cypherWalkMs = performance.now() - t2;
    cypherWalkAgrees = levels.impacted.length === report.impacted.length;
  }

  const p = pg ? await pg.impact(root, maxDepth) : null;
  return {
    root,
    depth: maxDepth,
    impacted: report.impacted.length,
    truncated: report.truncated,
    graphqlMs: round(graphqlMs),
    graphqlWholeMs: round(graphqlWholeMs),
    driverMs: round(driverMs),
    statementMs: round(statementMs),
    statementImpacted,
    keysWalkMs: keysWalk.ms,
    cypherWalkMs: cypherWalkMs === null ? null : round(cypherWalkMs),
    cypherWalkAgrees,
    serverMs: round(scope.serverMs),
    roundTrips: scope.roundTrips,
    postgresMs: p ? round(p.ms) : null,
    postgresImpacted: p ? p.impacted : null,
    postgresTimedOut: p?.timedOut ?? false,
  };
}

/**
 * A trivial statement, 300 times through each driver, after the warm-up; and a trivial GraphQL
 * request (`{ __typename }`, no Neo4j) through the client the benchmark's GraphQL figures use.
 */
async function measureFloor(
  app: Application,
  pg: PostgresImpact | null,
  running: ServedProduct,
): Promise<SizeResult["floor"]> {
  const times = async (f: () => Promise<unknown>): Promise<Summary> => {
    const ms: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await f();
      ms.push(performance.now() - t);
    }
    return summarise(ms.map((x) => round(x)));
  };
  const session = () => app.db.driver.session({ database: app.db.name });
  return {
    // as the product reads: a read transaction in a session with the request's bookmarks
    neo4jReadTransaction: await times(() =>
      app.db.scope().readTransaction((tx) => tx.run("health/ping")),
    ),
    neo4jAutoCommit: await times(async () => {
      const s = session();
      try {
        await s.run(app.db.registry.get("health/ping"));
      } finally {
        await s.close();
      }
    }),
    postgres: pg ? await times(() => pg.client.query("SELECT 1")) : null,
    graphql: await times(() => graphqlTimed(running, "{ __typename }", {})),
  };
}

function depthSummary(
  all: Measurement[],
  depth: number,
  label: string,
): SizeResult["byDepth"][number] {
  const m = all.filter((x) => x.depth === depth);
  const pgDone = m.filter((x) => x.postgresMs !== null && !x.postgresTimedOut);
  const pgMs = m.flatMap((x) => (x.postgresMs === null ? [] : [x.postgresMs]));
  const driver = summarise(m.map((x) => x.driverMs));
  const statement = summarise(m.map((x) => x.statementMs));
  const cypherMs = m.flatMap((x) => (x.cypherWalkMs === null ? [] : [x.cypherWalkMs]));
  const cypherWalk = cypherMs.length ? summarise(cypherMs) : null;
  const postgres = pgMs.length ? summarise(pgMs) : null;
  // the analysis, the walk statement and the CTE count the same CIs
  const agree = pgDone.filter(
    (x) => x.postgresImpacted === x.impacted && x.statementImpacted === x.impacted,
  ).length;
  return {
    depth: label,
    graphql: summarise(m.map((x) => x.graphqlMs)),
    driver,
    statement,
    statementOverPostgresP50: postgres ? round(statement.p50 / postgres.p50, 3) : null,
    cypherWalk,
    server: summarise(m.map((x) => x.serverMs)),
    postgres,
    driverOverPostgresP50: postgres ? round(driver.p50 / postgres.p50, 3) : null,
    cypherWalkOverPostgresP50:
      postgres && cypherWalk ? round(cypherWalk.p50 / postgres.p50, 3) : null,
    graphqlOverWalk: ratio(summarise(m.map((x) => x.graphqlWholeMs)), statement),
    graphqlOverKeysWalk: ratio(
      summarise(m.map((x) => x.graphqlWholeMs)),
      summarise(m.map((x) => x.keysWalkMs)),
    ),
    meanImpacted: round(m.reduce((a, x) => a + x.impacted, 0) / Math.max(1, m.length), 1),
    countsAgree:
      `${String(agree)}/${String(pgDone.length)} (timed out in PostgreSQL: ${String(m.length - pgDone.length)})` +
      (cypherMs.length
        ? `; Cypher walk ${String(m.filter((x) => x.cypherWalkAgrees === true).length)}/${String(cypherMs.length)}`
        : ""),
  };
}

/** Server time against the number of CIs touched: flat across graph sizes if cost follows the touched part. */
function costBuckets(all: Measurement[]): SizeResult["costPerTouchedNode"] {
  const buckets: [string, number, number][] = [
    ["1-10", 1, 10],
    ["11-100", 11, 100],
    ["101-1,000", 101, 1000],
    ["1,001-10,000", 1001, 10_000],
    ["10,001-100,000", 10_001, 100_000],
    ["> 100,000", 100_001, Number.MAX_SAFE_INTEGER],
  ];
  return buckets
    .map(([bucket, lo, hi]) => {
      const m = all.filter((x) => x.impacted >= lo && x.impacted <= hi);
      const ms = summarise(m.map((x) => x.serverMs)).p50;
      const nodes = m.reduce((a, x) => a + x.impacted, 0);
      const total = m.reduce((a, x) => a + x.serverMs, 0);
      return {
        bucket,
        n: m.length,
        serverMsP50: ms,
        msPer1000Nodes: nodes ? round((total / nodes) * 1000) : Number.NaN,
      };
    })
    .filter((b) => b.n > 0);
}

/** PROFILE of one level's expansion: one-hop Expand operators, db hits in line with rows, no path enumeration. */
async function profileExpansion(
  app: Application,
  candidates: readonly string[],
): Promise<SizeResult["profile"]> {
  // the candidate with the widest first level, so that the profiled expansion has rows to show
  let widest: ImpactReport | null = null;
  for (const root of candidates) {
    const report = await app.impact.analyse(app.db.scope(), ACTOR, { ciKeys: [root], maxDepth: 2 });
    if (!widest || report.impacted.length > widest.impacted.length) widest = report;
  }
  const report = widest as ImpactReport;
  const frontier = [...new Set(report.impacted.filter((i) => i.distance === 1).map((i) => i.id))];
  const ids = frontier.length > 0 ? frontier : report.roots.map((r) => r.id);
  const { catalogue } = await app.catalogue.read(app.db.scope(), ACTOR);
  const types = walkTypes(catalogue, "DEPENDENTS", null);
  const session = app.db.driver.session({ database: app.db.name });
  try {
    const result = await session.run(`PROFILE ${app.db.registry.get("impact/expand-frontier")}`, {
      ids,
      incoming: types.incoming,
      outgoing: types.outgoing,
    });
    const operators: string[] = [];
    let dbHits = 0;
    const walk = (p: { operatorType: string; dbHits: number; children: unknown[] }): void => {
      operators.push(p.operatorType.replace(/@neo4j$/, ""));
      dbHits += p.dbHits;
      for (const c of p.children) walk(c as typeof p);
    };
    const profile = result.summary.profile;
    if (profile) walk(profile);
    const enumerates = operators.some((o) => /VarLength|ShortestPath|Repeat|Trail/i.test(o));
    const procedure = await session.run(
      `PROFILE ${app.db.registry.get("impact/walk-in-database")}`,
      {
        rootIds: report.roots.map((r) => r.id),
        rootKeys: [],
        incoming: types.incoming,
        outgoing: types.outgoing,
        groupIsTarget: types.groupIsTarget,
        groupIsSource: types.groupIsSource,
        maxDepth: int(2),
        nodeCap: int(1_000_000),
        target: null,
      },
    );
    const procedureOperators: string[] = [];
    const names = (p: { operatorType: string; children: unknown[] }): void => {
      procedureOperators.push(p.operatorType.replace(/@neo4j$/, ""));
      for (const c of p.children) names(c as typeof p);
    };
    if (procedure.summary.profile) names(procedure.summary.profile);
    return {
      operators,
      dbHits,
      rows: result.records.length,
      frontier: ids.length,
      verdict: enumerates
        ? "a path-enumerating operator is in the plan"
        : "one-hop expansions only: no path enumeration",
      procedureOperators,
    };
  } finally {
    await session.close();
  }
}

async function loadWithImport(app: Application, size: number): Promise<SizeResult["load"]> {
  const record = path.join(projectRoot(), ".data", "bench", String(size), "load.json");
  if (await storeHoldsCis(app)) {
    say("Neo4j already holds the estate (from an earlier run): load skipped, its figures reported");
    const earlier = existsSync(record)
      ? (JSON.parse(await readFile(record, "utf8")) as SizeResult["load"])
      : {
          seconds: Number.NaN,
          ciPerSecond: Number.NaN,
          relationshipsPerSecond: Number.NaN,
          skipped: true,
        };
    return { ...earlier, skipped: true };
  }
  const loaded = await loadGeneratedEstateIfEmpty(app, size, {
    say,
    reason: "benchmark load",
    // its Neo4j has an 8 GiB heap: chunks of this size fit one transaction
    // one transaction per chunk: 500k relationships need more than a 4 GiB heap
    cisPerChunk: memory.heapMb >= 8192 ? 100_000 : 25_000,
    relationshipsPerChunk: memory.heapMb >= 8192 ? 500_000 : 100_000,
  });
  if (!loaded) throw new Error("the store filled up while it was being checked");
  const load = {
    seconds: loaded.seconds,
    ciPerSecond: Math.round(loaded.cis / loaded.ciSeconds),
    relationshipsPerSecond: Math.round(loaded.relationships / (loaded.seconds - loaded.ciSeconds)),
    skipped: false,
  };
  await writeFile(record, `${JSON.stringify(load, null, 2)}\n`);
  return load;
}

/**
 * An empty store filled by `graph-cmdb import --initial` (the compiled CLI, in a process of its
 * own, with this run's Neo4j memory) from the estate's file: the same store the transactional
 * import makes (the initial load's exactness test), in minutes at 1M instead of hours.
 */
async function loadWithInitial(size: number, dir: string): Promise<SizeResult["load"]> {
  const file = await estateFile(size);
  say(`loading ${file} with graph-cmdb import --initial into ${dir}`);
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(projectRoot(), "dist", "src", "cli", "main.js"), "import", "--initial", file],
      {
        env: {
          ...process.env,
          GRAPH_CMDB_DATA_DIR: dir,
          GRAPH_CMDB_EMBEDDED_HEAP_MB: String(memory.heapMb),
          GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: String(memory.pageCacheMb),
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "inherit", "pipe"],
      },
    );
    // the CLI's progress, a line every few thousand rows: only its steps are said
    let last = "";
    child.stderr.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n")) {
        if (line.trim() && !/^\s+(configurationItems|relationships): \d+/.test(line))
          say(`  ${line.trim()}`);
        if (line.trim()) last = line.trim();
      }
    });
    child.on("error", reject);
    child.on("exit", (c) => {
      if (c !== 0) say(`  import --initial's last line: ${last}`);
      resolve(c);
    });
  });
  if (code !== 0) throw new Error(`graph-cmdb import --initial exited ${String(code)}`);
  const seconds = (performance.now() - started) / 1000;
  const relationships = generateEstate({ ciCount: size, seed: SEED }).summary.relationshipCount;
  const load = {
    seconds: round(seconds, 1),
    ciPerSecond: Math.round(size / seconds),
    relationshipsPerSecond: Math.round(relationships / seconds),
    skipped: false,
    method: "initial" as const,
  };
  await writeFile(path.join(dir, "load.json"), `${JSON.stringify(load, null, 2)}\n`);
  return load;
}

/** The same estate as a file, for PostgreSQL's loader (generated once, kept in .data/bench). */
async function estateFile(size: number): Promise<string> {
  const file = path.join(projectRoot(), ".data", "bench", `estate-${String(size)}.json`);
  if (existsSync(file)) return file;
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
  const json = path.join(args.values.out, `${args.values.name}.json`);
  const md = path.join(args.values.out, `${args.values.name}.md`);
  // in the repository's own format, so that a run leaves nothing for the format check to flag
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
    "# Impact analysis benchmark",
    "",
    `Run ${String(results.startedAt)} on ${JSON.stringify(results.machine)}; ${String(samples)} random CIs per depth up to 4, the first ${String(deepSamples)} of them beyond. Times in ms. Embedded Neo4j: heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB; load average (1, 5, 15 min) at the start ${JSON.stringify(results.loadAverageAtStart)}, at the end ${JSON.stringify(os.loadavg().map((l) => round(l, 2)))}.`,
    "",
  ];
  for (const [size, raw] of Object.entries(results.sizes as Record<string, SizeResult>)) {
    const r = raw;
    lines.push(
      `## ${Number(size).toLocaleString("en")} CIs, ${r.relationships.toLocaleString("en")} relationships`,
      "",
    );
    lines.push(
      Number.isNaN(r.load.seconds)
        ? "Load: the store already held the estate, filled outside this benchmark (no load figures recorded)."
        : `Load with the product's ${r.load.method === "initial" ? "`import --initial` (the whole command: CIs and relationships together)" : "import"}${r.load.skipped ? " (by an earlier run of this benchmark)" : ""}: ${String(r.load.seconds)} s (${String(r.load.ciPerSecond)} CIs/s, ${String(r.load.relationshipsPerSecond)} relationships/s).`,
      r.postgresLoadSeconds === null
        ? ""
        : `PostgreSQL load (COPY + indexes): ${String(round(r.postgresLoadSeconds, 1))} s.`,
      "",
      `Floor (a trivial statement, 300 times after the warm-up): Neo4j through neo4j-driver in a read transaction p50 ${String(r.floor.neo4jReadTransaction.p50)} / p95 ${String(r.floor.neo4jReadTransaction.p95)}, auto-commit p50 ${String(r.floor.neo4jAutoCommit.p50)}; PostgreSQL through pg p50 ${r.floor.postgres ? `${String(r.floor.postgres.p50)} / p95 ${String(r.floor.postgres.p95)}` : "-"}; GraphQL \`{ __typename }\` through the benchmark's HTTP client (no Neo4j) p50 ${r.floor.graphql ? `${String(r.floor.graphql.p50)} / p95 ${String(r.floor.graphql.p95)}` : "-"}.`,
      "",
      "statement: the walk inside Neo4j counting CIs per distance, the question the CTE answers, one statement through neo4j-driver; driver: the application's whole analysis through neo4j-driver (levels, paths, services); Cypher walk: that analysis walked level by level in Cypher (a Neo4j without the procedure); inside Neo4j: the analysis's server time.",
      "",
      "| depth | mean impacted | GraphQL p50 / p95 / p99 | statement p50 / p95 / p99 | driver p50 / p95 / p99 | Cypher walk p50 / p95 | inside Neo4j p50 / p95 | PostgreSQL CTE p50 / p95 / p99 | statement ÷ PostgreSQL (p50) | driver ÷ PostgreSQL (p50) | Cypher walk ÷ PostgreSQL (p50) | counts agree |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const d of r.byDepth) {
      const s = (x: Summary | null) =>
        x ? `${String(x.p50)} / ${String(x.p95)} / ${String(x.p99)}` : "-";
      lines.push(
        `| ${d.depth} | ${String(d.meanImpacted)} | ${s(d.graphql)} | ${s(d.statement)} | ${s(d.driver)} | ${d.cypherWalk ? `${String(d.cypherWalk.p50)} / ${String(d.cypherWalk.p95)}` : "-"} | ${String(d.server.p50)} / ${String(d.server.p95)} | ${s(d.postgres)} | ${d.statementOverPostgresP50 === null ? "-" : String(d.statementOverPostgresP50)} | ${d.driverOverPostgresP50 === null ? "-" : String(d.driverOverPostgresP50)} | ${d.cypherWalkOverPostgresP50 === null ? "-" : String(d.cypherWalkOverPostgresP50)} | ${d.countsAgree} |`,
      );
    }
    lines.push(
      "",
      `Depth 4, CIs with at most 1,000 impacted: GraphQL p95 ${String(r.depth4UpTo1000.graphql.p95)} ms over ${String(r.depth4UpTo1000.roots)} CIs (target: under 50 ms).`,
      "",
      "GraphQL ÷ walk: GraphQL selecting the whole answer (`impacted { distance configurationItem { key } }`, or every page of the connection when the schema has it: see the class table) ÷ the bare walk statement, same roots. Two divisors: the walk counting CIs per distance (ships no keys: what the engine costs), and the walk returning every CI's key and distance (bench/cypher/list-impacted-keys-from-keys.cypher: what the GraphQL answer holds, through neo4j-driver).",
      "",
      "| depth | GraphQL ÷ counting walk p50 / p95 | GraphQL ÷ walk with keys p50 / p95 |",
      "|---|---|---|",
      ...r.byDepth.map(
        (d) =>
          `| ${d.depth} | ${String(d.graphqlOverWalk.p50)} / ${String(d.graphqlOverWalk.p95)} | ${String(d.graphqlOverKeysWalk.p50)} / ${String(d.graphqlOverKeysWalk.p95)} |`,
      ),
      "",
      "Per class (each analysis of a class repeated, walk and GraphQL interleaved; summary: the report without its impacted CIs; first page: the summary and the first 100 impacted CIs of the connection):",
      "",
      "| class | samples | mean impacted | walk p50 / p95 | walk with keys p50 / p95 | GraphQL whole p50 / p95 | GraphQL ÷ walk p50 / p95 | GraphQL ÷ walk with keys p50 / p95 | PostgreSQL CTE p50 / p95 | walk ÷ CTE p50 / p95 | counts agree with the CTE | summary p50 / p95 | first page of 100 p50 / p95 | first page ÷ summary p50 / p95 |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...r.classes.map((c) => {
        const s2 = (x: Summary | null) => (x ? `${String(x.p50)} / ${String(x.p95)}` : "-");
        const q = (x: { p50: number; p95: number } | null) =>
          x ? `${String(x.p50)} / ${String(x.p95)}` : "-";
        return `| ${c.name} | ${String(c.samples)} | ${String(c.meanImpacted)} | ${s2(c.walk)} | ${s2(c.keysWalk)} | ${s2(c.graphql)} | ${q(c.graphqlOverWalk)} | ${q(c.graphqlOverKeysWalk)} | ${s2(c.postgres)} | ${q(c.walkOverPostgres)} | ${c.countsAgree} | ${s2(c.summary)} | ${s2(c.firstPage)} | ${q(c.firstPageOverSummary)} |`;
      }),
      "",
      ...httpFloorLines(r),
      "Cost per CI touched (server time, all depths):",
      "",
      "| impacted CIs | analyses | server p50 ms | ms per 1,000 CIs touched |",
      "|---|---|---|---|",
      ...r.costPerTouchedNode.map(
        (b) =>
          `| ${b.bucket} | ${String(b.n)} | ${String(b.serverMsP50)} | ${String(b.msPer1000Nodes)} |`,
      ),
      "",
      `PROFILE of one level's expansion of the Cypher walk (${String(r.profile.frontier)} frontier CIs → ${String(r.profile.rows)} rows, ${String(r.profile.dbHits)} db hits): ${r.profile.operators.join(" ← ")} — ${r.profile.verdict}.`,
      "",
      `PROFILE of the walk inside Neo4j: ${r.profile.procedureOperators.join(" ← ")} — one procedure call, a breadth-first walk that expands each CI once (graphcmdb.impact.walk); Neo4j counts no db hits inside procedures.`,
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The least GraphQL ÷ walk could be in this run: a GraphQL answer is at least one HTTP request
 * (the `{ __typename }` floor) and the statement that reads what it returns (the walk with keys,
 * itself one Bolt round trip from the benchmark as from the server), so no work in the API can
 * bring the ratio below (walk + HTTP floor) ÷ walk.
 */
function httpFloorLines(r: SizeResult): string[] {
  const http = r.floor.graphql;
  if (!http || r.classes.length === 0) return [];
  const least = (walkMs: number) => (walkMs > 0 ? round((walkMs + http.p50) / walkMs, 2) : NaN);
  return [
    `Least GraphQL ÷ walk possible on this run (p50): the walk plus one HTTP request (\`{ __typename }\` p50 ${String(http.p50)} ms) ÷ the walk: ${r.classes
      .map(
        (c) =>
          `${c.name} ${String(least(c.walk.p50))} over the counting walk, ${String(least(c.keysWalk.p50))} over the walk with keys`,
      )
      .join("; ")}.`,
    "",
  ];
}

/** The answer a screen that shows every impacted CI asks for (the issue's measure). */
const WHOLE_QUERY = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;
const SUMMARY_QUERY = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated depthReached counts { down degraded atRisk }
  businessServices { distance configurationItem { key criticality } } } }`;
const FIRST_PAGE_QUERY = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated depthReached counts { down degraded atRisk }
  businessServices { distance configurationItem { key criticality } }
  impactedItems(first: 100) { totalCount pageInfo { hasNextPage endCursor }
    nodes { distance level configurationItem { key } } } } }`;

async function graphqlTimed(
  running: ServedProduct,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ ms: number; data: unknown; unsupported: boolean }> {
  const t0 = performance.now();
  const res = await fetch(`${running.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { message: string }[]; data?: unknown };
  const ms = performance.now() - t0;
  if (body.errors) {
    // a schema without the paged report (a run before it existed): reported as "-"
    if (body.errors.some((e) => /Cannot query field/.test(e.message)))
      return { ms, data: null, unsupported: true };
    throw new Error(`GraphQL error: ${JSON.stringify(body.errors).slice(0, 500)}`);
  }
  return { ms: round(ms), data: body.data, unsupported: false };
}

/** The bare walk from these CIs, counting per distance: one statement through neo4j-driver. */
async function walkTimed(
  app: Application,
  rootKeys: readonly string[],
  maxDepth: number,
): Promise<{ ms: number; impacted: number }> {
  const types = walkTypes(
    (await app.catalogue.read(app.db.scope(), ACTOR)).catalogue,
    "DEPENDENTS",
    null,
  );
  const statement = await benchCypher("count-impacted-from-keys");
  const session = app.db.driver.session({ database: app.db.name });
  const t0 = performance.now();
  let impacted = 0;
  try {
    const counted = await session.run(statement, {
      rootKeys,
      incoming: types.incoming,
      outgoing: types.outgoing,
      maxDepth: int(maxDepth),
      nodeCap: int(1_000_000),
    });
    for (const r of counted.records) impacted += Number(r.get("cis"));
  } finally {
    await session.close();
  }
  return { ms: round(performance.now() - t0), impacted };
}

/**
 * The bare walk from these CIs returning every CI's key and distance (what GraphQL's whole
 * answer holds): one statement through neo4j-driver, the keys read as the driver gives them.
 */
async function keysWalkTimed(
  app: Application,
  rootKeys: readonly string[],
  maxDepth: number,
): Promise<{ ms: number; impacted: number }> {
  const types = walkTypes(
    (await app.catalogue.read(app.db.scope(), ACTOR)).catalogue,
    "DEPENDENTS",
    null,
  );
  const statement = await benchCypher("list-impacted-keys-from-keys");
  const session = app.db.driver.session({ database: app.db.name });
  const t0 = performance.now();
  let impacted = 0;
  try {
    const listed = await session.run(statement, {
      rootKeys,
      incoming: types.incoming,
      outgoing: types.outgoing,
      maxDepth: int(maxDepth),
      nodeCap: int(1_000_000),
    });
    for (const r of listed.records) {
      const keys = r.get("keys") as string[];
      const distance = r.get("distance") as unknown[];
      for (let i = 0; i < keys.length; i++) if (Number(distance[i]) > 0) impacted++;
    }
  } finally {
    await session.close();
  }
  return { ms: round(performance.now() - t0), impacted };
}

/**
 * GraphQL ÷ the bare walk on the classes of answer an assessor waits for: a random CI at depth 6,
 * a change set of 10 random CIs at unlimited depth, the CI with the most relationships (a
 * super-node) at depth 4; and, on the super-node, the first page of 100 against the summary.
 */
async function measureClasses(
  running: ServedProduct,
  app: Application,
  pg: PostgresImpact | null,
  keys: readonly string[],
  random: () => number,
): Promise<ClassResult[]> {
  const pick = () => keys[Math.floor(random() * keys.length)] as string;
  const session = app.db.driver.session({ database: app.db.name });
  let superNode: string;
  try {
    const top = await session.run(await benchCypher("find-highest-degree-ci"));
    superNode = String(top.records[0]?.get("key"));
  } finally {
    await session.close();
  }
  const classes: { name: string; roots: () => string[]; depth: number; pages: boolean }[] = [
    { name: "random CI, depth 6", roots: () => [pick()], depth: 6, pages: false },
    {
      name: "change set of 10 CIs, unlimited depth",
      roots: () => Array.from({ length: 10 }, pick),
      depth: UNLIMITED,
      pages: false,
    },
    { name: `super-node (${superNode}), depth 4`, roots: () => [superNode], depth: 4, pages: true },
  ];
  const out: ClassResult[] = [];
  for (const c of classes) {
    const walk: number[] = [];
    const keysWalk: number[] = [];
    const graphql: number[] = [];
    const postgres: number[] = [];
    const summary: number[] = [];
    const firstPage: number[] = [];
    let impacted = 0;
    let answered = 0;
    let agree = 0;
    let paged = c.pages;
    // one extra, unmeasured round first: the class's first analysis warms what it touches
    for (let i = 0; i <= classSamples; i++) {
      const rootKeys = c.roots();
      const input = { ciKeys: rootKeys, maxDepth: c.depth };
      const w = await walkTimed(app, rootKeys, c.depth);
      const k = await keysWalkTimed(app, rootKeys, c.depth);
      const g = await graphqlTimed(running, WHOLE_QUERY, { input });
      const p = pg
        ? rootKeys.length === 1
          ? await pg.impact(rootKeys[0] as string, c.depth)
          : await pg.impactOfSet(rootKeys, c.depth)
        : null;
      let s: number | null = null;
      let f: number | null = null;
      if (paged) {
        s = (await graphqlTimed(running, SUMMARY_QUERY, { input })).ms;
        const page = await graphqlTimed(running, FIRST_PAGE_QUERY, { input });
        if (page.unsupported) paged = false;
        else f = page.ms;
      }
      if (i === 0) continue;
      impacted += w.impacted;
      if (k.impacted !== w.impacted) {
        throw new Error(
          `${c.name}: the walk listing keys reached ${String(k.impacted)} CIs, counting ${String(w.impacted)}`,
        );
      }
      walk.push(w.ms);
      keysWalk.push(k.ms);
      graphql.push(g.ms);
      if (p && !p.timedOut) {
        postgres.push(round(p.ms));
        answered += 1;
        if (p.impacted === w.impacted) agree += 1;
      }
      if (s !== null) summary.push(s);
      if (f !== null) firstPage.push(f);
    }
    const walkS = summarise(walk);
    const keysWalkS = summarise(keysWalk);
    const graphqlS = summarise(graphql);
    const postgresS = postgres.length ? summarise(postgres) : null;
    const summaryS = summary.length ? summarise(summary) : null;
    const firstPageS = firstPage.length ? summarise(firstPage) : null;
    out.push({
      name: c.name,
      samples: classSamples,
      meanImpacted: round(impacted / Math.max(1, classSamples), 1),
      walk: walkS,
      keysWalk: keysWalkS,
      graphql: graphqlS,
      graphqlOverWalk: ratio(graphqlS, walkS),
      graphqlOverKeysWalk: ratio(graphqlS, keysWalkS),
      postgres: postgresS,
      walkOverPostgres: postgresS ? ratio(walkS, postgresS) : null,
      countsAgree: pg ? `${String(agree)}/${String(answered)}` : "-",
      summary: summaryS,
      firstPage: firstPageS,
      firstPageOverSummary: summaryS && firstPageS ? ratio(firstPageS, summaryS) : null,
    });
    say(
      `${c.name}: walk p50 ${String(walkS.p50)} ms, GraphQL p50 ${String(graphqlS.p50)} ms` +
        (firstPageS && summaryS
          ? `, summary p50 ${String(summaryS.p50)} ms, first page p50 ${String(firstPageS.p50)} ms`
          : ""),
    );
  }
  return out;
}

function ratio(a: Summary, b: Summary): { p50: number; p95: number } {
  return { p50: round(a.p50 / b.p50, 3), p95: round(a.p95 / b.p95, 3) };
}

/** Statements only the benchmark asks (bench/cypher/), kept out of the product's registry. */
async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

await main();
