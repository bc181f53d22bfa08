// Where one impact answer's time goes, layer by layer: `npm run build && NODE_ENV=production node
// dist/bench/breakdown-impact.js --home .data/soak/100000/neo4j --cis 100000 [--root KEY |
// --class random|change-set] [--depth N] [--repeat 7] [--name breakdown-impact]`. For the same
// analysis, interleaved: the bare walk (the procedure counting CIs per distance); the analysis
// statement alone through neo4j-driver (Neo4j's own time from the result summary, the rest being
// Bolt and decoding, whose CPU this process measures); the application's analysis (statement and
// report); graphql-js executing the selection in this process (resolver calls counted);
// JSON.stringify of its result and its compression at the server's levels; the whole request over
// HTTP to the product in a process of its own. Writes bench/results/<name>.md.
// The embedded Neo4j's memory: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB (default 1536 each).
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { defaultFieldResolver, execute, parse, type GraphQLFieldResolver } from "graphql";
import { int, type Driver } from "neo4j-driver";
import * as prettier from "prettier";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import type { Actor } from "../src/domain/actor.js";
import { createContext } from "../src/graphql/context.js";
import { buildGraphqlSchema } from "../src/graphql/schema.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED, estateCis } from "./estate.js";
import { serveProduct } from "./served-product.js";
import { round, seededRandom, summarise } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const TOKEN = "bench-admin-token-0123456789abcdef";
const UNLIMITED = 25;
const args = benchArgs(import.meta.url, {
  home: { type: "string" },
  cis: { type: "string", default: "100000" },
  root: { type: "string" },
  class: { type: "string" },
  depth: { type: "string" },
  repeat: { type: "string", default: "7" },
  name: { type: "string", default: "breakdown-impact" },
});
if (!args.values.home) throw new Error("--home: an embedded Neo4j home holding an estate");
const size = Number(args.values.cis);
const repeat = Number(args.values.repeat);
const kind = args.values.class ?? "root";
if (!["root", "random", "change-set"].includes(kind))
  throw new Error(`--class: random or change-set (got ${JSON.stringify(kind.slice(0, 40))})`);
const depth = Number(args.values.depth ?? (kind === "random" ? 6 : kind === "change-set" ? 0 : 4));
const maxDepth = depth === 0 ? UNLIMITED : depth;
const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536);
const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536);

const WHOLE = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;

/** CPU time of this process (user + system) in ms. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const log = createLogger("warn", "breakdown");
  const neo4j = await startEmbeddedNeo4j({
    home: path.resolve(args.values.home as string),
    port: await freePort(),
    heapMb,
    pageCacheMb,
    log,
    startTimeoutMs: 600_000,
  });
  const env = {
    NEO4J_URI: neo4j.uri,
    NEO4J_PASSWORD: neo4j.password,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    GRAPH_CMDB_DEMO: "false",
    GRAPH_CMDB_ADMIN_TOKEN: TOKEN,
    GRAPH_CMDB_IMPACT_MAX_DEPTH: String(UNLIMITED),
    GRAPH_CMDB_IMPACT_NODE_CAP: "1000000",
    GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
    GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
  };
  let opened: Awaited<ReturnType<typeof openApplication>> | null = null;
  let server: Awaited<ReturnType<typeof serveProduct>> | null = null;
  try {
    opened = await openApplication(loadConfig(env), log);
    const app = opened.app;
    const schema = await buildGraphqlSchema();
    const document = parse(WHOLE);
    server = await serveProduct(env);
    const url = server.url;
    const rootsOf = await rootChooser(app.db.driver, app.db.name);
    const { catalogue } = await app.catalogue.read(app.db.scope(), ACTOR);
    const types = walkTypes(catalogue, "DEPENDENTS", null);
    const text = (file: string) => readFile(path.join(projectRoot(), file), "utf8");
    const countStatement = await text("bench/cypher/count-impacted-from-keys.cypher");
    const analyseStatement = await text("cypher/impact/analyse-in-database.cypher");
    // absent in a build from before it: that build's figures simply lack the line
    const packedStatement = await text("cypher/impact/analyse-packed-in-database.cypher").catch(
      () => null,
    );

    const run = async (statement: string, params: Record<string, unknown>) => {
      const s = app.db.driver.session({ database: app.db.name, defaultAccessMode: "READ" });
      try {
        const cpu0 = cpuNow();
        const t0 = performance.now();
        const r = await s.run(statement, params);
        const ms = performance.now() - t0;
        const clientCpu = cpuNow() - cpu0;
        // plain numbers: the driver runs with disableLosslessIntegers
        const server =
          Number(r.summary.resultAvailableAfter) + Number(r.summary.resultConsumedAfter);
        return { ms, server, clientCpu, rows: r.records.length };
      } finally {
        await s.close();
      }
    };
    const walk = (rootKeys: string[]) =>
      run(countStatement, {
        rootKeys,
        incoming: types.incoming,
        outgoing: types.outgoing,
        maxDepth: int(maxDepth),
        nodeCap: int(1_000_000),
      });
    const statement = (rootKeys: string[], text = analyseStatement) =>
      run(text, {
        rootIds: [],
        rootKeys,
        incoming: types.incoming,
        outgoing: types.outgoing,
        groupIsTarget: types.groupIsTarget,
        groupIsSource: types.groupIsSource,
        membership: [...types.membership],
        dependents: true,
        maxDepth: int(maxDepth),
        nodeCap: int(1_000_000),
      });
    const analysis = async (rootKeys: string[]) => {
      const t0 = performance.now();
      const report = await app.impact.analyse(app.db.scope(), ACTOR, {
        ciKeys: rootKeys,
        maxDepth,
      });
      const t1 = performance.now();
      const n = report.impacted.length;
      return { ms: t1 - t0, sortMs: performance.now() - t1, impacted: n };
    };
    let resolverCalls = 0;
    const counting: GraphQLFieldResolver<unknown, unknown> = (source, a, ctx, info) => {
      resolverCalls += 1;
      return defaultFieldResolver(source, a, ctx, info);
    };
    const graphql = async (rootKeys: string[]) => {
      const scope = app.db.scope();
      resolverCalls = 0;
      const t0 = performance.now();
      const result = await execute({
        schema,
        document,
        variableValues: { input: { ciKeys: rootKeys, maxDepth } },
        contextValue: createContext(app, ACTOR, scope),
        fieldResolver: counting,
      });
      const ms = performance.now() - t0;
      if (result.errors) throw new Error(JSON.stringify(result.errors).slice(0, 500));
      const t1 = performance.now();
      const json = JSON.stringify(result);
      const jsonMs = performance.now() - t1;
      const buf = Buffer.from(json);
      const t2 = performance.now();
      const gz = zlib.gzipSync(buf, { level: zlib.constants.Z_BEST_SPEED });
      const gzipMs = performance.now() - t2;
      const t3 = performance.now();
      const br = zlib.brotliCompressSync(buf, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
      });
      const brotliMs = performance.now() - t3;
      return {
        ms,
        jsonMs,
        gzipMs,
        brotliMs,
        bytes: buf.length,
        gzBytes: gz.length,
        brBytes: br.length,
        resolverCalls,
        roundTrips: scope.roundTrips,
      };
    };
    const http = async (rootKeys: string[]) => {
      const t0 = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${TOKEN}`,
          "accept-encoding": "br, gzip",
        },
        body: JSON.stringify({
          query: WHOLE,
          variables: { input: { ciKeys: rootKeys, maxDepth } },
        }),
      });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`HTTP ${String(res.status)}`);
      return { ms, bytes: body.byteLength };
    };

    // the fixed cost of a request: a query that reads nothing, over HTTP; a trivial statement
    const trivialHttp = async () => {
      const t0 = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      await res.arrayBuffer();
      return performance.now() - t0;
    };
    const trivialBolt = async () => (await run("RETURN 1 AS one", {})).ms;
    const warm = rootsOf(repeat);
    for (let i = 0; i < 3; i++) {
      await walk(warm);
      await statement(warm);
      if (packedStatement) await statement(warm, packedStatement);
      await analysis(warm);
      await graphql(warm);
      await http(warm);
    }
    const loadBefore = os.loadavg()[0] ?? 0;
    const rows = {
      walk: [] as number[],
      walkServer: [] as number[],
      stmt: [] as number[],
      stmtServer: [] as number[],
      stmtCpu: [] as number[],
      packed: [] as number[],
      packedServer: [] as number[],
      packedCpu: [] as number[],
      analysis: [] as number[],
      sort: [] as number[],
      graphql: [] as number[],
      json: [] as number[],
      gzip: [] as number[],
      brotli: [] as number[],
      http: [] as number[],
      trivialHttp: [] as number[],
      trivialBolt: [] as number[],
    };
    let impacted = 0;
    let last: Awaited<ReturnType<typeof graphql>> | null = null;
    let lastHttpBytes = 0;
    for (let i = 0; i < repeat; i++) {
      const roots = rootsOf(i);
      const w = await walk(roots);
      rows.walk.push(w.ms);
      rows.walkServer.push(w.server);
      const s = await statement(roots);
      rows.stmt.push(s.ms);
      rows.stmtServer.push(s.server);
      rows.stmtCpu.push(s.clientCpu);
      if (packedStatement) {
        const k = await statement(roots, packedStatement);
        rows.packed.push(k.ms);
        rows.packedServer.push(k.server);
        rows.packedCpu.push(k.clientCpu);
      }
      const a = await analysis(roots);
      rows.analysis.push(a.ms);
      rows.sort.push(a.sortMs);
      impacted += a.impacted;
      const g = await graphql(roots);
      rows.graphql.push(g.ms);
      rows.json.push(g.jsonMs);
      rows.gzip.push(g.gzipMs);
      rows.brotli.push(g.brotliMs);
      last = g;
      const h = await http(roots);
      rows.http.push(h.ms);
      lastHttpBytes = h.bytes;
      rows.trivialHttp.push(await trivialHttp());
      rows.trivialBolt.push(await trivialBolt());
    }
    const loadAfter = os.loadavg()[0] ?? 0;
    const p = (v: number[]) => summarise(v);
    const w = p(rows.walk);
    const line = (label: string, v: number[], note = "") => {
      const s = p(v);
      return `| ${label} | ${String(s.p50)} | ${String(s.p95)} | ${String(round(s.p50 / w.p50, 2))} | ${note} |`;
    };
    const md = [
      `# Where one impact answer's time goes`,
      "",
      `${describeRoots()} at depth ${depth === 0 ? "unlimited" : String(depth)} on the estate in ${String(args.values.home)}: ${String(round(impacted / repeat, 1))} CIs impacted (mean); ${String(repeat)} requests, each layer timed in turn for the same roots. NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}; embedded Neo4j heap ${String(heapMb)} MB, page cache ${String(pageCacheMb)} MB; load average ${String(round(loadBefore, 2))} before, ${String(round(loadAfter, 2))} after (${String(os.cpus().length)} CPUs).`,
      "",
      "| layer | p50 ms | p95 ms | p50 ÷ walk | note |",
      "|---|---|---|---|---|",
      line("bare walk (counting per distance)", rows.walk),
      line("… of which Neo4j (summary)", rows.walkServer),
      line("analysis statement through neo4j-driver", rows.stmt),
      line("… of which Neo4j (summary)", rows.stmtServer),
      line("… this process's CPU (Bolt reading, decoding)", rows.stmtCpu),
      ...(packedStatement
        ? [
            line("packed analysis statement through neo4j-driver", rows.packed),
            line("… of which Neo4j (summary)", rows.packedServer),
            line("… this process's CPU (Bolt reading, decoding)", rows.packedCpu),
          ]
        : []),
      line("application's analysis (statement + report)", rows.analysis),
      line("… then sorting `impacted`", rows.sort),
      line(
        "graphql-js execute in process (analysis + lists)",
        rows.graphql,
        `${String(last?.resolverCalls)} default resolver calls, ${String(last?.roundTrips)} round trips`,
      ),
      line("JSON.stringify of the result", rows.json, `${String(last?.bytes)} bytes`),
      line("gzip level 1", rows.gzip, `${String(last?.gzBytes)} bytes`),
      line("brotli quality 1", rows.brotli, `${String(last?.brBytes)} bytes`),
      line(
        "HTTP request to the served product",
        rows.http,
        `${String(lastHttpBytes)} bytes on the wire`,
      ),
      line("fixed cost: `{ __typename }` over HTTP", rows.trivialHttp),
      line("fixed cost: `RETURN 1` through neo4j-driver", rows.trivialBolt),
      "",
    ].join("\n");
    const out = await prettier.format(md, { parser: "markdown" });
    await writeFile(path.join(projectRoot(), "bench", "results", `${args.values.name}.md`), out);
    process.stdout.write(out);
  } finally {
    await server?.stop();
    await opened?.close();
    await neo4j.stop();
  }
}

/** The CIs of the i-th request, as bench/profile-impact.ts chooses them. */
async function rootChooser(driver: Driver, database: string): Promise<(i: number) => string[]> {
  if (kind !== "root") {
    const keys = estateCis(size).map((c) => c.key);
    const random = seededRandom(ESTATE_SEED + size + (kind === "random" ? 6 : 10));
    const count = kind === "random" ? 1 : 10;
    const sets = Array.from({ length: repeat + 1 }, () =>
      Array.from({ length: count }, () => keys[Math.floor(random() * keys.length)] as string),
    );
    return (i) => sets[i % sets.length] as string[];
  }
  let roots = args.values.root?.split(",").map((k) => k.trim()) ?? [];
  if (roots.length === 0) {
    const session = driver.session({ database });
    try {
      const top = await session.run(
        await readFile(
          path.join(projectRoot(), "bench", "cypher", "find-highest-degree-ci.cypher"),
          "utf8",
        ),
      );
      roots = [String(top.records[0]?.get("key"))];
    } finally {
      await session.close();
    }
  }
  return () => roots;
}

function describeRoots(): string {
  if (kind === "random") return "A random CI per request";
  if (kind === "change-set") return "A change set of 10 random CIs per request";
  return args.values.root ?? "The CI with the most relationships";
}

await main();
