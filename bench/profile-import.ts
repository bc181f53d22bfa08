// Where a streamed import into an empty CMDB spends its time: `npm run build && node
// dist/bench/profile-import.js [--cis 20000]`. Starts an embedded Neo4j on a fresh store of its
// own (.data/bench/profile-import-<cis>), imports a generated estate through the product's
// `importStream` (batches of 2,000, the journal), and adds up the wall time of each named
// statement a batch sends, against the time spent in the process itself (validation, diffing).
// Then a bare batched `UNWIND … CREATE` of the same entries into a second fresh store, for the
// ratio. Prints a table; writes nothing else.
import "reflect-metadata";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { DbTransaction, type Params } from "../src/neo4j/database.js";
import type { CypherName } from "../src/neo4j/cypher-names.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { round } from "./stats.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const args = parseArgs({ options: { cis: { type: "string", default: "20000" } } });
const size = Number(args.values.cis);
const say = (line: string): void => {
  process.stdout.write(`[profile-import ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

const spent = new Map<string, { calls: number; ms: number }>();
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
const original = DbTransaction.prototype.run;
DbTransaction.prototype.run = async function timed(
  this: DbTransaction,
  name: CypherName,
  params?: Params,
) {
  const t = performance.now();
  try {
    return await original.call(this, name, params);
  } finally {
    const s = spent.get(name) ?? { calls: 0, ms: 0 };
    s.calls += 1;
    s.ms += performance.now() - t;
    spent.set(name, s);
  }
};

function documentText(): string {
  const estate = generateEstate({ ciCount: size, seed: 2026 });
  return JSON.stringify({
    configurationItems: [...estate.configurationItems()],
    relationships: [...estate.relationships()],
  });
}

async function main(): Promise<void> {
  const text = documentText();
  const home = path.join(projectRoot(), ".data", "bench", `profile-import-${String(size)}`);
  await rm(home, { recursive: true, force: true });
  const log = createLogger("warn", "profile-import");
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb: 2048,
    pageCacheMb: 1024,
    log,
    startTimeoutMs: 600_000,
  });
  try {
    const config = loadConfig({
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: "neo4j",
      NEO4J_PASSWORD: neo4j.password,
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
      LOG_LEVEL: "warn",
    });
    const opened = await openApplication(config, log);
    try {
      spent.clear();
      const sections = new Map<string, { first: number; last: number; done: number }>();
      const t = performance.now();
      const result = await opened.app.imports.importStream(
        opened.app.db.scope(),
        ACTOR,
        Readable.from([text]),
        {
          reason: "profile",
          source: "profile",
          onProgress: (p) => {
            const now = performance.now();
            const s = sections.get(p.section) ?? { first: now, last: now, done: 0 };
            s.last = now;
            s.done = p.done;
            sections.set(p.section, s);
          },
        },
      );
      const total = performance.now() - t;
      say(
        `import: ${String(round(total / 1000, 1))} s, ${String(result.configurationItems.created)} CIs, ${String(result.relationships.created)} relationships, ${String(result.errorCount)} errors`,
      );
      for (const [section, s] of sections)
        say(`  ${section}: ${String(round((s.last - s.first) / 1000, 1))} s to ${String(s.done)}`);
      let inStatements = 0;
      for (const [name, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms)) {
        inStatements += s.ms;
        say(
          `  ${name.padEnd(44)} ${String(s.calls).padStart(6)} calls ${String(round(s.ms / 1000, 1)).padStart(7)} s`,
        );
      }
      say(
        `  outside statements (the process itself): ${String(round((total - inStatements) / 1000, 1))} s`,
      );
    } finally {
      await opened.close();
    }
  } finally {
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
