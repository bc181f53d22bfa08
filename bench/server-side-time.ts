// How much of a small GraphQL request's time is the server's own: `npm run build &&
// NODE_ENV=production node dist/bench/server-side-time.js --home .data/bench/100000/neo4j --cis
// 100000 [--depth 2] [--repeat 100] [--profile 600] [--name server-side-time]`. Serves the product
// in a process of its own over an embedded Neo4j and asks, one after another, `impactAnalysis`
// selecting `impacted { distance configurationItem { key } }` of a random CI and `{ __typename }`
// (the configured ADMIN token): the client's time (fetch) against the server's own, from its
// `graph_cmdb_graphql_request_duration_seconds` in /metrics (first middleware to the response's
// end), beside `RETURN 1` through neo4j-driver from this process. With `--profile N`, V8's sampler
// in the server over N more impact requests: the server's busy time a request and its samples by
// package. Writes bench/results/<name>.md. Memory: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB.
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import neo4j from "neo4j-driver";
import * as prettier from "prettier";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { benchArgs } from "./bench-args.js";
import { ESTATE_SEED, estateCis } from "./estate.js";
import { serveProduct } from "./served-product.js";
import { round, seededRandom, summarise } from "./stats.js";

const TOKEN = "bench-admin-token-0123456789abcdef";
const args = benchArgs(import.meta.url, {
  home: { type: "string" },
  cis: { type: "string", default: "100000" },
  depth: { type: "string", default: "2" },
  repeat: { type: "string", default: "100" },
  profile: { type: "string", default: "0" },
  name: { type: "string", default: "server-side-time" },
});
if (!args.values.home) throw new Error("--home: an embedded Neo4j home holding an estate");
const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 2048);
const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 2048);
const depth = Number(args.values.depth);
const repeat = Number(args.values.repeat);
const profiled = Number(args.values.profile);
const QUERY = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** What a sample's function belongs to: its npm package, graph-cmdb's folder, or V8's name. */
function areaOf(url: string, name: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.includes("/dist/src/"))
    return `graph-cmdb ${url.split("/dist/src/")[1]?.split("/")[0] ?? ""}`;
  if (url.startsWith("node:")) return "node's own JavaScript";
  return name || "(anonymous)";
}

async function main(): Promise<void> {
  const log = createLogger("warn", "server-side");
  const server = await startEmbeddedNeo4j({
    home: path.resolve(args.values.home as string),
    port: await freePort(),
    heapMb,
    pageCacheMb,
    log,
    startTimeoutMs: 600_000,
  });
  const env = {
    NEO4J_URI: server.uri,
    NEO4J_PASSWORD: server.password,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    GRAPH_CMDB_DEMO: "false",
    GRAPH_CMDB_ADMIN_TOKEN: TOKEN,
    GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
  };
  const served = await serveProduct(env, { profiled: profiled > 0 });
  const driver = neo4j.driver(server.uri, neo4j.auth.basic("neo4j", server.password), {
    disableLosslessIntegers: true,
  });
  try {
    const keys = estateCis(Number(args.values.cis)).map((c) => c.key);
    const random = seededRandom(ESTATE_SEED + 7);
    const impact = () => ({
      query: QUERY,
      variables: {
        input: { ciKeys: [keys[Math.floor(random() * keys.length)] as string], maxDepth: depth },
      },
    });
    const ask = async (body: object): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${served.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      });
      await res.json();
      if (res.status !== 200) throw new Error(`HTTP ${String(res.status)}`);
      return performance.now() - t0;
    };
    const bolt = async (): Promise<number> => {
      const s = driver.session({ database: "neo4j" });
      const t0 = performance.now();
      try {
        await s.run("RETURN 1 AS one");
      } finally {
        await s.close();
      }
      return performance.now() - t0;
    };
    /** The server's own request durations so far: their sum in ms and their count. */
    const serverClock = async (): Promise<{ ms: number; count: number }> => {
      const text = await (await fetch(`${served.url}/metrics`)).text();
      let ms = 0;
      let count = 0;
      for (const line of text.split("\n")) {
        const value = Number(line.split(" ").pop());
        if (line.startsWith("graph_cmdb_graphql_request_duration_seconds_sum")) ms += value * 1000;
        if (line.startsWith("graph_cmdb_graphql_request_duration_seconds_count")) count += value;
      }
      return { ms, count };
    };
    for (let i = 0; i < 20; i++) {
      await ask(impact());
      await ask({ query: "{ __typename }" });
      await bolt();
    }
    const lines: string[] = [];
    for (const kind of ["impactAnalysis", "{ __typename }"] as const) {
      const before = await serverClock();
      const client: number[] = [];
      const trivial: number[] = [];
      for (let i = 0; i < repeat; i++) {
        client.push(await ask(kind === "impactAnalysis" ? impact() : { query: "{ __typename }" }));
        trivial.push(await bolt());
      }
      const after = await serverClock();
      const mean = (v: number[]) => round(v.reduce((a, b) => a + b, 0) / v.length);
      const c = summarise(client);
      lines.push(
        `| ${kind === "impactAnalysis" ? `\`impactAnalysis\`, depth ${String(depth)}` : "`{ __typename }`"} | ${String(mean(client))} (p50 ${String(c.p50)}) | ${String(round((after.ms - before.ms) / (after.count - before.count)))} | ${String(mean(trivial))} (p50 ${String(summarise(trivial).p50)}) |`,
      );
    }
    const profileLines: string[] = [];
    if (profiled > 0) {
      await served.startProfile();
      const t0 = performance.now();
      for (let i = 0; i < profiled; i++) await ask(impact());
      const wall = performance.now() - t0;
      const file = path.join(projectRoot(), ".data", `${args.values.name}.cpuprofile`);
      await served.stopProfile(file);
      const p = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      const byArea = new Map<string, number>();
      let busy = 0;
      p.samples.forEach((id, i) => {
        const n = byId.get(id);
        const us = p.timeDeltas[i] ?? 0;
        if (!n || n.callFrame.functionName === "(idle)") return;
        busy += us;
        const area = areaOf(n.callFrame.url, n.callFrame.functionName);
        byArea.set(area, (byArea.get(area) ?? 0) + us);
      });
      profileLines.push(
        "",
        `V8's sampler in the server over ${String(profiled)} more \`impactAnalysis\` requests (${String(round(wall / profiled))} ms each on the client's clock): the server was busy ${String(round(busy / 1000 / profiled))} ms a request, by area (self time; V8's sampler counts wall time, so a call during which the process lost its core, e.g. a socket write that woke its peer, is charged with the wait):`,
        "",
        "| area | share of the busy samples | ms a request |",
        "|---|---|---|",
        ...[...byArea.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 20)
          .map(
            ([area, us]) =>
              `| ${area} | ${String(round((100 * us) / busy, 1))} % | ${String(round(us / 1000 / profiled, 3))} |`,
          ),
      );
    }
    const md = [
      "# How much of a small GraphQL request is the server's own time",
      "",
      `${String(repeat)} requests of each kind, one after another, a random CI each on ${String(args.values.home)} (configured ADMIN token, fetch); the server's time is its own request histogram (first middleware to the response's end). NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}; load average ${os
        .loadavg()
        .map((l) => String(round(l, 2)))
        .join(", ")}.`,
      "",
      "| request | client ms, mean | server ms, mean | `RETURN 1` through neo4j-driver between them, ms mean |",
      "|---|---|---|---|",
      ...lines,
      ...profileLines,
      "",
    ].join("\n");
    const out = await prettier.format(md, { parser: "markdown" });
    await writeFile(path.join(projectRoot(), "bench", "results", `${args.values.name}.md`), out);
    process.stdout.write(out);
  } finally {
    await driver.close();
    await served.stop();
    await server.stop();
  }
}

await main();
