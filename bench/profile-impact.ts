// Where a big impact answer's time goes through GraphQL: `npm run build && node
// dist/bench/profile-impact.js [--cis 30000]`. Loads a generated estate into an embedded Neo4j of
// its own (kept in .data/bench/profile-<cis>; `--home .data/soak/100000/neo4j --cis 100000` reuses
// a loaded estate instead), starts the product in a process of its own over it (the client's
// HTTP and JSON parsing are not the server's), and asks analyses through HTTP with the issue's
// selection (`impacted { distance configurationItem { key } }`) while V8's profiler samples the
// server's process; then times the bare walk (the procedure counting CIs per distance, from this
// process) and GraphQL interleaved, unprofiled. What is analysed: `--root KEY[,KEY…]` (default:
// the CI with the most relationships, depth 4), or `--class random` (a random CI per request,
// depth 6) or `--class change-set` (10 random CIs per request, unlimited depth). `--compare
// ENTRY` serves another build too (e.g. the commit before a change, built into another folder)
// on the same Neo4j and times it interleaved with this one (`--compare-env A=1` sets variables
// for it alone: the same build with GRAPH_CMDB_GRAPHQL_EXECUTOR=graphql-js, say). Writes a .cpuprofile, and the self
// time of the busiest functions with the figures to bench/results/<name>.md (prettier).
// The embedded Neo4j's memory: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB (default 2048 each).
import "reflect-metadata";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { int } from "neo4j-driver";
import * as prettier from "prettier";
import type { Application } from "../src/application/application.js";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED, estateCis, loadGeneratedEstateIfEmpty } from "./estate.js";
import { serveProduct, type ServedProduct } from "./served-product.js";
import { round, seededRandom, summarise, type Summary } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const TOKEN = "bench-admin-token-0123456789abcdef";
const UNLIMITED = 25;
const args = benchArgs(import.meta.url, {
  cis: { type: "string", default: "30000" },
  repeat: { type: "string", default: "5" },
  depth: { type: "string" },
  name: { type: "string", default: "profile-impact" },
  // an embedded Neo4j home that already holds an estate (e.g. the benchmark's)
  home: { type: "string" },
  // the CIs to analyse, comma-separated (default: the one with the most relationships)
  root: { type: "string" },
  // or a class of analyses on random CIs: random (one CI, depth 6), change-set (10, unlimited)
  class: { type: "string" },
  // another build's entry (its dist/src/main.js), timed interleaved with this one
  compare: { type: "string" },
  "compare-label": { type: "string", default: "before" },
  // variables for the other build only, e.g. GRAPH_CMDB_GRAPHQL_EXECUTOR=graphql-js (comma-separated)
  "compare-env": { type: "string", default: "" },
});
const size = Number(args.values.cis);
const repeat = Number(args.values.repeat);
const kind = args.values.class ?? "root";
if (!["root", "random", "change-set"].includes(kind))
  throw new Error(`--class: random or change-set (got ${JSON.stringify(kind.slice(0, 40))})`);
if (kind !== "root" && args.values.root) throw new Error("--class and --root: one or the other");
const depth = Number(args.values.depth ?? (kind === "random" ? 6 : kind === "change-set" ? 0 : 4));
const maxDepth = depth === 0 ? UNLIMITED : depth;
const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 2048);
const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 2048);
const say = (line: string): void => {
  process.stdout.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

const WHOLE = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;

async function main(): Promise<void> {
  const dir = path.join(projectRoot(), ".data", "bench", `profile-${String(size)}`);
  await mkdir(dir, { recursive: true });
  const log = createLogger("warn", "profile");
  const neo4j = await startEmbeddedNeo4j({
    home: args.values.home ? path.resolve(args.values.home) : path.join(dir, "neo4j"),
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
    // a shared, busy machine: a slow statement is measured, not refused
    GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
  };
  const servers: ServedProduct[] = [];
  let opened: Awaited<ReturnType<typeof openApplication>> | null = null;
  try {
    // this process's own core: migrations and the estate's load first, then the bare walk
    opened = await openApplication(loadConfig(env), log);
    const app = opened.app;
    await loadGeneratedEstateIfEmpty(app, size, { say, reason: "profile load" });
    const rootsOf = await rootChooser(app);
    const server = await serveProduct(env, { profiled: true });
    servers.push(server);
    const other = args.values.compare
      ? await serveProduct(
          { ...env, ...compareEnv(args.values["compare-env"]) },
          { entry: args.values.compare, profiled: true },
        )
      : null;
    if (other) servers.push(other);
    const ask = async (s: ServedProduct, rootKeys: readonly string[]) => {
      const t0 = performance.now();
      const res = await fetch(`${s.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          query: WHOLE,
          variables: { input: { ciKeys: rootKeys, maxDepth } },
        }),
      });
      const body = (await res.json()) as {
        data?: { impactAnalysis: { impacted: unknown[] } };
        errors?: unknown[];
      };
      if (!body.data)
        throw new Error(`GraphQL error: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return { ms: performance.now() - t0, impacted: body.data.impactAnalysis.impacted.length };
    };
    // the bare walk: the procedure counting CIs per distance through neo4j-driver (the benchmark's)
    const { catalogue } = await app.catalogue.read(app.db.scope(), ACTOR);
    const types = walkTypes(catalogue, "DEPENDENTS", null);
    const statement = await readFile(
      path.join(projectRoot(), "bench", "cypher", "count-impacted-from-keys.cypher"),
      "utf8",
    );
    const bareWalk = async (rootKeys: readonly string[]): Promise<number> => {
      const t0 = performance.now();
      const s = app.db.driver.session({ database: app.db.name });
      try {
        await s.run(statement, {
          rootKeys,
          incoming: types.incoming,
          outgoing: types.outgoing,
          maxDepth: int(maxDepth),
          nodeCap: int(1_000_000),
        });
      } finally {
        await s.close();
      }
      return performance.now() - t0;
    };
    const warmRoots = rootsOf(repeat);
    for (let i = 0; i < 3; i++) {
      await bareWalk(warmRoots);
      for (const s of servers) await ask(s, warmRoots);
    }
    const scope = app.db.scope();
    const t0 = performance.now();
    await app.impact.analyse(scope, ACTOR, { ciKeys: warmRoots, maxDepth });
    const analyseMs = performance.now() - t0;

    const loadBefore = os.loadavg()[0] ?? 0;
    await server.startProfile();
    const times: number[] = [];
    let impacted = 0;
    for (let i = 0; i < repeat; i++) {
      const r = await ask(server, rootsOf(i));
      times.push(r.ms);
      impacted += r.impacted;
      // the same requests to the other build, so that both have warmed up alike
      if (other) await ask(other, rootsOf(i));
    }
    const profileFile = path.join(projectRoot(), ".data", `${args.values.name}.cpuprofile`);
    await server.stopProfile(profileFile);
    const profile = JSON.parse(await readFile(profileFile, "utf8")) as CpuProfile;
    // the walk and GraphQL (each server) interleaved, outside the profiler; the servers' order
    // alternates, so that neither always follows the walk
    const walks: number[] = [];
    // the application's analysis (the statement GraphQL's answer starts from) in this process
    const analyses: number[] = [];
    const asked: number[][] = servers.map(() => []);
    let interleavedImpacted = 0;
    const cpuBefore = await Promise.all(servers.map((x) => cpuMs(x.pid)));
    for (let i = 0; i < repeat; i++) {
      const rootKeys = rootsOf(i);
      walks.push(await bareWalk(rootKeys));
      const t1 = performance.now();
      await app.impact.analyse(app.db.scope(), ACTOR, { ciKeys: rootKeys, maxDepth });
      analyses.push(performance.now() - t1);
      const order = i % 2 === 0 ? servers.map((_, k) => k) : servers.map((_, k) => k).reverse();
      for (const k of order) {
        const r = await ask(servers[k] as ServedProduct, rootKeys);
        asked[k]?.push(r.ms);
        if (k === 0) interleavedImpacted += r.impacted;
      }
    }
    const loadAfter = os.loadavg()[0] ?? 0;
    // each server's CPU (user + system) per request over the interleaved ones: what waiting
    // for Neo4j or for a core on a busy machine does not change
    const cpuPerRequest = await Promise.all(
      servers.map(async (x, k) => round(((await cpuMs(x.pid)) - (cpuBefore[k] ?? 0)) / repeat)),
    );
    const w = summarise(walks);
    const a = summarise(analyses);
    const lines = report(
      profile,
      describeRoots(),
      round(impacted / repeat, 1),
      summarise(times),
      analyseMs,
      scope.roundTrips,
    );
    const ratio = (g: Summary) =>
      `${String(round(g.p50 / w.p50, 2))} (p50), ${String(round(g.p95 / w.p95, 2))} (p95)`;
    const g = summarise(asked[0] ?? []);
    const c = other ? summarise(asked[1] ?? []) : null;
    lines.splice(
      3,
      0,
      "",
      `Interleaved, unprofiled, ${String(w.n)} each (${String(round(interleavedImpacted / repeat, 1))} CIs impacted on average): bare walk p50 ${String(w.p50)} ms (p95 ${String(w.p95)}), GraphQL p50 ${String(g.p50)} ms (p95 ${String(g.p95)}): GraphQL ÷ walk ${ratio(g)}, server CPU ${String(cpuPerRequest[0])} ms a request; the application's analysis through neo4j-driver (no GraphQL, no HTTP) p50 ${String(a.p50)} ms (p95 ${String(a.p95)}): ÷ walk ${ratio(a)}.` +
        (c
          ? ` The ${args.values["compare-label"]} build (${String(args.values.compare)}${args.values["compare-env"] ? ` with ${args.values["compare-env"]}` : ""}), same requests: GraphQL p50 ${String(c.p50)} ms (p95 ${String(c.p95)}): GraphQL ÷ walk ${ratio(c)}, server CPU ${String(cpuPerRequest[1])} ms a request.`
          : ""),
      "",
      `Server (dist/src/main.js) and client in separate processes, NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}; embedded Neo4j heap ${String(heapMb)} MB, page cache ${String(pageCacheMb)} MB; load average ${String(round(loadBefore, 2))} before the profiled requests, ${String(round(loadAfter, 2))} after the interleaved ones (${String(os.cpus().length)} CPUs).`,
    );
    const md = await prettier.format(lines.join("\n") + "\n", { parser: "markdown" });
    await writeFile(path.join(projectRoot(), "bench", "results", `${args.values.name}.md`), md);
    say(md);
  } finally {
    for (const s of servers) await s.stop();
    await opened?.close();
    await neo4j.stop();
  }
}

/** The CIs of the i-th request: the same for `--root` and the super-node, seeded for a class. */
async function rootChooser(app: Application): Promise<(i: number) => string[]> {
  if (kind !== "root") {
    const keys = estateCis(size).map((c) => c.key);
    const random = seededRandom(ESTATE_SEED + size + (kind === "random" ? 6 : 10));
    const count = kind === "random" ? 1 : 10;
    const sets = Array.from({ length: repeat + 1 }, () =>
      Array.from({ length: count }, () => keys[Math.floor(random() * keys.length)] as string),
    );
    // sets 0 … repeat-1 are measured; set `repeat` only warms up
    return (i) => sets[i % sets.length] as string[];
  }
  let roots = args.values.root?.split(",").map((k) => k.trim()) ?? [];
  if (roots.length === 0) {
    const session = app.db.driver.session({ database: app.db.name });
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

/** `A=1,B=2` as variables (the other build's own settings). */
function compareEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",").filter((p) => p.length > 0)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--compare-env: NAME=VALUE pairs (got ${JSON.stringify(pair)})`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A process's CPU time so far, user and system (Linux /proc; clock ticks of 10 ms). */
async function cpuMs(pid: number | null): Promise<number> {
  if (pid === null) return Number.NaN;
  const fields = (await readFile(`/proc/${String(pid)}/stat`, "utf8")).split(") ")[1]?.split(" ");
  return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
}

function describeRoots(): string {
  if (kind === "random") return `a random CI per request`;
  if (kind === "change-set") return `a change set of 10 random CIs per request`;
  return args.values.root ?? "the CI with the most relationships";
}

/** Self time per function (top 25) and per area of the code (ours, graphql, neo4j-driver, …). */
function report(
  p: CpuProfile,
  root: string,
  impacted: number,
  times: ReturnType<typeof summarise>,
  analyseMs: number,
  roundTrips: number,
): string[] {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  // the profiler's own work (serialising the profile when stopped) is not the server's
  const profilers = p.nodes.filter((n) => n.callFrame.url === "node:inspector");
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const skip = (id: number): void => {
    self.delete(id);
    for (const c of byId.get(id)?.children ?? []) skip(c);
  };
  for (const n of profilers) skip(n.id);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    total += us;
    const f = n.callFrame;
    const file = f.url.replace(/^.*node_modules\//, "").replace(/^.*\/(dist|src)\//, "");
    const name = `${f.functionName || "(anonymous)"} ${file}:${String(f.lineNumber + 1)}`;
    byFn.set(name, (byFn.get(name) ?? 0) + us);
    const area =
      /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(f.url)?.[1] ??
      (/\/dist\/|\/src\//.test(f.url)
        ? `graph-cmdb ${file.split("/").slice(0, 2).join("/")}`
        : f.functionName || "(other)");
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const pct = (us: number) => `${String(round((100 * us) / total, 1))} %`;
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `# Profile of one big impact answer through GraphQL`,
    "",
    `${root} at depth ${depth === 0 ? "unlimited" : String(depth)} on ${args.values.home ? `the estate in ${args.values.home}` : `${String(size)} CIs`}: ${String(impacted)} impacted (mean); GraphQL (\`impacted { distance configurationItem { key } }\`) p50 ${String(times.p50)} ms over ${String(times.n)} requests; the application's analysis alone ${String(round(analyseMs))} ms in ${String(roundTrips)} round trip(s). Sampled CPU: ${String(round(total / 1000))} ms.`,
    "",
    "| area | self time |",
    "|---|---|",
    ...top(byArea, 15).map(([a, us]) => `| ${a} | ${pct(us)} |`),
    "",
    "| function | self time |",
    "|---|---|",
    ...top(byFn, 25).map(([f, us]) => `| \`${f}\` | ${pct(us)} |`),
  ];
}

await main();
