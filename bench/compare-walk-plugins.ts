// Two builds of the walk plugin side by side on the same estate, interleaved, so that a busy
// machine slows both alike: `npm run build && node dist/bench/compare-walk-plugins.js --home
// .data/bench/100000/neo4j --cis 100000 --before .data/plugins-before [--super-node KEY]
// [--statement walk|analysis|both] [--jfr]`. Copies the kept store twice
// (.data/bench/compare-{before,after}), starts a Neo4j on each (the `--before` plugins folder,
// and this build's jar), then times a statement on the super-node at depth 4 and a change set
// of 10 at unlimited depth, one run on each in turn: the bare walk counting CIs per distance
// (`walk`, bench/cypher/count-impacted-from-keys.cypher), the product's analysis statement
// (`analysis`, cypher/impact/analyse-packed-in-database.cypher, whose whole answers must be the
// same on both builds), or both in turn with analysis ÷ walk per build (`both`). `--jfr`
// records each Neo4j's timed runs of each class (.data/<name>-{before,after}-<class>.jfr) and
// reports their GC pauses. Writes bench/results/<name>.md. Memory per Neo4j from
// GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB (default 2048 / 1024).
import "reflect-metadata";
import { cp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import neo4j from "neo4j-driver";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { startGraphCmdb } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED } from "./estate.js";
import { gcPauses, startJfr, stopJfr } from "./jfr.js";
import { round, seededRandom, summarise } from "./stats.js";
import { benchArgs } from "./bench-args.js";
import {
  answerDigest,
  walkStatement,
  walkStatementKind,
  type WalkStatement,
  type WalkStatementKind,
} from "./walk-statement.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const args = benchArgs(import.meta.url, {
  home: { type: "string", default: path.join(".data", "bench", "100000", "neo4j") },
  cis: { type: "string", default: "100000" },
  before: { type: "string" },
  "super-node": { type: "string", default: "svc-000001" },
  repeat: { type: "string", default: "9" },
  // what is timed: walk, analysis or both (each in turn, and analysis ÷ walk per build)
  statement: { type: "string", default: "walk" },
  // only the super-node, or only the change set (default: both classes)
  classes: { type: "string", default: "super-node,change-set" },
  // a JFR recording of each Neo4j's timed runs, its GC pauses reported
  jfr: { type: "boolean", default: false },
  name: { type: "string", default: "compare-walk-plugins" },
});
const kinds: WalkStatementKind[] =
  args.values.statement === "both"
    ? ["walk", "analysis"]
    : [walkStatementKind(args.values.statement)];
const memory = {
  heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 2048),
  pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1024),
};
const SIDES = ["before", "after"] as const;
const say = (line: string): void => {
  process.stdout.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const loadNow = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

async function main(): Promise<void> {
  if (!args.values.before) throw new Error("--before: a plugins folder holding the earlier jar");
  const log = createLogger("warn", "compare");
  const started: EmbeddedNeo4j[] = [];
  const loadAtStart = loadNow();
  try {
    for (const side of SIDES) {
      const home = path.join(projectRoot(), ".data", "bench", `compare-${side}`);
      await rm(home, { recursive: true, force: true });
      await cp(path.resolve(args.values.home), home, { recursive: true });
      await rm(path.join(home, "plugins"), { recursive: true, force: true });
      const n = await startEmbeddedNeo4j({
        home,
        port: await freePort(),
        ...memory,
        log,
        startTimeoutMs: 600_000,
        ...(side === "before" ? { pluginsDir: path.resolve(args.values.before) } : {}),
      });
      started.push(n);
      say(`${side}: Neo4j up`);
    }
    const after = started[1];
    if (!after) throw new Error("the second Neo4j did not start");
    const running = await startGraphCmdb(
      loadConfig({
        NEO4J_URI: after.uri,
        NEO4J_PASSWORD: after.password,
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "warn",
        GRAPH_CMDB_DEMO: "false",
        GRAPH_CMDB_ADMIN_TOKEN: "bench-admin-token-0123456789abcdef",
      }),
      log,
    );
    const types = walkTypes(
      (await running.app.catalogue.read(running.app.db.scope(), ACTOR)).catalogue,
      "DEPENDENTS",
      null,
    );
    await running.stop();
    const statements: WalkStatement[] = [];
    for (const kind of kinds) statements.push(await walkStatement(kind, types));
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
    const wanted = args.values.classes.split(",");
    const classes = [
      {
        id: "super-node",
        name: `super-node ${args.values["super-node"]}, depth 4`,
        rootKeys: [args.values["super-node"]],
        depth: 4,
      },
      {
        id: "change-set",
        name: "change set of 10 CIs, unlimited depth",
        rootKeys: changeSet,
        depth: 25,
      },
    ].filter((c) => wanted.includes(c.id));
    const drivers = started.map((s) =>
      neo4j.driver(s.uri, neo4j.auth.basic("neo4j", s.password), {
        maxConnectionLifetime: 3_600_000,
      }),
    );
    const repeat = Number(args.values.repeat);
    const lines = [
      "# Two builds of the walk plugin, interleaved",
      "",
      `Run ${new Date().toISOString()}; store ${args.values.home} copied twice; each Neo4j heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB; before: ${args.values.before}; after: this build's jar; load average at the start ${loadAtStart}, at the end LOAD_END. Each class: one unmeasured run of each statement on each build, then ${String(repeat)} rounds of each statement on each build in turn. Times in ms through neo4j-driver (the whole answer received): ${statements.map((s) => `${s.kind} ${s.file}`).join("; ")}.${kinds.includes("analysis") ? " The analysis's whole answer (every column of every row) is the same on both builds (a digest compared on every run)." : ""}`,
      "",
      "| class | statement | CIs impacted | before p50 / p95 | after p50 / p95 | after ÷ before p50 |",
      "|---|---|---|---|---|---|",
    ];
    const ratios: string[] = [];
    const pauses: string[] = [];
    try {
      for (const c of classes) {
        // times[statement][side]
        const times = statements.map(() => SIDES.map((): number[] => []));
        const impacted = statements.map(() => 0);
        const digests = statements.map((): string | null => null);
        for (let i = 0; i <= repeat; i++) {
          if (i === 1 && args.values.jfr) {
            for (const [s, n] of started.entries())
              await startJfr(n.pid, c.id, jfrFile(SIDES[s] ?? "", c.id));
          }
          for (const [k, statement] of statements.entries()) {
            for (const [s, driver] of drivers.entries()) {
              const session = driver.session({ database: "neo4j" });
              const t0 = performance.now();
              const res = await session.run(
                statement.text,
                statement.parameters(c.rootKeys, c.depth, 1_000_000),
              );
              const ms = performance.now() - t0;
              await session.close();
              const n = statement.impacted(res.records, c.rootKeys);
              const digest = statement.kind === "analysis" ? answerDigest(res.records) : null;
              if (i === 0 && s === 0) {
                impacted[k] = n;
                digests[k] = digest;
              } else if (n !== impacted[k] || digest !== digests[k]) {
                throw new Error(
                  `${c.name}, ${statement.kind}: ${String(impacted[k])} CIs (${String(digests[k])}) on the first run before, ${String(n)} (${String(digest)}) on ${SIDES[s] ?? ""} run ${String(i)}`,
                );
              }
              if (i > 0) times[k]?.[s]?.push(ms);
            }
          }
        }
        if (args.values.jfr) {
          for (const [s, n] of started.entries()) {
            const side = SIDES[s] ?? "";
            await stopJfr(n.pid, c.id);
            const gc = await gcPauses(jfrFile(side, c.id));
            pauses.push(
              `| ${c.name} | ${side} | ${gc ? `${String(gc.count)} | ${String(round(gc.totalMs))}` : "- | -"} |`,
            );
          }
        }
        const p50 = statements.map(() => SIDES.map(() => 0));
        const p95 = statements.map(() => SIDES.map(() => 0));
        for (const [k, statement] of statements.entries()) {
          const b = summarise(times[k]?.[0] ?? []);
          const a = summarise(times[k]?.[1] ?? []);
          for (const [s, t] of [b, a].entries()) {
            (p50[k] as number[])[s] = t.p50;
            (p95[k] as number[])[s] = t.p95;
          }
          const row = `| ${c.name} | ${statement.kind} | ${String(impacted[k])} | ${String(b.p50)} / ${String(b.p95)} | ${String(a.p50)} / ${String(a.p95)} | ${String(round(a.p50 / b.p50, 3))} |`;
          lines.push(row);
          say(row);
        }
        if (statements.length === 2) {
          const ratio = (s: number, p: number[][]) =>
            String(round((p[1]?.[s] ?? Number.NaN) / (p[0]?.[s] ?? Number.NaN), 3));
          const row = `| ${c.name} | ${ratio(0, p50)} / ${ratio(0, p95)} | ${ratio(1, p50)} / ${ratio(1, p95)} |`;
          ratios.push(row);
          say(`analysis ÷ walk ${row}`);
        }
      }
    } finally {
      for (const d of drivers) await d.close();
    }
    if (ratios.length > 0) {
      lines.push(
        "",
        "Analysis ÷ walk, each build's own (analysis p50 ÷ walk p50 / p95 ÷ p95):",
        "",
        "| class | before | after |",
        "|---|---|---|",
        ...ratios,
      );
    }
    if (pauses.length > 0) {
      lines.push(
        "",
        `GC pauses over the timed runs (JFR, every statement timed; .data/${args.values.name}-*.jfr):`,
        "",
        "| class | build | pauses | total ms |",
        "|---|---|---|---|",
        ...pauses,
      );
    }
    const out = path.join(projectRoot(), "bench", "results", `${args.values.name}.md`);
    await writeFile(out, `${lines.join("\n").replace("LOAD_END", loadNow())}\n`);
    say(`written to ${out}`);
  } finally {
    for (const n of started) await n.stop();
  }
}

function jfrFile(side: string, classId: string): string {
  return path.join(projectRoot(), ".data", `${args.values.name}-${side}-${classId}.jfr`);
}

await main();
