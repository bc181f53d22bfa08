// Two builds of the walk plugin side by side on the same estate, interleaved, so that a busy
// machine slows both alike: `npm run build && node dist/bench/compare-walk-plugins.js --home
// .data/bench/100000/neo4j --cis 100000 --before .data/plugins-before [--super-node KEY]`.
// Copies the kept store twice (.data/bench/compare-{before,after}), starts a Neo4j on each (the
// `--before` plugins folder, and this build's jar), then times the bare walk statement (the
// benchmark's) on the super-node at depth 4 and a change set of 10 at unlimited depth, one
// run on each in turn. Writes bench/results/<name>.md. Memory per Neo4j from
// GRAPH_CMDB_EMBEDDED_HEAP_MB / _PAGECACHE_MB (default 2048 / 1024).
import "reflect-metadata";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import neo4j, { int } from "neo4j-driver";
import { walkTypes } from "../src/application/impact/graph-walk.js";
import { startGraphCmdb } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { ESTATE_SEED } from "./estate.js";
import { round, seededRandom, summarise } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const args = benchArgs(import.meta.url, {
  home: { type: "string", default: path.join(".data", "bench", "100000", "neo4j") },
  cis: { type: "string", default: "100000" },
  before: { type: "string" },
  "super-node": { type: "string", default: "svc-000001" },
  repeat: { type: "string", default: "9" },
  name: { type: "string", default: "compare-walk-plugins" },
});
const memory = {
  heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 2048),
  pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1024),
};
const say = (line: string): void => {
  process.stdout.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

async function main(): Promise<void> {
  if (!args.values.before) throw new Error("--before: a plugins folder holding the earlier jar");
  const log = createLogger("warn", "compare");
  const started: EmbeddedNeo4j[] = [];
  const loadAtStart = os.loadavg();
  try {
    const sides: { name: string; neo4j: EmbeddedNeo4j }[] = [];
    for (const side of ["before", "after"] as const) {
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
      sides.push({ name: side, neo4j: n });
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
    const cypher = (name: string) =>
      readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
    // the benchmark's walk statement (counting CIs per distance), and the same walk made as the
    // product's analyses make it (every column read, levels)
    const counting = await cypher("count-impacted-from-keys");
    const analysing = await cypher("count-analysed-from-keys");
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
    const superNode = [args.values["super-node"]];
    const classes = [
      {
        name: `super-node ${args.values["super-node"]}, depth 4`,
        rootKeys: superNode,
        depth: 4,
        statement: counting,
      },
      {
        name: "change set of 10 CIs, unlimited depth",
        rootKeys: changeSet,
        depth: 25,
        statement: counting,
      },
      {
        name: `super-node ${args.values["super-node"]}, depth 4, analysed (graphcmdb.impact.analyse)`,
        rootKeys: superNode,
        depth: 4,
        statement: analysing,
      },
    ];
    const drivers = sides.map((s) =>
      neo4j.driver(s.neo4j.uri, neo4j.auth.basic("neo4j", s.neo4j.password)),
    );
    const lines = [
      "# Two builds of the walk plugin, interleaved",
      "",
      `Run ${new Date().toISOString()}; store ${args.values.home} copied twice; each Neo4j heap ${String(memory.heapMb)} MiB, page cache ${String(memory.pageCacheMb)} MiB; before: ${args.values.before}; after: this build's jar; load average at the start ${loadAtStart.map((l) => l.toFixed(2)).join(", ")}, at the end LOAD_END. Each class: one unmeasured run on each, then ${args.values.repeat} runs on each in turn. Times in ms through neo4j-driver: the bare walk statement (bench/cypher/count-impacted-from-keys.cypher), and for "analysed" bench/cypher/count-analysed-from-keys.cypher.`,
      "",
      "| class | CIs impacted | before p50 / p95 | after p50 / p95 | after ÷ before p50 |",
      "|---|---|---|---|---|",
    ];
    try {
      for (const c of classes) {
        const times: number[][] = drivers.map(() => []);
        let impacted = 0;
        for (let i = 0; i <= Number(args.values.repeat); i++) {
          for (const [s, driver] of drivers.entries()) {
            const session = driver.session({ database: "neo4j" });
            const t0 = performance.now();
            const res = await session.run(c.statement, {
              rootKeys: c.rootKeys,
              incoming: types.incoming,
              outgoing: types.outgoing,
              maxDepth: int(c.depth),
              nodeCap: int(1_000_000),
            });
            const ms = performance.now() - t0;
            await session.close();
            const n = res.records.reduce((sum, r) => sum + Number(r.get("cis")), 0);
            if (s === 0) impacted = n;
            else if (n !== impacted)
              throw new Error(`${c.name}: before ${String(impacted)} CIs, after ${String(n)}`);
            if (i > 0) times[s]?.push(ms);
          }
        }
        const b = summarise(times[0] ?? []);
        const a = summarise(times[1] ?? []);
        const row = `| ${c.name} | ${String(impacted)} | ${String(b.p50)} / ${String(b.p95)} | ${String(a.p50)} / ${String(a.p95)} | ${String(round(a.p50 / b.p50, 3))} |`;
        lines.push(row);
        say(row);
      }
    } finally {
      for (const d of drivers) await d.close();
    }
    const out = path.join(projectRoot(), "bench", "results", `${args.values.name}.md`);
    await writeFile(
      out,
      `${lines.join("\n").replace(
        "LOAD_END",
        os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(", "),
      )}\n`,
    );
    say(`written to ${out}`);
  } finally {
    for (const n of started) await n.stop();
  }
}

await main();
