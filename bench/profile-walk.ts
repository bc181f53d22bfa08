// Where the walk procedure's time and the store's disk go, on an estate the benchmark already
// loaded: `npm run bench:profile-walk [-- --home .data/bench/1000000/neo4j --name N]`.
// Starts the embedded Neo4j on that home (memory from GRAPH_CMDB_EMBEDDED_HEAP_MB /
// _PAGECACHE_MB), lists the store's files by kind, then times the bare walk statement (the
// benchmark's: the procedure counting CIs per distance) on the super-node at depth 4 and on a
// change set of 10 random CIs at unlimited depth (or, `--statement analysis`, the product's
// whole analysis statement on the same roots); the page-cache hits and faults of one walk of
// each (its open transaction's, from SHOW TRANSACTIONS), and a JFR recording of the timed runs (hot methods, GC pauses,
// allocations) read with `jfr view`. Writes bench/results/<name>.md (and .jfr under .data/).
import "reflect-metadata";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { startGraphCmdb } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED } from "./estate.js";
import { round, seededRandom, summarise } from "./stats.js";
import { benchArgs } from "./bench-args.js";
import { jfrView, startJfr, stopJfr } from "./jfr.js";
import { walkStatement, walkStatementKind } from "./walk-statement.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const UNLIMITED = 25;
const args = benchArgs(import.meta.url, {
  home: { type: "string", default: path.join(".data", "bench", "1000000", "neo4j") },
  // the generated estate's size (the change set's CIs are drawn from its keys)
  cis: { type: "string", default: "1000000" },
  name: { type: "string", default: "profile-walk" },
  repeat: { type: "string", default: "3" },
  // the CI with the most relationships (found when not given: a scan of every CI)
  "super-node": { type: "string" },
  jfr: { type: "boolean", default: true },
  // a plugins folder to load the walk from (e.g. an earlier build's jar), used as it is
  plugins: { type: "string" },
  // only list the store's files (no Neo4j started)
  "disk-only": { type: "boolean", default: false },
  // what is timed: the bare walk counting CIs per distance (walk), or the product's whole
  // analysis as it asks it (analysis: cypher/impact/analyse-packed-in-database.cypher)
  statement: { type: "string", default: "walk" },
});
const statementKind = walkStatementKind(args.values.statement);
const analysis = statementKind === "analysis";
const say = (line: string): void => {
  process.stdout.write(`[profile-walk ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const memory = {
  heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536),
  pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536),
};

/** What a store file holds, from its name (Neo4j 5 record format). */
function kindOf(file: string): string {
  const f = path.basename(file);
  if (/^neostore\.transaction\.db/.test(f) || f.startsWith("checkpoint")) return "transaction logs";
  if (f.includes("relationshipstore")) return "relationships";
  if (f.includes("relationshipgroupstore")) return "relationship groups";
  if (f.includes("nodestore.db.labels")) return "node labels (dynamic)";
  if (f.includes("nodestore")) return "nodes";
  if (f.includes("propertystore.db.strings")) return "property strings";
  if (f.includes("propertystore.db.arrays")) return "property arrays";
  if (f.includes("propertystore.db.index")) return "property key tokens";
  if (f.includes("propertystore")) return "properties";
  if (file.includes(`${path.sep}schema${path.sep}`)) return "indexes";
  if (f.includes("token") || f.includes("labeltokenstore")) return "tokens";
  if (f.includes("counts") || f.includes("indexstats")) return "counts and statistics";
  return "other";
}

async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkFiles(p)));
    else out.push(p);
  }
  return out;
}

/** Bytes on disk per kind of store file (allocated blocks, as `du` counts). */
async function storeBreakdown(home: string): Promise<{ kind: string; mb: number }[]> {
  const files = [
    ...(await walkFiles(path.join(home, "data", "databases", "neo4j"))),
    ...(await walkFiles(path.join(home, "data", "transactions", "neo4j"))),
  ];
  const by = new Map<string, number>();
  for (const f of files) {
    const s = await stat(f);
    by.set(kindOf(f), (by.get(kindOf(f)) ?? 0) + s.blocks * 512);
  }
  const rows = [...by.entries()]
    .map(([kind, bytes]) => ({ kind, mb: round(bytes / 2 ** 20, 1) }))
    .sort((a, b) => b.mb - a.mb);
  rows.push({
    kind: "total",
    mb: round(
      rows.reduce((s, r) => s + r.mb, 0),
      1,
    ),
  });
  return rows;
}

async function main(): Promise<void> {
  const home = path.resolve(args.values.home);
  const lines: string[] = [
    "# The walk procedure at scale: disk and time",
    "",
    `Run ${new Date().toISOString()} on ${String(os.cpus().length)} CPUs, ${String(round(os.totalmem() / 2 ** 30, 1))} GiB; store ${path.relative(projectRoot(), home)}; embedded Neo4j heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} at the start.`,
    "",
    "## Disk (MiB allocated, before the start)",
    "",
    "| kind | MiB |",
    "|---|---|",
    ...(await storeBreakdown(home)).map((r) => `| ${r.kind} | ${String(r.mb)} |`),
    "",
  ];
  const out = path.join(projectRoot(), "bench", "results", `${args.values.name}.md`);
  if (args.values["disk-only"]) {
    await writeFile(out, `${lines.join("\n")}\n`);
    say(lines.join("\n"));
    return;
  }
  const log = createLogger("warn", "profile-walk");
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb: memory.heapMb,
    pageCacheMb: memory.pageCacheMb,
    log,
    startTimeoutMs: 600_000,
    ...(args.values.plugins ? { pluginsDir: path.resolve(args.values.plugins) } : {}),
  });
  const running = await startGraphCmdb(
    loadConfig({
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      GRAPH_CMDB_DEMO: "false",
      GRAPH_CMDB_ADMIN_TOKEN: "bench-admin-token-0123456789abcdef",
      GRAPH_CMDB_IMPACT_NODE_CAP: "1000000",
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
    }),
    log,
  );
  const jfrFile = path.join(projectRoot(), ".data", `${args.values.name}.jfr`);
  try {
    const app = running.app;
    const cypher = (name: string) =>
      readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
    const types = walkTypes(
      (await app.catalogue.read(app.db.scope(), ACTOR)).catalogue,
      "DEPENDENTS",
      null,
    );
    const statement = await walkStatement(statementKind, types);
    let superNode = args.values["super-node"] ?? "";
    if (!superNode) {
      say("finding the super-node (a scan of every CI)");
      const s = app.db.driver.session({ database: app.db.name });
      try {
        superNode = String(
          (await s.run(await cypher("find-highest-degree-ci"))).records[0]?.get("key"),
        );
      } finally {
        await s.close();
      }
    }
    const keys = [
      ...generateEstate({
        ciCount: Number(args.values.cis),
        seed: ESTATE_SEED,
      }).configurationItems(),
    ].map((c) => c.key);
    const random = seededRandom(ESTATE_SEED + 17);
    const changeSet = Array.from(
      { length: 10 },
      () => keys[Math.floor(random() * keys.length)] as string,
    );
    const classes = [
      { name: `super-node ${superNode}, depth 4`, rootKeys: [superNode], depth: 4 },
      { name: `change set of 10 CIs, unlimited depth`, rootKeys: changeSet, depth: UNLIMITED },
    ];
    const walk = async (rootKeys: string[], depth: number, profile: boolean) => {
      const s = app.db.driver.session({ database: app.db.name });
      const t0 = performance.now();
      try {
        // an explicit transaction, so that its page-cache hits and faults can be read from
        // SHOW TRANSACTIONS after the statement and before the commit (PROFILE counts none
        // inside a procedure; the transaction's own counters count every page the walk pinned)
        const tx = s.beginTransaction({ metadata: { profileWalk: true } });
        const res = await tx.run(statement.text, statement.parameters(rootKeys, depth, 1_000_000));
        const ms = performance.now() - t0;
        let plan: { hits: number; misses: number } | null = null;
        if (profile) {
          const o = app.db.driver.session({ database: app.db.name });
          try {
            const row = (await o.run(await cypher("read-profiled-walk-page-cache"))).records[0];
            if (row) plan = { hits: Number(row.get("hits")), misses: Number(row.get("faults")) };
          } finally {
            await o.close();
          }
        }
        await tx.commit();
        const impacted = statement.impacted(res.records, rootKeys);
        return { ms, impacted, plan };
      } finally {
        await s.close();
      }
    };
    lines.push(
      analysis
        ? "## Time (the product's analysis, cypher/impact/analyse-packed-in-database.cypher)"
        : "## Time (the bare walk statement, bench/cypher/count-impacted-from-keys.cypher)",
      "",
      `Change set: ${changeSet.join(", ")}.`,
      "",
      "| class | CIs impacted | first (cold) ms | then p50 / p95 ms | one walk's page-cache hits / faults (hit ratio), from SHOW TRANSACTIONS |",
      "|---|---|---|---|---|",
    );
    for (const c of classes) {
      const first = await walk(c.rootKeys, c.depth, false);
      say(`${c.name}: first ${String(round(first.ms))} ms, ${String(first.impacted)} CIs`);
      const profiled = await walk(c.rootKeys, c.depth, true);
      if (args.values.jfr)
        await startJfr(
          neo4j.pid,
          c.depth === 4 ? "super" : "set",
          jfrFile.replace(/\.jfr$/, c.depth === 4 ? "-super-node.jfr" : "-change-set.jfr"),
        );
      const times: number[] = [];
      for (let i = 0; i < Number(args.values.repeat); i++) {
        times.push((await walk(c.rootKeys, c.depth, false)).ms);
      }
      if (args.values.jfr) await stopJfr(neo4j.pid, c.depth === 4 ? "super" : "set");
      const t = summarise(times);
      const p = profiled.plan;
      lines.push(
        `| ${c.name} | ${String(first.impacted)} | ${String(round(first.ms))} | ${String(t.p50)} / ${String(t.p95)} | ${p ? `${String(p.hits)} / ${String(p.misses)} (${String(round(p.hits / Math.max(1, p.hits + p.misses), 4))})` : "-"} |`,
      );
      say(`${c.name}: p50 ${String(t.p50)} ms`);
    }
    lines.push(
      "",
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}.`,
      "",
    );
    if (args.values.jfr) {
      for (const suffix of ["super-node", "change-set"]) {
        const file = jfrFile.replace(/\.jfr$/, `-${suffix}.jfr`);
        for (const view of ["hot-methods", "gc-pauses", "allocation-by-class"]) {
          lines.push(`### JFR ${suffix}: ${view}`, "", "```", await jfrView(view, file), "```", "");
        }
      }
    }
    await writeFile(out, `${lines.join("\n")}\n`);
    say(`written to ${out}`);
  } finally {
    await running.stop();
    await neo4j.stop();
  }
}

await main();
