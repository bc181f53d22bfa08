// Where a big impact answer's time goes through GraphQL: `npm run bench:profile [-- --cis 30000]`.
// Loads a generated estate into an embedded Neo4j of its own (kept in .data/bench/profile-<cis>;
// `--home .data/bench/100000/neo4j` reuses the benchmark's loaded estate instead, `--root KEY`
// names the CI), then asks the widest analysis (the CI with the most relationships, depth 4) through HTTP with
// the issue's selection (`impacted { distance configurationItem { key } }`) while V8's profiler
// samples the process; writes a .cpuprofile and the self time of the busiest functions, with the
// request's round trips to Neo4j, to bench/results/profile-impact.md.
import "reflect-metadata";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startGraphCmdb } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { int } from "neo4j-driver";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { round, summarise } from "./stats.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const TOKEN = "bench-admin-token-0123456789abcdef";
const args = parseArgs({
  options: {
    cis: { type: "string", default: "30000" },
    repeat: { type: "string", default: "5" },
    depth: { type: "string", default: "4" },
    name: { type: "string", default: "profile-impact" },
    // an embedded Neo4j home that already holds an estate (e.g. the benchmark's)
    home: { type: "string" },
    // the CI to analyse (default: the one with the most relationships)
    root: { type: "string" },
  },
});
const size = Number(args.values.cis);
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
    heapMb: args.values.home ? 8192 : 4096,
    pageCacheMb: args.values.home ? 6144 : 2048,
    log,
    startTimeoutMs: 600_000,
  });
  const running = await startGraphCmdb(
    loadConfig({
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      GRAPH_CMDB_DEMO: "false",
      GRAPH_CMDB_ADMIN_TOKEN: TOKEN,
      GRAPH_CMDB_IMPACT_NODE_CAP: "1000000",
      // a shared, busy machine: a slow statement is measured, not refused
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
    }),
    log,
  );
  try {
    const app = running.app;
    const existing = await app.cis.list(app.db.scope(), ACTOR, {}, { first: 1, after: null });
    if (existing.items.length === 0) {
      const estate = generateEstate({ ciCount: size, seed: 2026 });
      say(`loading ${String(size)} CIs`);
      await app.imports.importDocument(
        app.db.scope(),
        ACTOR,
        { configurationItems: [...estate.configurationItems()] },
        { reason: "profile load" },
      );
      await app.imports.importDocument(
        app.db.scope(),
        ACTOR,
        { relationships: [...estate.relationships()] },
        { reason: "profile load" },
      );
    }
    const session = app.db.driver.session({ database: app.db.name });
    let root = args.values.root ?? "";
    if (!root)
      try {
        const top = await session.run(
          await readFile(
            path.join(projectRoot(), "bench", "cypher", "find-highest-degree-ci.cypher"),
            "utf8",
          ),
        );
        root = String(top.records[0]?.get("key"));
      } finally {
        await session.close();
      }
    const input = { ciKeys: [root], maxDepth: Number(args.values.depth) };
    const ask = async (): Promise<{ ms: number; impacted: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${running.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: WHOLE, variables: { input } }),
      });
      const body = (await res.json()) as { data: { impactAnalysis: { impacted: unknown[] } } };
      return { ms: performance.now() - t0, impacted: body.data.impactAnalysis.impacted.length };
    };
    // the bare walk: the procedure counting CIs per distance through neo4j-driver (the benchmark's)
    const { catalogue } = await app.catalogue.read(app.db.scope(), ACTOR);
    const types = walkTypes(catalogue, "DEPENDENTS", null);
    const bareWalk = async (): Promise<number> => {
      const t0 = performance.now();
      const s = app.db.driver.session({ database: app.db.name });
      try {
        await s.run(app.db.registry.get("impact/count-impacted-by-distance"), {
          rootKey: root,
          incoming: types.incoming,
          outgoing: types.outgoing,
          maxDepth: int(Number(args.values.depth)),
          nodeCap: int(1_000_000),
        });
      } finally {
        await s.close();
      }
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await ask(); // warm
    const scope = app.db.scope();
    const t0 = performance.now();
    await app.impact.analyse(scope, ACTOR, input);
    const analyseMs = performance.now() - t0;

    const inspector = new Session();
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
    await inspector.post("Profiler.start");
    const times: number[] = [];
    let impacted = 0;
    for (let i = 0; i < Number(args.values.repeat); i++) {
      const r = await ask();
      times.push(r.ms);
      impacted = r.impacted;
    }
    const { profile } = (await inspector.post("Profiler.stop")) as { profile: CpuProfile };
    inspector.disconnect();
    // GraphQL and the bare walk interleaved, outside the profiler
    const walks: number[] = [];
    const asked: number[] = [];
    for (let i = 0; i < Number(args.values.repeat); i++) {
      walks.push(await bareWalk());
      asked.push((await ask()).ms);
    }
    const out = path.join(projectRoot(), "bench", "results");
    await writeFile(path.join(".data", `${args.values.name}.cpuprofile`), JSON.stringify(profile));
    const lines = report(profile, root, impacted, summarise(times), analyseMs, scope.roundTrips);
    const w = summarise(walks);
    const g = summarise(asked);
    lines.splice(
      3,
      0,
      "",
      `Interleaved, unprofiled, ${String(w.n)} each: bare walk p50 ${String(w.p50)} ms (p95 ${String(w.p95)}), GraphQL p50 ${String(g.p50)} ms (p95 ${String(g.p95)}): GraphQL ÷ walk ${String(round(g.p50 / w.p50, 2))} (p50), ${String(round(g.p95 / w.p95, 2))} (p95).`,
    );
    await writeFile(path.join(out, `${args.values.name}.md`), lines.join("\n") + "\n");
    say(lines.join("\n"));
  } finally {
    await running.stop();
    await neo4j.stop();
  }
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
    `${root} at depth ${args.values.depth} on ${args.values.home ? `the estate in ${args.values.home}` : `${String(size)} CIs`}: ${String(impacted)} impacted; GraphQL (\`impacted { distance configurationItem { key } }\`) p50 ${String(times.p50)} ms over ${String(times.n)} requests; the application's analysis alone ${String(round(analyseMs))} ms in ${String(roundTrips)} round trip(s). Sampled CPU: ${String(round(total / 1000))} ms.`,
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
