// What one small GraphQL request asks of Neo4j and of HTTP: `npm run build && NODE_ENV=production
// node dist/bench/count-request-messages.js --home .data/bench/100000/neo4j --cis 100000 [--repeat
// 20] [--depth 2] [--name request-messages]`. Serves the product in this process over an embedded
// Neo4j, its driver logging every Bolt message it sends (BEGIN, RUN, PULL, COMMIT, RESET, ...),
// and counts them per request for `impactAnalysis` selecting `impacted { distance
// configurationItem { key } }` of a random CI: with the configured ADMIN token and with a stored
// API token, with the catalogue's copy fresh and just forgotten (as when it expires); and for
// `{ __typename }`; and when, in each request, the first message went and the last answer came.
// Also what HTTP does: the connection kept alive or not, the body's encoding and
// size. Writes bench/results/<name>.md. Memory: GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB.
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import neo4j from "neo4j-driver";
import * as prettier from "prettier";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import type { Actor } from "../src/domain/actor.js";
import { buildGraphqlSchema } from "../src/graphql/schema.js";
import { startHttpServer } from "../src/http/server.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { benchArgs } from "./bench-args.js";
import { ESTATE_SEED, estateCis } from "./estate.js";
import { round, seededRandom, summarise } from "./stats.js";

const TOKEN = "bench-admin-token-0123456789abcdef";
const ADMIN: Actor = { user: "admin", roles: ["ADMIN"], tokenId: null };
const args = benchArgs(import.meta.url, {
  home: { type: "string" },
  cis: { type: "string", default: "100000" },
  repeat: { type: "string", default: "20" },
  depth: { type: "string", default: "2" },
  name: { type: "string", default: "request-messages" },
});
if (!args.values.home) throw new Error("--home: an embedded Neo4j home holding an estate");
const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 2048);
const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 2048);
const repeat = Number(args.values.repeat);
const depth = Number(args.values.depth);

const QUERY = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;

/** Bolt messages the driver sent, by name ("C: RUN ..." in its debug log). */
const sent = new Map<string, number>();
/** When the driver sent its first message and heard its last answer, during one request. */
const heard = { firstSent: 0, lastAnswer: 0 };
const original = neo4j.driver;
(neo4j as { driver: typeof neo4j.driver }).driver = (url, auth, config = {}) =>
  original(url, auth, {
    ...(config as Record<string, unknown>),
    logging: {
      level: "debug",
      logger: (_level, message) => {
        const m = /C: ([A-Z_]+)/.exec(message);
        if (m?.[1]) {
          sent.set(m[1], (sent.get(m[1]) ?? 0) + 1);
          if (heard.firstSent === 0) heard.firstSent = performance.now();
        }
        if (/S: [A-Z_]+/.test(message)) heard.lastAnswer = performance.now();
      },
    },
  });

async function main(): Promise<void> {
  const log = createLogger("warn", "messages");
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
  const config = loadConfig(env);
  const opened = await openApplication(config, log);
  const { app } = opened;
  const http = await startHttpServer({
    app,
    schema: await buildGraphqlSchema(),
    log,
    host: "127.0.0.1",
    port: 0,
    policy: config.http,
    observability: config.observability,
    neo4jHealth: () => ({ state: "external", restarts: 0 }),
  });
  try {
    // a stored token of a READER (once per store: the user and token stay)
    const user = `bench-reader-${String(Date.now())}`;
    await app.users.create(app.db.scope(), ADMIN, { name: user, roles: ["READER"] });
    const stored = (await app.tokens.create(app.db.scope(), ADMIN, { user, roles: ["READER"] }))
      .secret;
    const keys = estateCis(Number(args.values.cis)).map((c) => c.key);
    const random = seededRandom(ESTATE_SEED + 2);
    const pick = () => keys[Math.floor(random() * keys.length)] as string;

    // the client's own share: fetch (undici, as the benchmarks ask) or node:http with a kept agent
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const viaNodeHttp = (headers: Record<string, string>, payload: string) =>
      new Promise<{ status: number; bytes: number; header: (name: string) => string | null }>(
        (resolve, reject) => {
          const req = request(`${http.url}/graphql`, { method: "POST", agent, headers }, (r) => {
            let bytes = 0;
            r.on("data", (d: Buffer) => (bytes += d.length));
            r.on("end", () => {
              resolve({
                status: r.statusCode ?? 0,
                bytes,
                header: (name) => {
                  const v = r.headers[name];
                  return typeof v === "string" ? v : null;
                },
              });
            });
            r.on("error", reject);
          });
          req.on("error", reject);
          req.end(payload);
        },
      );
    const ask = async (token: string, body: object, client: "fetch" | "node:http" = "fetch") => {
      const before = new Map(sent);
      heard.firstSent = 0;
      heard.lastAnswer = 0;
      const headers = {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "accept-encoding": "br, gzip",
      };
      const t0 = performance.now();
      let res: { status: number; bytes: number; header: (name: string) => string | null };
      if (client === "fetch") {
        const r = await fetch(`${http.url}/graphql`, {
          method: "POST",
          headers,
          body: JSON.stringify(body),
        });
        const bytes = (await r.arrayBuffer()).byteLength;
        res = { status: r.status, bytes, header: (name) => r.headers.get(name) };
      } else {
        res = await viaNodeHttp(headers, JSON.stringify(body));
      }
      const { bytes } = res;
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`HTTP ${String(res.status)}`);
      const delta: Record<string, number> = {};
      for (const [k, v] of sent)
        if (v - (before.get(k) ?? 0) > 0) delta[k] = v - (before.get(k) ?? 0);
      const neo4jMs = heard.firstSent ? heard.lastAnswer - heard.firstSent : 0;
      const beforeMs = heard.firstSent ? heard.firstSent - t0 : ms;
      return {
        ms,
        beforeMs,
        neo4jMs,
        afterMs: heard.firstSent ? t0 + ms - heard.lastAnswer : 0,
        bytes,
        encoding: res.header("content-encoding") ?? "none",
        connection: res.header("connection") ?? "(none)",
        delta,
      };
    };
    const cases: { name: string; run: () => Promise<Awaited<ReturnType<typeof ask>>> }[] = [
      {
        name: "impact, configured ADMIN token, catalogue copy fresh",
        run: () =>
          ask(TOKEN, { query: QUERY, variables: { input: { ciKeys: [pick()], maxDepth: depth } } }),
      },
      {
        name: "impact, configured ADMIN token, catalogue copy expired",
        run: () => {
          app.catalogue.forget();
          return ask(TOKEN, {
            query: QUERY,
            variables: { input: { ciKeys: [pick()], maxDepth: depth } },
          });
        },
      },
      {
        name: "impact, stored API token (READER), catalogue copy fresh",
        run: () =>
          ask(stored, {
            query: QUERY,
            variables: { input: { ciKeys: [pick()], maxDepth: depth } },
          }),
      },
      {
        name: "`{ __typename }`, configured ADMIN token",
        run: () => ask(TOKEN, { query: "{ __typename }" }),
      },
      {
        name: "`{ __typename }`, stored API token",
        run: () => ask(stored, { query: "{ __typename }" }),
      },
      {
        name: "impact, configured ADMIN token, catalogue copy fresh, client node:http",
        run: () =>
          ask(
            TOKEN,
            { query: QUERY, variables: { input: { ciKeys: [pick()], maxDepth: depth } } },
            "node:http",
          ),
      },
      {
        name: "`{ __typename }`, configured ADMIN token, client node:http",
        run: () => ask(TOKEN, { query: "{ __typename }" }, "node:http"),
      },
    ];
    for (const c of cases) for (let i = 0; i < 5; i++) await c.run();
    const lines: string[] = [];
    for (const c of cases) {
      const ms: number[] = [];
      const phases = { before: [] as number[], neo4j: [] as number[], after: [] as number[] };
      const msgs = new Map<string, number[]>();
      let last: Awaited<ReturnType<typeof ask>> | null = null;
      for (let i = 0; i < repeat; i++) {
        const r = await c.run();
        ms.push(r.ms);
        phases.before.push(r.beforeMs);
        phases.neo4j.push(r.neo4jMs);
        phases.after.push(r.afterMs);
        for (const [k, v] of Object.entries(r.delta)) msgs.set(k, [...(msgs.get(k) ?? []), v]);
        last = r;
      }
      const perRequest = [...msgs.entries()]
        .map(([k, v]) => `${k} ${String(round(v.reduce((a, b) => a + b, 0) / repeat, 2))}`)
        .join(", ");
      const s = summarise(ms);
      lines.push(
        `| ${c.name} | ${perRequest || "none"} | ${String(s.p50)} / ${String(s.p95)} | ${String(summarise(phases.before).p50)} / ${String(summarise(phases.neo4j).p50)} / ${String(summarise(phases.after).p50)} | ${String(last?.bytes)} B, ${String(last?.encoding)}, connection: ${String(last?.connection)} |`,
      );
    }
    const md = [
      "# What one small GraphQL request asks of Neo4j",
      "",
      `A random CI per request at depth ${String(depth)} on ${String(args.values.home)}; ${String(repeat)} requests per line after 5 unmeasured, one after another over fetch (undici) unless said. Bolt messages the driver sent during the request, from its debug log, per request (mean). NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}; load average ${os
        .loadavg()
        .map((l) => String(round(l, 2)))
        .join(", ")}.`,
      "",
      "| request | Bolt messages per request | ms p50 / p95 | p50 ms: before the first Bolt message / first message to last answer / after it | body |",
      "|---|---|---|---|---|",
      ...lines,
      "",
    ].join("\n");
    const out = await prettier.format(md, { parser: "markdown" });
    await writeFile(path.join(projectRoot(), "bench", "results", `${args.values.name}.md`), out);
    process.stdout.write(out);
  } finally {
    await http.stop();
    await opened.close();
    await server.stop();
  }
}

await main();
