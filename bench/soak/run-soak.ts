// The soak: `npm run soak [-- --duration 60 --concurrency 16,64]`. Never part of `npm test`.
// Drives a running graph-cmdb over HTTP (`--url`, on this machine only), or one it starts itself
// (`node dist/src/main.js` with the demo estate, its own embedded Neo4j in .data/soak), with a
// mix of reads, impact analyses and writes by N concurrent clients for a bounded time per
// concurrency level. It reports throughput, latency percentiles by kind, errors by code, the
// server's memory (from /metrics) at the start and end, and checks that no acknowledged update was
// lost (each client's CIs carry exactly the revisions it was told it wrote).
// Results go to bench/results/soak-<time>.json and .md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { projectRoot } from "../../src/config/project-root.js";
import { freePort } from "../../src/neo4j/embedded-neo4j.js";
import { round, seededRandom, summarise, type Summary } from "../stats.js";

const args = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    "metrics-token": { type: "string" },
    duration: { type: "string", default: "60" },
    concurrency: { type: "string", default: "16,64" },
    // percentages of reads, impact analyses and writes
    mix: { type: "string", default: "60,25,15" },
    "keep-data": { type: "boolean", default: false },
    // halfway through each level: kill -9 the embedded Neo4j, or SIGSTOP it for 10 s (only for
    // a product the soak started itself)
    fault: { type: "string", default: "none" },
    out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
  },
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
const PAUSE_MS = 10_000;
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
      stop: async () => {},
    };
  }
  const dataDir = path.join(projectRoot(), ".data", "soak");
  if (!args.values["keep-data"]) await rm(dataDir, { recursive: true, force: true });
  const token = `soak-${randomBytes(18).toString("base64url")}`;
  const child = spawn(process.execPath, [path.join(projectRoot(), "dist", "src", "main.js")], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      NEO4J_URI: "",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      GRAPH_CMDB_DATA_DIR: dataDir,
      GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(await freePort()),
      GRAPH_CMDB_DEMO: "true",
      GRAPH_CMDB_ADMIN_TOKEN: token,
      // the soak is one token at full speed: the per-token limit would only measure itself
      GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
      GRAPH_CMDB_METRICS: "true",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // the server's own log, for what the figures do not say (restarts, slow requests)
  const serverLog = createWriteStream(path.join(projectRoot(), ".data", "soak-server.log"));
  child.stderr.pipe(serverLog);
  const url = await servedUrl(child);
  say(`started graph-cmdb at ${url} (demo estate, embedded Neo4j in ${dataDir})`);
  return {
    url,
    token,
    metricsToken: null,
    childRssMb: () => childrenRssMb(child.pid ?? 0),
    neo4jPid: async () => (await childPids(child.pid ?? 0))[0] ?? null,
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

function servedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`graph-cmdb did not start within 5 minutes:\n${text.slice(-4000)}`));
    }, 300_000);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      text += chunk;
      const m = /GraphQL at (\S+)\/graphql/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`graph-cmdb exited (${String(code)}) before serving:\n${text.slice(-4000)}`),
      );
    });
  });
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
  configurationItem(key: $key) { key name type lifecycle revision attributes }
}`;
const IMPACT = `query SoakImpact($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) { truncated counts { down degraded atRisk } businessServices { impactLevel configurationItem { key } } }
}`;
const CREATE = `mutation SoakCreate($i: CreateConfigurationItemInput!) {
  createConfigurationItem(input: $i) { key revision }
}`;
const UPDATE = `mutation SoakUpdate($i: UpdateConfigurationItemInput!) {
  updateConfigurationItem(input: $i) { key revision }
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
  /** From the signal to the first 503 of /readyz (polled every 100 ms). */
  readonly readyz503AfterMs: number | null;
  /** From the signal to /readyz answering 200 again. */
  readonly recoveredAfterMs: number | null;
}

/** Kills or pauses the embedded Neo4j, and times what /readyz says about it. */
async function injectFault(t: Target, kind: "kill" | "pause"): Promise<FaultResult> {
  const pid = await t.neo4jPid();
  if (pid === null) throw new Error("no embedded Neo4j process found to fault");
  const readyz = async (): Promise<number> => {
    try {
      return (await fetch(`${t.url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;
    } catch {
      return 0;
    }
  };
  const at = performance.now();
  process.kill(pid, kind === "kill" ? "SIGKILL" : "SIGSTOP");
  const resume = kind === "pause" ? setTimeout(() => process.kill(pid, "SIGCONT"), PAUSE_MS) : null;
  let down: number | null = null;
  let up: number | null = null;
  while (performance.now() - at < 300_000) {
    const status = await readyz();
    const ms = Math.round(performance.now() - at);
    if (down === null && status !== 200) down = ms;
    if (down !== null && status === 200) {
      up = ms;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (resume) clearTimeout(resume);
  if (kind === "pause") process.kill(pid, "SIGCONT");
  say(`  fault ${kind}: /readyz 503 after ${String(down)} ms, 200 again after ${String(up)} ms`);
  return { kind, readyz503AfterMs: down, recoveredAfterMs: up };
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
  /** The machine's 1-minute load average at the end: other work on it skews every figure. */
  readonly loadAverage: number;
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

  // every acknowledged write is there: at least at the revision its client was last told
  for (const [key, revision] of written) {
    const stored = await storedRevision(key);
    if (stored === null || stored < revision) lostUpdates += 1;
  }
  const requests = Object.values(outcomes).reduce((a, b) => a + b, 0);
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
    loadAverage: round(os.loadavg()[0] ?? 0, 1),
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
        )} | ${String(p.memoryStart.rssMb)} → ${String(p.memoryEnd.rssMb)} (max ${String(p.memoryMaxRssMb)}) | ${String(p.memoryStart.heapUsedMb)} → ${String(p.memoryEnd.heapUsedMb)} | ${String(p.memoryStart.neo4jRssMb)} → ${String(p.memoryEnd.neo4jRssMb)} | ${String(p.lostUpdates)} of ${String(p.checkedCis)} | ${String(p.loadAverage)} | ${p.fault ? `${p.fault.kind}: ${String(p.fault.readyz503AfterMs)} / ${String(p.fault.recoveredAfterMs)}` : "none"} |`,
  );
  return [
    `# Soak ${result.startedAt}`,
    "",
    `${result.target}; ${String(result.durationS)} s per level; fault ${result.fault}; mix reads/impact/writes ${result.mix}; ${String(result.estateCis)} CIs at the start; ${result.machine}.`,
    "",
    "| clients | seconds | requests | req/s | outcomes | API RSS MB | API heap used MB | Neo4j RSS MB | lost updates | load avg | fault: readyz 503 / 200 after ms |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...phases,
    "",
    "Latency in ms (client side, through HTTP):",
    "",
    "| clients | kind | n | p50 | p95 | p99 |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

interface SoakResult {
  readonly startedAt: string;
  readonly target: string;
  readonly machine: string;
  readonly durationS: number;
  readonly mix: string;
  readonly fault: string;
  readonly estateCis: number;
  readonly phases: PhaseResult[];
}

const t = await target();
try {
  const keys = await listKeys(t);
  if (keys.length === 0)
    throw new Error("the CMDB has no CIs to read: load the demo (or any estate) first");
  const run = randomBytes(3).toString("hex");
  const startedAt = new Date().toISOString();
  const phases: PhaseResult[] = [];
  for (const concurrency of levels) {
    say(`${String(concurrency)} clients for ${String(durationS)} s…`);
    const result = await phase(t, keys, concurrency, run);
    phases.push(result);
    say(
      `  ${String(result.requests)} requests, ${String(result.throughputPerS)}/s; p95 read ${String(result.latencyMs.read.p95)} ms, impact ${String(result.latencyMs.impact.p95)} ms, write ${String(result.latencyMs.write.p95)} ms; outcomes ${JSON.stringify(result.outcomes)}; API RSS ${String(result.memoryStart.rssMb)} → ${String(result.memoryEnd.rssMb)} MB, Neo4j RSS ${String(result.memoryStart.neo4jRssMb)} → ${String(result.memoryEnd.neo4jRssMb)} MB; lost updates ${String(result.lostUpdates)}/${String(result.checkedCis)}`,
    );
  }
  const result: SoakResult = {
    startedAt,
    target: args.values.url
      ? `graph-cmdb at ${t.url}`
      : "graph-cmdb started by the soak (demo estate, embedded Neo4j)",
    machine: `${String(os.cpus().length)} cores, ${String(Math.round(os.totalmem() / 2 ** 30))} GiB, Node ${process.version}`,
    durationS,
    mix: args.values.mix,
    fault,
    estateCis: keys.length,
    phases,
  };
  await mkdir(args.values.out, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, "-");
  const json = path.join(args.values.out, `soak-${stamp}.json`);
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  const md = path.join(args.values.out, `soak-${stamp}.md`);
  // formatted as the repository formats Markdown, so a committed result passes format:check
  const options = (await prettier.resolveConfig(md)) ?? {};
  await writeFile(md, await prettier.format(markdown(result), { ...options, filepath: md }));
  say(`results in ${json} (and .md)`);
  if (phases.some((p) => p.lostUpdates > 0)) process.exitCode = 1;
} finally {
  await t.stop();
}
