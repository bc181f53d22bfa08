// The soak: `npm run soak [-- --estate demo|100000 --duration 60 --concurrency 16,64
// --fault none|kill|pause]`. Never part of `npm test`.
// Drives a running graph-cmdb over HTTP (`--url`, on this machine only), or one it starts itself
// (`node dist/src/main.js` with its own embedded Neo4j in .data/soak/<estate>: the demo estate,
// or a generated estate of N CIs loaded once with the product's import by bench/estate.ts, as
// `npm run bench` and `npm run bench:load` load theirs, and kept for the next runs), with a mix
// of reads, impact analyses and writes by N concurrent clients for a bounded time per
// concurrency level. It reports throughput, latency percentiles by kind, errors by code, the
// server's memory (from /metrics) at the start and end, and checks that no acknowledged update was
// lost (each client's CIs carry exactly the revisions it was told it wrote). With --fault, the
// embedded Neo4j is killed (-9) or paused (SIGSTOP, 10 s) halfway through each level: /readyz must
// answer 503 within 2 s and 200 again without the API being restarted. Then an abuse round
// (abuse.ts): malformed requests, oversized values, injection strings; 0 internal errors,
// 0 stack traces, 0 internal messages, 0 partial writes. Exit 1 when a check fails.
// Results go to bench/results/soak-<label>.json and .md (label: <estate>-<fault> by default).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as prettier from "prettier";
import { openApplication } from "../../src/bootstrap.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { projectRoot } from "../../src/config/project-root.js";
import { freePort } from "../../src/neo4j/embedded-neo4j.js";
import {
  estateCis,
  loadGeneratedEstateIfEmpty,
  parseEstate,
  type EstateLoad,
  type EstateName,
} from "../estate.js";
import { round, seededRandom, summarise, type Summary } from "../stats.js";
import { servedUrl } from "../served-product.js";
import { abuse, type AbuseResult } from "./abuse.js";
import { benchArgs } from "../bench-args.js";

const args = benchArgs(import.meta.url, {
  url: { type: "string" },
  token: { type: "string" },
  "metrics-token": { type: "string" },
  duration: { type: "string", default: "60" },
  concurrency: { type: "string", default: "16,64" },
  // percentages of reads, impact analyses and writes
  mix: { type: "string", default: "60,25,15" },
  // the demo, or a generated estate of this many CIs (kept in .data/soak/<estate> once loaded)
  estate: { type: "string", default: "demo" },
  // the demo's store is wiped before each run unless kept; a generated estate's is always kept
  "keep-data": { type: "boolean", default: false },
  // the embedded Neo4j's memory (the product's defaults take a quarter of the machine each)
  "heap-mb": { type: "string", default: "3072" },
  "page-cache-mb": { type: "string", default: "2048" },
  "skip-abuse": { type: "boolean", default: false },
  label: { type: "string" },
  // halfway through each level: kill -9 the embedded Neo4j, or SIGSTOP it for 10 s (only for
  // a product the soak started itself)
  fault: { type: "string", default: "none" },
  out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
});
const durationS = Number(args.values.duration);
const levels = args.values.concurrency.split(",").map(Number);
const [readPct, impactPct, writePct] = args.values.mix.split(",").map(Number) as [
  number,
  number,
  number,
];
if (!(durationS > 0 && durationS <= 3600) || levels.some((c) => !(c >= 1 && c <= 512))) {
  throw new Error("--duration must be 1..3600 seconds and each --concurrency 1..512");
}
if (readPct + impactPct + writePct !== 100) throw new Error("--mix must add up to 100");
const FAULTS = ["none", "kill", "pause"] as const;
const fault: (typeof FAULTS)[number] =
  FAULTS.find((f) => f === args.values.fault) ??
  ((): never => {
    throw new Error("--fault must be none, kill or pause");
  })();
if (fault !== "none" && args.values.url)
  throw new Error("--fault needs a product the soak starts itself (no --url)");
const estate: EstateName = parseEstate(args.values.estate);
if (args.values.url && args.values.estate !== "demo")
  throw new Error("--estate is for a product the soak starts itself (no --url)");
const label =
  args.values.label ?? `${estate === "demo" ? "demo" : `${String(estate / 1000)}k`}-fault-${fault}`;
if (!/^[\w.-]{1,80}$/.test(label)) throw new Error("--label: letters, digits, . _ - (1..80)");
const PAUSE_MS = 10_000;
/** A loaded store on a busy machine: the demo took over 5 minutes to start at a load average of 30. */
const START_TIMEOUT_MS = 20 * 60_000;
/** /readyz must say 503 within this after Neo4j is killed or paused. */
const READYZ_WITHIN_MS = 2_000;
const REQUEST_TIMEOUT_MS = 60_000;
const say = (line: string): void => {
  process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

type Kind = "read" | "impact" | "write";

interface Target {
  readonly url: string;
  readonly token: string;
  readonly metricsToken: string | null;
  /** The resident memory of the server's child processes (its embedded Neo4j), when it is ours. */
  childRssMb(): Promise<number | null>;
  /** The embedded Neo4j's JVM, when the soak started the product. */
  neo4jPid(): Promise<number | null>;
  /** The API process's id, and whether it is still running (null: not ours). */
  apiPid(): number | null;
  apiAlive(): boolean | null;
  /** The keys of the estate's CIs, when the soak loaded it (else listed over GraphQL). */
  readonly keys: readonly string[] | null;
  readonly load: EstateLoad | null;
  stop(): Promise<void>;
}

/** The product to drive: the one at --url (loopback only), or one started here. */
async function target(): Promise<Target> {
  if (args.values.url) {
    const url = new URL(args.values.url);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
      throw new Error(
        `--url ${url.host}: the soak drives a product on this machine only (127.0.0.1, localhost, [::1])`,
      );
    }
    const token = args.values.token ?? process.env.GRAPH_CMDB_ADMIN_TOKEN;
    if (!token) throw new Error("--url needs --token (or GRAPH_CMDB_ADMIN_TOKEN): an ADMIN token");
    return {
      url: url.origin,
      token,
      metricsToken: args.values["metrics-token"] ?? null,
      childRssMb: () => Promise.resolve(null),
      neo4jPid: () => Promise.resolve(null),
      apiPid: () => null,
      apiAlive: () => null,
      keys: null,
      load: null,
      stop: async () => {},
    };
  }
  const dataDir = path.join(projectRoot(), ".data", "soak", String(estate));
  if (estate === "demo" && !args.values["keep-data"])
    await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const token = `soak-${randomBytes(18).toString("base64url")}`;
  const env = {
    NEO4J_URI: "",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    GRAPH_CMDB_DATA_DIR: dataDir,
    GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(await freePort()),
    GRAPH_CMDB_EMBEDDED_HEAP_MB: args.values["heap-mb"],
    GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: args.values["page-cache-mb"],
    GRAPH_CMDB_DEMO: estate === "demo" ? "true" : "false",
    GRAPH_CMDB_ADMIN_TOKEN: token,
    // the soak is one token at full speed: the per-token limit would only measure itself
    GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
    GRAPH_CMDB_METRICS: "true",
  };
  let load: EstateLoad | null = null;
  if (estate !== "demo") {
    // the product's core in this process, for the load only (once: the store is kept)
    const opened = await openApplication(loadConfig(env), createLogger("warn", "soak-load"));
    try {
      load = await loadGeneratedEstateIfEmpty(opened.app, estate, {
        say,
        reason: "soak estate",
        batchSize: 2000,
      });
      if (load) say(`  loaded in ${String(load.seconds)} s`);
    } finally {
      await opened.close();
    }
  }
  const child = spawn(process.execPath, [path.join(projectRoot(), "dist", "src", "main.js")], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // the server's own log, for what the figures do not say (restarts, slow requests)
  const serverLog = createWriteStream(
    path.join(projectRoot(), ".data", `soak-${label}-server.log`),
  );
  child.stderr.pipe(serverLog);
  const url = await servedUrl(child, START_TIMEOUT_MS);
  say(`started graph-cmdb at ${url} (${String(estate)} estate, embedded Neo4j in ${dataDir})`);
  return {
    url,
    token,
    metricsToken: null,
    childRssMb: () => childrenRssMb(child.pid ?? 0),
    neo4jPid: async () => (await childPids(child.pid ?? 0))[0] ?? null,
    apiPid: () => child.pid ?? null,
    apiAlive: () => child.exitCode === null && child.signalCode === null,
    keys: estateCis(estate).map((c) => c.key),
    load,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function childPids(pid: number): Promise<number[]> {
  return (await readFile(`/proc/${String(pid)}/task/${String(pid)}/children`, "utf8"))
    .trim()
    .split(/\s+/)
    .filter((c) => c.length > 0)
    .map(Number);
}

/** The summed VmRSS of a process's children (Linux /proc), in MiB; null where unreadable. */
async function childrenRssMb(pid: number): Promise<number | null> {
  try {
    const children = await childPids(pid);
    let kb = 0;
    for (const c of children) {
      const m = /^VmRSS:\s+(\d+) kB$/m.exec(await readFile(`/proc/${String(c)}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    }
    return round(kb / 1024, 1);
  } catch {
    return null;
  }
}

interface GqlAnswer {
  readonly ok: boolean;
  /** "ok", the first error code, HTTP_<status>, or TIMEOUT / NETWORK. */
  readonly outcome: string;
  readonly data: Record<string, unknown> | null;
}

async function gql(
  t: Target,
  query: string,
  variables: Record<string, unknown>,
  operationName: string,
): Promise<GqlAnswer> {
  try {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ query, variables, operationName }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: {
      data?: Record<string, unknown> | null;
      errors?: { extensions?: { code?: string } }[];
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { ok: false, outcome: `HTTP_${String(res.status)}_NOT_JSON`, data: null };
    }
    const code = body.errors?.[0]?.extensions?.code;
    if (code) return { ok: false, outcome: code, data: body.data ?? null };
    if (!res.ok) return { ok: false, outcome: `HTTP_${String(res.status)}`, data: null };
    return { ok: true, outcome: "ok", data: body.data ?? null };
  } catch (e) {
    const name = (e as Error).name;
    return { ok: false, outcome: name === "TimeoutError" ? "TIMEOUT" : "NETWORK", data: null };
  }
}

const LIST = `query SoakList($first: Int!, $after: String) {
  configurationItems(first: $first, after: $after) { nodes { key type } pageInfo { hasNextPage endCursor } }
}`;
const READ = `query SoakRead($key: String!) {
  configurationItem(ref: { key: $key }) { key name type lifecycle revision attributes }
}`;
const IMPACT = `query SoakImpact($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) { truncated counts { down degraded atRisk } businessServices { impactLevel configurationItem { key } } }
}`;
const CREATE = `mutation SoakCreate($i: CreateConfigurationItemInput!) {
  createConfigurationItem(input: $i) { configurationItem { key revision } }
}`;
const UPDATE = `mutation SoakUpdate($i: UpdateConfigurationItemInput!) {
  updateConfigurationItem(input: $i) { configurationItem { key revision } }
}`;

async function listKeys(t: Target): Promise<string[]> {
  const keys: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const answer = await gql(t, LIST, { first: 500, after }, "SoakList");
    if (!answer.ok) throw new Error(`listing CIs failed: ${answer.outcome}`);
    const conn = answer.data?.configurationItems as {
      nodes: { key: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    keys.push(...conn.nodes.map((n) => n.key));
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return keys;
}

interface Memory {
  /** The API process (Node). */
  readonly rssMb: number | null;
  readonly heapUsedMb: number | null;
  /** The embedded Neo4j's JVM, when the soak started the product. */
  readonly neo4jRssMb: number | null;
}

async function serverMemory(t: Target): Promise<Memory> {
  try {
    const res = await fetch(`${t.url}/metrics`, {
      headers: t.metricsToken ? { authorization: `Bearer ${t.metricsToken}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const neo4jRssMb = await t.childRssMb();
    if (!res.ok) return { rssMb: null, heapUsedMb: null, neo4jRssMb };
    const text = await res.text();
    const value = (name: string): number | null => {
      const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
      return m?.[1] ? round(Number(m[1]) / 2 ** 20, 1) : null;
    };
    return {
      rssMb: value("process_resident_memory_bytes"),
      heapUsedMb: value("nodejs_heap_size_used_bytes"),
      neo4jRssMb,
    };
  } catch {
    return { rssMb: null, heapUsedMb: null, neo4jRssMb: null };
  }
}

interface FaultResult {
  readonly kind: "kill" | "pause";
  /** From the signal to the first answer of /readyz other than 200 (polled every 100 ms). */
  readonly readyzNot200AfterMs: number | null;
  /** From the signal to the first 503 of /readyz: the check is ≤ 2 s. */
  readonly readyz503AfterMs: number | null;
  /** From the signal to /readyz answering 200 again. */
  readonly recoveredAfterMs: number | null;
  /** The API process, before and after: the same one (recovered without a restart). */
  readonly apiPidBefore: number | null;
  readonly apiPidAfter: number | null;
  /** The Neo4j process before the fault and after recovery (a kill: a new one). */
  readonly neo4jPidBefore: number;
  readonly neo4jPidAfter: number | null;
}

/** Kills or pauses the embedded Neo4j, and times what /readyz says about it. */
async function injectFault(t: Target, kind: "kill" | "pause"): Promise<FaultResult> {
  const pid = await t.neo4jPid();
  if (pid === null) throw new Error("no embedded Neo4j process found to fault");
  const apiPidBefore = t.apiPid();
  const readyz = async (): Promise<number> => {
    try {
      // a generous timeout: the check is when the 503 arrives, not how long the probe may take
      return (await fetch(`${t.url}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;
    } catch {
      return 0;
    }
  };
  const at = performance.now();
  process.kill(pid, kind === "kill" ? "SIGKILL" : "SIGSTOP");
  const resume = kind === "pause" ? setTimeout(() => process.kill(pid, "SIGCONT"), PAUSE_MS) : null;
  let down: number | null = null;
  let unavailable: number | null = null;
  let up: number | null = null;
  while (performance.now() - at < 600_000) {
    const status = await readyz();
    // when the answer came (a poll that timed out came at its timeout)
    const ms = Math.round(performance.now() - at);
    if (down === null && status !== 200) down = ms;
    if (unavailable === null && status === 503) unavailable = ms;
    if (down !== null && status === 200) {
      up = ms;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (resume) clearTimeout(resume);
  if (kind === "pause") process.kill(pid, "SIGCONT");
  const neo4jPidAfter = await t.neo4jPid().catch(() => null);
  say(
    `  fault ${kind}: /readyz not 200 after ${String(down)} ms, 503 after ${String(unavailable)} ms, 200 again after ${String(up)} ms; Neo4j pid ${String(pid)} → ${String(neo4jPidAfter)}`,
  );
  return {
    kind,
    readyzNot200AfterMs: down,
    readyz503AfterMs: unavailable,
    recoveredAfterMs: up,
    apiPidBefore,
    apiPidAfter: t.apiAlive() === false ? null : t.apiPid(),
    neo4jPidBefore: pid,
    neo4jPidAfter,
  };
}

async function faultHalfway(t: Target, kind: "kill" | "pause"): Promise<FaultResult> {
  await new Promise((r) => setTimeout(r, (durationS * 1000) / 2));
  return injectFault(t, kind);
}

interface PhaseResult {
  readonly concurrency: number;
  readonly seconds: number;
  readonly requests: number;
  readonly throughputPerS: number;
  readonly latencyMs: Record<Kind, Summary>;
  readonly outcomes: Record<string, number>;
  readonly memoryStart: Memory;
  readonly memoryEnd: Memory;
  readonly memoryMaxRssMb: number | null;
  /** CIs whose stored revision is below the last one their client was told it wrote. */
  readonly lostUpdates: number;
  readonly fault: FaultResult | null;
  readonly checkedCis: number;
  /** The machine's 1-minute load average at the start and the end: other work skews every figure. */
  readonly loadAverageStart: number;
  readonly loadAverage: number;
  /** After a fault: the outcome of one create once /readyz said 200 again. */
  readonly writeAfterFault: string | null;
  readonly checks: Check[];
}

interface Check {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function phase(
  t: Target,
  keys: string[],
  concurrency: number,
  run: string,
): Promise<PhaseResult> {
  const latencies: Record<Kind, number[]> = { read: [], impact: [], write: [] };
  const outcomes: Record<string, number> = {};
  /** Each client's own CIs and the last revision it was told it wrote (acknowledged). */
  const written = new Map<string, number>();
  let lostUpdates = 0;
  const storedRevision = async (key: string): Promise<number | null> => {
    const answer = await gql(t, READ, { key }, "SoakRead");
    if (!answer.ok) return null;
    return (answer.data?.configurationItem as { revision?: number } | null)?.revision ?? null;
  };
  const loadAverageStart = round(os.loadavg()[0] ?? 0, 1);
  const memoryStart = await serverMemory(t);
  let maxRss = memoryStart.rssMb;
  const sampler = setInterval(() => {
    void serverMemory(t).then((m) => {
      if (m.rssMb !== null) maxRss = Math.max(maxRss ?? 0, m.rssMb);
    });
  }, 5_000);
  const started = performance.now();
  const endAt = started + durationS * 1000;

  const faulted = fault === "none" ? Promise.resolve(null) : faultHalfway(t, fault);

  const client = async (id: number): Promise<void> => {
    const random = seededRandom(1000 * concurrency + id);
    const mine: string[] = [];
    /** The revision to name in the next update of each CI (re-read after an unknown outcome). */
    const next = new Map<string, number>();
    let n = 0;
    while (performance.now() < endAt) {
      const roll = random() * 100;
      const kind: Kind = roll < readPct ? "read" : roll < readPct + impactPct ? "impact" : "write";
      const key = keys[Math.floor(random() * keys.length)] ?? "";
      const t0 = performance.now();
      let answer: GqlAnswer;
      if (kind === "read") {
        answer = await gql(t, READ, { key }, "SoakRead");
      } else if (kind === "impact") {
        const maxDepth = 2 + Math.floor(random() * 4);
        answer = await gql(t, IMPACT, { input: { ciKeys: [key], maxDepth } }, "SoakImpact");
      } else if (mine.length === 0 || random() < 0.3) {
        const own = `soak-${run}-c${String(concurrency)}-w${String(id)}-${String(n++)}`;
        answer = await gql(
          t,
          CREATE,
          { i: { key: own, name: own, type: "Application", attributes: { soak: run } } },
          "SoakCreate",
        );
        if (answer.ok) {
          mine.push(own);
          written.set(own, 1);
          next.set(own, 1);
        }
      } else {
        const own = mine[Math.floor(random() * mine.length)] ?? "";
        const revision = next.get(own) ?? 1;
        answer = await gql(
          t,
          UPDATE,
          {
            i: {
              ci: { key: own },
              revision,
              changes: { version: String(revision + 1) },
              reason: "soak",
            },
          },
          "SoakUpdate",
        );
        if (answer.ok) {
          written.set(own, revision + 1);
          next.set(own, revision + 1);
        } else if (answer.outcome !== "CONFLICT") {
          // unknown whether it was written (Neo4j went away): what is stored now must still
          // hold every acknowledged revision; go on from what is stored
          const stored = await storedRevision(own);
          if (stored !== null) {
            if (stored < (written.get(own) ?? 1)) lostUpdates += 1;
            next.set(own, stored);
          }
        }
      }
      latencies[kind].push(performance.now() - t0);
      outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
      // a well-behaved client waits a moment before it tries an unavailable server again
      if (answer.outcome === "UNAVAILABLE" || answer.outcome === "NETWORK")
        await new Promise((r) => setTimeout(r, 250));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_v, i) => client(i)));
  const faultResult = await faulted;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const memoryEnd = await serverMemory(t);
  // recovered means usable: a write goes through, on the same API process
  let writeAfterFault: string | null = null;
  if (faultResult) {
    const own = `soak-${run}-c${String(concurrency)}-after-fault`;
    const answer = await gql(
      t,
      CREATE,
      { i: { key: own, name: own, type: "Application", attributes: { soak: run } } },
      "SoakCreate",
    );
    writeAfterFault = answer.outcome;
    if (answer.ok) written.set(own, 1);
  }

  // every acknowledged write is there: at least at the revision its client was last told
  for (const [key, revision] of written) {
    const stored = await storedRevision(key);
    if (stored === null || stored < revision) lostUpdates += 1;
  }
  const requests = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const checks: Check[] = [
    {
      check: "no acknowledged write lost",
      ok: lostUpdates === 0,
      detail: `${String(lostUpdates)} of ${String(written.size)} CIs`,
    },
  ];
  if (faultResult) {
    const f = faultResult;
    checks.push(
      {
        check: `/readyz 503 within ${String(READYZ_WITHIN_MS)} ms of the ${f.kind}`,
        ok: f.readyz503AfterMs !== null && f.readyz503AfterMs <= READYZ_WITHIN_MS,
        detail: `${String(f.readyz503AfterMs)} ms`,
      },
      {
        check: "/readyz 200 again, the API not restarted",
        ok:
          f.recoveredAfterMs !== null &&
          f.apiPidBefore !== null &&
          f.apiPidAfter === f.apiPidBefore &&
          t.apiAlive() === true,
        detail: `after ${String(f.recoveredAfterMs)} ms; API pid ${String(f.apiPidBefore)} → ${String(f.apiPidAfter)}`,
      },
      {
        check: "a write goes through after recovery",
        ok: writeAfterFault === "ok",
        detail: String(writeAfterFault),
      },
    );
  }
  return {
    concurrency,
    seconds: round(seconds, 1),
    requests,
    throughputPerS: round(requests / seconds, 1),
    latencyMs: {
      read: summarise(latencies.read),
      impact: summarise(latencies.impact),
      write: summarise(latencies.write),
    },
    outcomes,
    memoryStart,
    memoryEnd,
    memoryMaxRssMb: maxRss,
    lostUpdates,
    fault: faultResult,
    checkedCis: written.size,
    loadAverageStart,
    loadAverage: round(os.loadavg()[0] ?? 0, 1),
    writeAfterFault,
    checks,
  };
}

function markdown(result: SoakResult): string {
  const rows = result.phases.flatMap((p) =>
    (["read", "impact", "write"] as const).map(
      (k) =>
        `| ${String(p.concurrency)} | ${k} | ${String(p.latencyMs[k].n)} | ${String(p.latencyMs[k].p50)} | ${String(p.latencyMs[k].p95)} | ${String(p.latencyMs[k].p99)} |`,
    ),
  );
  const phases = result.phases.map(
    (p) =>
      `| ${String(p.concurrency)} | ${String(p.seconds)} | ${String(p.requests)} | ${String(p.throughputPerS)} | ${Object.entries(
        p.outcomes,
      )
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(
          ", ",
        )} | ${String(p.memoryStart.rssMb)} → ${String(p.memoryEnd.rssMb)} (max ${String(p.memoryMaxRssMb)}) | ${String(p.memoryStart.neo4jRssMb)} → ${String(p.memoryEnd.neo4jRssMb)} | ${String(p.lostUpdates)} of ${String(p.checkedCis)} | ${String(p.loadAverageStart)} → ${String(p.loadAverage)} | ${p.fault ? `${p.fault.kind}: ${String(p.fault.readyz503AfterMs)} / ${String(p.fault.recoveredAfterMs)}; write after: ${String(p.writeAfterFault)}` : "none"} |`,
  );
  const checks = [
    ...result.phases.flatMap((p) =>
      p.checks.map(
        (c) =>
          `| ${String(p.concurrency)} clients | ${c.check} | ${c.ok ? "pass" : "**FAIL**"} | ${c.detail} |`,
      ),
    ),
    ...(result.abuse ? abuseChecks(result.abuse) : []).map(
      (c) => `| abuse | ${c.check} | ${c.ok ? "pass" : "**FAIL**"} | ${c.detail} |`,
    ),
  ];
  const a = result.abuse;
  const abuseLines = a
    ? [
        "",
        `Abuse round: ${String(a.requests)} requests (${Object.entries(a.byKind)
          .map(([k, v]) => `${k} ${String(v)}`)
          .join(", ")}) in ${String(a.seconds)} s; answers ${Object.entries(a.answers)
          .sort((x, y) => y[1] - x[1])
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(
            ", ",
          )}; ${String(a.storedVerbatim)} injection strings stored as names and read back unchanged; ${String(a.retriedAfterNoAnswer)} requests sent again on a fresh connection after no answer.`,
        ...(a.violations.length > 0
          ? ["", "Violations:", "", ...a.violations.map((v) => `- ${v.replace(/\|/g, "\\|")}`)]
          : []),
      ]
    : [];
  return [
    `# Soak ${result.label} (${result.startedAt})`,
    "",
    `\`${result.command}\``,
    "",
    `${result.target}; ${String(result.durationS)} s per level; fault ${result.fault}; mix reads/impact/writes ${result.mix}; ${String(result.estateCis)} CIs in the estate${result.load ? ` (loaded by this run in ${String(result.load.seconds)} s)` : ""}; ${result.machine}.`,
    "",
    `Checks: ${result.passed ? "all pass" : "**some FAIL**"}.`,
    "",
    "| where | check | result | detail |",
    "|---|---|---|---|",
    ...checks,
    "",
    "| clients | seconds | requests | req/s | outcomes | API RSS MB | Neo4j RSS MB | lost updates | load avg (start → end) | fault: readyz 503 / 200 after ms |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...phases,
    "",
    "Latency in ms (client side, through HTTP):",
    "",
    "| clients | kind | n | p50 | p95 | p99 |",
    "|---|---|---|---|---|---|",
    ...rows,
    ...abuseLines,
    "",
  ].join("\n");
}

function abuseChecks(a: AbuseResult): Check[] {
  return [
    {
      check: "no internal error (5xx, INTERNAL)",
      ok: a.internalErrors === 0,
      detail: String(a.internalErrors),
    },
    { check: "every answer JSON", ok: a.notJson === 0, detail: `${String(a.notJson)} not JSON` },
    {
      check: "no stack trace or server path",
      ok: a.stackTraces === 0,
      detail: String(a.stackTraces),
    },
    {
      check: "no internal message",
      ok: a.internalMessages === 0,
      detail: String(a.internalMessages),
    },
    { check: "no partial write", ok: a.partialWrites === 0, detail: String(a.partialWrites) },
  ];
}

interface SoakResult {
  readonly label: string;
  readonly command: string;
  readonly startedAt: string;
  readonly target: string;
  readonly machine: string;
  readonly durationS: number;
  readonly mix: string;
  readonly fault: string;
  readonly estate: string;
  readonly estateCis: number;
  readonly load: EstateLoad | null;
  readonly phases: PhaseResult[];
  readonly abuse: AbuseResult | null;
  readonly loadAverageAfterAbuse: number | null;
  readonly passed: boolean;
}

const t = await target();
try {
  const keys = t.keys ? [...t.keys] : await listKeys(t);
  if (keys.length === 0)
    throw new Error("the CMDB has no CIs to read: load the demo (or any estate) first");
  const run = randomBytes(3).toString("hex");
  const startedAt = new Date().toISOString();
  const phases: PhaseResult[] = [];
  for (const concurrency of levels) {
    say(
      `${String(concurrency)} clients for ${String(durationS)} s… (load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
    );
    const result = await phase(t, keys, concurrency, run);
    phases.push(result);
    say(
      `  ${String(result.requests)} requests, ${String(result.throughputPerS)}/s; p95 read ${String(result.latencyMs.read.p95)} ms, impact ${String(result.latencyMs.impact.p95)} ms, write ${String(result.latencyMs.write.p95)} ms; outcomes ${JSON.stringify(result.outcomes)}; API RSS ${String(result.memoryStart.rssMb)} → ${String(result.memoryEnd.rssMb)} MB, Neo4j RSS ${String(result.memoryStart.neo4jRssMb)} → ${String(result.memoryEnd.neo4jRssMb)} MB; lost updates ${String(result.lostUpdates)}/${String(result.checkedCis)}; load average ${String(result.loadAverage)}`,
    );
    for (const c of result.checks) say(`  ${c.ok ? "pass" : "FAIL"}: ${c.check} (${c.detail})`);
  }
  let abuseResult: AbuseResult | null = null;
  if (!args.values["skip-abuse"]) {
    say("abuse round: malformed requests, oversized values, injection strings…");
    abuseResult = await abuse(t, run);
    for (const c of abuseChecks(abuseResult))
      say(`  ${c.ok ? "pass" : "FAIL"}: ${c.check} (${c.detail})`);
    for (const v of abuseResult.violations) say(`  violation: ${v}`);
  }
  const passed =
    phases.every((p) => p.checks.every((c) => c.ok)) &&
    (abuseResult ? abuseChecks(abuseResult).every((c) => c.ok) : true);
  const result: SoakResult = {
    label,
    command: `npm run soak -- ${process.argv.slice(2).join(" ")}`.trim(),
    startedAt,
    target: args.values.url
      ? `graph-cmdb at ${t.url}`
      : `graph-cmdb started by the soak (${estate === "demo" ? "demo estate" : `generated estate of ${estate.toLocaleString("en")} CIs`}, embedded Neo4j heap ${args.values["heap-mb"]} MiB, page cache ${args.values["page-cache-mb"]} MiB)`,
    machine: `${String(os.cpus().length)} cores, ${String(Math.round(os.totalmem() / 2 ** 30))} GiB, Node ${process.version}`,
    durationS,
    mix: args.values.mix,
    fault,
    estate: String(estate),
    estateCis: keys.length,
    load: t.load,
    phases,
    abuse: abuseResult,
    loadAverageAfterAbuse: abuseResult ? round(os.loadavg()[0] ?? 0, 1) : null,
    passed,
  };
  await mkdir(args.values.out, { recursive: true });
  const json = path.join(args.values.out, `soak-${label}.json`);
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  const md = path.join(args.values.out, `soak-${label}.md`);
  // formatted as the repository formats Markdown, so a committed result passes format:check
  const options = (await prettier.resolveConfig(md)) ?? {};
  await writeFile(md, await prettier.format(markdown(result), { ...options, filepath: md }));
  say(`results in ${json} (and .md): ${passed ? "all checks pass" : "SOME CHECKS FAIL"}`);
  if (!passed) process.exitCode = 1;
} finally {
  await t.stop();
}
