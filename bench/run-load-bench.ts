// The mixed-load benchmark: `npm run bench:load [-- --estates demo,100000 --duration 60
// --concurrency 16 --label after]`. Never part of `npm test`.
// For each estate: an embedded Neo4j on a kept store (.data/bench-load/<estate>; the demo estate
// loaded by the product at its first start, a generated estate by the product's import), then
// the product itself (`node dist/src/main.js`, its own process) over that Neo4j, driven over HTTP
// by N concurrent clients for a bounded time after a warm-up: pages of `configurationItems`
// (after a random key, unfiltered or filtered by type, lifecycle, environment or owner), text
// search, impact at depth 4 of a random CI, and updates (each client its own CIs, with the
// revision it last wrote). It reports throughput, p50/p95/p99 per operation and the ratio of
// each estate's throughput to the first one's (the demo: the target is ≥ 0.75).
// Results go to bench/results/load-<label>.{json,md}.
// `--home 1000000=.data/bench/1000000/neo4j` runs an estate on an existing store instead (an
// embedded Neo4j's home, as `npm run bench` keeps in .data/bench/<size>/neo4j: the same generator
// and seed, loaded by the same import), so a 1M estate is not imported again; the benchmark checks that
// the store holds the estate's CIs (first, middle and last key) and writes to it (the updates).
// Memory: --heap-mb / --page-cache-mb, else GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB, else
// 3072 / 2048 MiB; the same for every estate of a run.
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as prettier from "prettier";
import { encodeCursor } from "../src/application/paging.js";
import { startGraphCmdb } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import type { Application } from "../src/application/application.js";
import type { Actor } from "../src/domain/actor.js";
import type { CiEntry } from "../src/domain/interchange/interchange-document.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED, estateCis, loadGeneratedEstateIfEmpty, parseEstate } from "./estate.js";
import { serveProduct } from "./served-product.js";
import { round, seededRandom, summarise, type Summary } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const SEED = ESTATE_SEED;
const CHECKER: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
/** The cursor list name of `configurationItems` (src/application/ci). */
const CI_LIST = "configurationItems";
const args = benchArgs(import.meta.url, {
  estates: { type: "string", default: "demo,100000" },
  duration: { type: "string", default: "60" },
  warmup: { type: "string", default: "15" },
  concurrency: { type: "string", default: "16" },
  label: { type: "string", default: "latest" },
  // page, filtered page, search, impact, update (percentages)
  mix: { type: "string", default: "25,15,15,25,20" },
  "heap-mb": { type: "string", default: process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? "3072" },
  "page-cache-mb": {
    type: "string",
    default: process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? "2048",
  },
  // ESTATE=HOME (repeatable): the estate's store is the embedded Neo4j home HOME
  home: { type: "string", multiple: true, default: [] },
  out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
});
const estates = args.values.estates.split(",").map((e) => e.trim());
const durationS = Number(args.values.duration);
const warmupS = Number(args.values.warmup);
const concurrency = Number(args.values.concurrency);
const mix = args.values.mix.split(",").map(Number);
const OPS = ["page", "filtered", "search", "impact", "update"] as const;
type Op = (typeof OPS)[number];
if (mix.length !== OPS.length || mix.reduce((a, b) => a + b, 0) !== 100)
  throw new Error(`--mix: ${String(OPS.length)} percentages (${OPS.join(", ")}) adding up to 100`);
if (!(durationS > 0 && warmupS >= 0 && concurrency >= 1 && concurrency <= 256))
  throw new Error("--duration > 0, --warmup ≥ 0, --concurrency 1..256");
for (const e of estates) parseEstate(e, "--estates");
const homes = new Map(
  args.values.home.map((h) => {
    const at = h.indexOf("=");
    const estate = h.slice(0, at).trim();
    if (at < 1 || !estates.includes(estate) || h.slice(at + 1).trim() === "")
      throw new Error(
        `--home: ESTATE=HOME for an estate of --estates (got ${JSON.stringify(h.slice(0, 60))})`,
      );
    return [estate, path.resolve(h.slice(at + 1).trim())] as const;
  }),
);
const REQUEST_TIMEOUT_MS = 120_000;
const say = (line: string): void => {
  process.stdout.write(`[bench:load ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface OpResult extends Summary {
  readonly errors: Record<string, number>;
  readonly perSecond: number;
}

interface EstateResult {
  readonly estate: string;
  readonly cis: number;
  readonly loadSeconds: number | null;
  readonly seconds: number;
  readonly requests: number;
  readonly throughputPerS: number;
  readonly ops: Record<Op, OpResult>;
  readonly loadAverage: number;
}

async function main(): Promise<void> {
  await mkdir(args.values.out, { recursive: true });
  const results: EstateResult[] = [];
  for (const estate of estates) results.push(await benchEstate(estate));
  const file = await writeResults(results);
  say(`results written to ${file}`);
}

async function benchEstate(estate: string): Promise<EstateResult> {
  const home =
    homes.get(estate) ?? path.join(projectRoot(), ".data", "bench-load", estate, "neo4j");
  await mkdir(home, { recursive: true });
  say(`== estate ${estate} (store ${home})`);
  const log = createLogger("warn", "bench-load");
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb: Number(args.values["heap-mb"]),
    pageCacheMb: Number(args.values["page-cache-mb"]),
    log,
    startTimeoutMs: 600_000,
  });
  const token = `bench-${randomBytes(18).toString("base64url")}`;
  const env = {
    NEO4J_URI: neo4j.uri,
    NEO4J_PASSWORD: neo4j.password,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    GRAPH_CMDB_DEMO: estate === "demo" ? "true" : "false",
    GRAPH_CMDB_ADMIN_TOKEN: token,
    // one token at full speed: the per-token limit would only measure itself
    GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
    // on a shared, busy machine (load average 30) the first reads of a cold 100k store at start
    // took over the default 30 s: a slow read is measured, not refused
    GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "120000",
  };
  try {
    // the product in this process, for the load only: migrations, the demo estate or the import
    const loader = await startGraphCmdb(loadConfig(env), log);
    const entries = estateCis(parseEstate(estate, "--estates"));
    let loadSeconds: number | null;
    try {
      const name = parseEstate(estate, "--estates");
      loadSeconds =
        name === "demo"
          ? null
          : ((
              await loadGeneratedEstateIfEmpty(loader.app, name, {
                say,
                reason: "load benchmark",
                batchSize: 2000,
              })
            )?.seconds ?? null);
      await checkStoreHoldsEstate(loader.app, entries, estate);
    } finally {
      await loader.stop();
    }
    const server = await serveProduct(env);
    try {
      const target = { url: server.url, token };
      say(`  warm-up ${String(warmupS)} s`);
      await drive(target, entries, warmupS, `${estate}-warm`);
      say(`  measuring ${String(durationS)} s at concurrency ${String(concurrency)}`);
      const measured = await drive(target, entries, durationS, estate);
      const result: EstateResult = {
        estate,
        cis: entries.length,
        loadSeconds,
        ...measured,
        loadAverage: round(os.loadavg()[0] ?? 0, 1),
      };
      say(
        `  ${String(result.throughputPerS)} req/s; p50 ms: ${OPS.map((o) => `${o} ${String(result.ops[o].p50)}`).join(", ")}; errors: ${JSON.stringify(OPS.map((o) => result.ops[o].errors))}`,
      );
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await neo4j.stop();
  }
}

/** Refuses a store that is not the estate's (another seed or size): its keys would not be found. */
async function checkStoreHoldsEstate(
  app: Application,
  entries: readonly CiEntry[],
  estate: string,
): Promise<void> {
  const keys = [0, Math.floor(entries.length / 2), entries.length - 1].map(
    (i) => entries[i]?.key ?? "",
  );
  for (const key of keys) {
    const ci = await app.cis.get(app.db.scope(), CHECKER, { key });
    if (!ci)
      throw new Error(
        `the store of estate ${estate} does not hold its CI ${key}: not this estate (generator seed ${String(SEED)})`,
      );
  }
}

interface Target {
  readonly url: string;
  readonly token: string;
}

interface Answer {
  readonly outcome: string;
  readonly data: Record<string, unknown> | null;
}

async function gql(t: Target, query: string, variables: Record<string, unknown>): Promise<Answer> {
  try {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const code = body.errors?.[0]?.extensions?.code;
    if (code) return { outcome: code, data: body.data ?? null };
    if (!res.ok) return { outcome: `HTTP_${String(res.status)}`, data: null };
    return { outcome: "ok", data: body.data ?? null };
  } catch (e) {
    return { outcome: (e as Error).name === "TimeoutError" ? "TIMEOUT" : "NETWORK", data: null };
  }
}

const PAGE = `query LoadPage($first: Int!, $after: String, $filter: ConfigurationItemFilter) {
  configurationItems(first: $first, after: $after, filter: $filter) {
    nodes { id key name type lifecycle environment owner revision }
    pageInfo { hasNextPage endCursor }
  }
}`;
const IMPACT = `query LoadImpact($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) { truncated counts { down degraded atRisk } businessServices { impactLevel configurationItem { key } } }
}`;
const REVISION = `query LoadRevision($key: String!) { configurationItem(ref: { key: $key }) { revision } }`;
const UPDATE = `mutation LoadUpdate($i: UpdateConfigurationItemInput!) {
  updateConfigurationItem(input: $i) { configurationItem { key revision } }
}`;

/** N clients for `seconds`: each picks an operation by the mix, times it, and loops. */
async function drive(
  t: Target,
  entries: readonly CiEntry[],
  seconds: number,
  run: string,
): Promise<Omit<EstateResult, "estate" | "cis" | "loadSeconds" | "loadAverage">> {
  const latencies = Object.fromEntries(OPS.map((o) => [o, [] as number[]])) as Record<Op, number[]>;
  const errors = Object.fromEntries(OPS.map((o) => [o, {}])) as Record<Op, Record<string, number>>;
  const pick = <T>(random: () => number, xs: readonly T[]): T =>
    xs[Math.floor(random() * xs.length)] as T;
  const values = (f: (c: CiEntry) => string | null | undefined): string[] => [
    ...new Set(entries.map(f).filter((v): v is string => typeof v === "string" && v !== "")),
  ];
  const types = values((c) => c.type);
  const owners = values((c) => c.owner);
  const environments = values((c) => c.environment);
  const words = values((c) => c.name.split(/\s+/)[0]);
  const started = performance.now();
  const endAt = started + seconds * 1000;
  const client = async (id: number): Promise<void> => {
    const random = seededRandom(SEED * 7919 + id + run.length * 104_729);
    // each client updates only its own CIs (no CONFLICT between clients), naming the revision
    // it last read or wrote
    const own = entries.filter((_, i) => i % concurrency === id).slice(0, 200);
    const revisions = new Map<string, number>();
    while (performance.now() < endAt) {
      const roll = random() * 100;
      let op: Op = "update";
      for (let i = 0, acc = 0; i < OPS.length; i++) {
        acc += mix[i] ?? 0;
        if (roll < acc) {
          op = OPS[i] as Op;
          break;
        }
      }
      const key = pick(random, entries).key;
      const t0 = performance.now();
      let answer: Answer;
      if (op === "page" || op === "filtered") {
        const filter =
          op === "page"
            ? null
            : pick(random, [
                { type: pick(random, types) },
                { lifecycles: ["TEST"] },
                { environment: pick(random, environments) },
                { owner: pick(random, owners) },
              ]);
        const after = random() < 0.2 ? null : encodeCursor(CI_LIST, [key]);
        answer = await gql(t, PAGE, { first: 50, after, filter });
      } else if (op === "search") {
        const search = random() < 0.7 ? key : pick(random, words);
        answer = await gql(t, PAGE, { first: 50, after: null, filter: { search } });
      } else if (op === "impact") {
        answer = await gql(t, IMPACT, { input: { ciKeys: [key], maxDepth: 4 } });
      } else {
        const mine = pick(random, own);
        let revision = revisions.get(mine.key);
        if (revision === undefined) {
          const read = await gql(t, REVISION, { key: mine.key });
          revision = (read.data?.configurationItem as { revision?: number } | null)?.revision;
        }
        answer = await gql(t, UPDATE, {
          i: {
            ci: { key: mine.key },
            revision: revision ?? 1,
            changes: { attributes: { loadBench: `${run}-${String(Math.floor(random() * 1e6))}` } },
            reason: "load benchmark",
          },
        });
        const written = (
          answer.data?.updateConfigurationItem as {
            configurationItem?: { revision: number };
          } | null
        )?.configurationItem?.revision;
        // after a failure (a CONFLICT: an earlier run's write), read the revision again
        if (written !== undefined) revisions.set(mine.key, written);
        else revisions.delete(mine.key);
      }
      const ms = performance.now() - t0;
      if (answer.outcome === "ok") latencies[op].push(ms);
      else errors[op][answer.outcome] = (errors[op][answer.outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  const elapsed = (performance.now() - started) / 1000;
  const requests = OPS.reduce((n, o) => n + latencies[o].length, 0);
  const ops = Object.fromEntries(
    OPS.map((o) => [
      o,
      {
        ...summarise(latencies[o]),
        errors: errors[o],
        perSecond: round(latencies[o].length / elapsed, 1),
      },
    ]),
  ) as Record<Op, OpResult>;
  return {
    seconds: round(elapsed, 1),
    requests,
    throughputPerS: round(requests / elapsed, 1),
    ops,
  };
}

async function writeResults(results: EstateResult[]): Promise<string> {
  const base = path.join(args.values.out, `load-${args.values.label}`);
  const first = results[0];
  const ratio = (r: EstateResult): number | null =>
    first && first.throughputPerS > 0 ? round(r.throughputPerS / first.throughputPerS, 2) : null;
  const machine = {
    cpus: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
  const json = {
    at: new Date().toISOString(),
    label: args.values.label,
    machine,
    concurrency,
    durationS,
    warmupS,
    mix: Object.fromEntries(OPS.map((o, i) => [o, mix[i]])),
    results: results.map((r) => ({ ...r, ratioToFirst: ratio(r) })),
  };
  await writeFile(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  const lines = [
    `# Mixed load (${args.values.label})`,
    "",
    `Run ${json.at} on ${String(machine.cpus)} cores, ${String(machine.memoryGb)} GiB, Node ${machine.node}: ` +
      `\`npm run bench:load -- --estates ${estates.join(",")} --duration ${String(durationS)} --concurrency ${String(concurrency)} --label ${args.values.label}${[...homes].map(([e, d]) => ` --home ${e}=${path.relative(projectRoot(), d) || "."}`).join("")}\`. ` +
      `${String(concurrency)} clients over HTTP for ${String(durationS)} s after a ${String(warmupS)} s warm-up; mix ${OPS.map((o, i) => `${o} ${String(mix[i])}%`).join(", ")}; ` +
      `embedded Neo4j heap ${args.values["heap-mb"]} MiB, page cache ${args.values["page-cache-mb"]} MiB.`,
    "",
    "| estate | CIs | req/s | ÷ first | load avg |",
    "| --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.estate} | ${String(r.cis)} | ${String(r.throughputPerS)} | ${String(ratio(r))} | ${String(r.loadAverage)} |`,
    ),
    "",
    "Latency in ms (client side, through HTTP):",
    "",
    "| estate | operation | n | req/s | p50 | p95 | p99 | errors |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.flatMap((r) =>
      OPS.map((o) => {
        const s = r.ops[o];
        const errs = Object.entries(s.errors)
          .map(([code, n]) => `${code} ${String(n)}`)
          .join(", ");
        return `| ${r.estate} | ${o} | ${String(s.n)} | ${String(s.perSecond)} | ${String(s.p50)} | ${String(s.p95)} | ${String(s.p99)} | ${errs || "none"} |`;
      }),
    ),
    "",
  ];
  const md = await prettier.format(lines.join("\n"), { parser: "markdown" });
  await writeFile(`${base}.md`, md);
  return `${base}.md`;
}

await main();
