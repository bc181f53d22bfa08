// Where a streamed import into an empty CMDB spends its time: `npm run build && node
// dist/bench/profile-import.js [--cis 20000]`. Starts an embedded Neo4j on a fresh store of its
// own (.data/bench/profile-import-<cis>), imports a generated estate through the product's
// `importStream` (batches of 2,000, the journal), and adds up the wall time of each named
// statement a batch sends, against the time spent in the process itself (validation, diffing).
// Then a bare batched `UNWIND … CREATE` of the same entries into a second fresh store, for the
// ratio. Prints a table; writes nothing else.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import { createDriver, DbScope, DbTransaction, type Params } from "../src/neo4j/database.js";
import type { CypherName } from "../src/neo4j/cypher-names.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { round } from "./stats.js";
import { int as neoInt } from "neo4j-driver";
import { benchArgs } from "./bench-args.js";

const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };
const args = benchArgs(import.meta.url, {
  cis: { type: "string", default: "20000" },
  // the write experiments below (statement by statement against the bare create), not only the import
  variants: { type: "boolean", default: true },
  "variant-batches": { type: "string", default: "5" },
});
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

const transactions = { count: 0, ms: 0 };
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
const originalWrite = DbScope.prototype.writeTransaction;
DbScope.prototype.writeTransaction = async function timedWrite<T>(
  this: DbScope,
  work: (tx: DbTransaction) => Promise<T>,
  opts?: Parameters<DbScope["writeTransaction"]>[1],
): Promise<T> {
  const t = performance.now();
  try {
    return (await originalWrite.call(this, work, opts)) as T;
  } finally {
    transactions.count += 1;
    transactions.ms += performance.now() - t;
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
    heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536),
    pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536),
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
        `  write transactions: ${String(transactions.count)}, ${String(round(transactions.ms / 1000, 1))} s in all; ` +
          `outside statements (BEGIN and COMMIT, and the process itself): ${String(round((total - inStatements) / 1000, 1))} s`,
      );
      const batches = spent.get("import/save-import-progress")?.calls ?? 0;
      const perBatch = [...spent.values()].reduce((a, s) => a + s.calls, 0) / Math.max(1, batches);
      say(`  statements per batch: ${String(round(perBatch, 2))} (${String(batches)} batches)`);
      if (args.values.variants) await variants(neo4j.uri, neo4j.password);
    } finally {
      await opened.close();
    }
  } finally {
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  }
  await bare(text);
}

/** Statements only the profile sends (bench/cypher/profile-*.cypher), kept out of the product's registry. */
async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

/**
 * What each part of a batch's write costs, commit included, on the store the import just
 * filled: the same 2,000-row batches written by statements that add one part at a time (CI
 * props and indexes, first version; relationship properties, signature node, ends' bumps, the
 * RETURN), taking turns batch by batch so that the machine's load falls on all alike.
 */
async function variants(uri: string, password: string): Promise<void> {
  const driver = createDriver({ uri, username: "neo4j", password, database: "neo4j" });
  const session = driver.session({ database: "neo4j" });
  const rounds = Number(args.values["variant-batches"]);
  const batch = 2000;
  try {
    await session.run(await benchCypher("profile-ci-bare-constraint"));
    const ids = (
      await session.run(await benchCypher("profile-list-ci-ids"), { limit: neoInt(size) })
    ).records.map((r) => r.get("id") as string);
    const pick = (): string => ids[Math.floor(Math.random() * ids.length)] ?? "";
    const estate = generateEstate({ ciCount: Math.max(size, 2000), seed: 99 });
    const entries = [...estate.configurationItems()].slice(0, batch);
    const meta = { now: new Date().toISOString(), importId: "profile" };
    const time = async (statement: string, params: Params): Promise<number> => {
      const t = performance.now();
      await session.executeWrite((tx) => tx.run(statement, { ...meta, ...params }));
      return performance.now() - t;
    };
    const ciVariants = ["profile-ci-bare", "profile-ci-props", "profile-ci-versions"];
    const relVariants = [
      "profile-rel-bare",
      "profile-rel-props",
      "profile-rel-signature",
      "profile-rel-bumps-once",
      "profile-rel-bumps",
      "profile-rel-product",
    ];
    const ms = new Map<string, number>();
    const used = new Set<string>();
    const texts = new Map<string, string>();
    for (const v of [...ciVariants, ...relVariants]) texts.set(v, await benchCypher(v));
    for (let r = 0; r < rounds; r++) {
      say(`  write experiments: round ${String(r + 1)} of ${String(rounds)}`);
      for (const v of ciVariants) {
        const rows = entries.map((e) => ({
          operation: "IMPORT",
          changes: "[]",
          props: {
            id: randomUUID(),
            key: `${v}-${String(r)}-${e.key}`,
            name: e.name,
            type: e.type,
            owner: e.owner ?? null,
            lifecycle: "PRODUCTION",
            environment: "production",
            attributes: JSON.stringify(e.attributes ?? {}),
          },
        }));
        ms.set(v, (ms.get(v) ?? 0) + (await time(texts.get(v) ?? "", { rows })));
      }
      for (const [i, v] of relVariants.entries()) {
        const rows: { id: string; fromId: string; toId: string; type: string }[] = [];
        while (rows.length < batch) {
          const [fromId, toId] = [pick(), pick()];
          // each pair once per variant: its signature is unique
          if (used.has(`${fromId}|${String(i)}|${toId}`)) continue;
          used.add(`${fromId}|${String(i)}|${toId}`);
          rows.push({ id: randomUUID(), fromId, toId, type: `PROFILE_${String(i)}` });
        }
        const ends = new Map<string, number>();
        for (const row of rows)
          for (const id of [row.fromId, row.toId]) ends.set(id, (ends.get(id) ?? 0) + 1);
        ms.set(
          v,
          (ms.get(v) ?? 0) +
            (await time(texts.get(v) ?? "", {
              rows,
              ends: [...ends].map(([id, n]) => ({ id, n: neoInt(n) })),
            })),
        );
      }
    }
    const n = rounds * batch;
    say(`write experiments: ${String(rounds)} batches of ${String(batch)} each, commit included`);
    for (const [v, total] of ms)
      say(
        `  ${v.padEnd(28)} ${String(round(total / 1000, 1)).padStart(6)} s ${String(Math.round(n / (total / 1000))).padStart(7)}/s`,
      );
  } finally {
    await session.close();
    await driver.close();
  }
}

/** The bare batched UNWIND of the same document into a fresh store (the bench's baseline). */
async function bare(text: string): Promise<void> {
  const home = path.join(projectRoot(), ".data", "bench", `profile-import-bare-${String(size)}`);
  await rm(home, { recursive: true, force: true });
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb: Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536),
    pageCacheMb: Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536),
    log: createLogger("warn", "profile-import"),
    startTimeoutMs: 600_000,
  });
  const driver = createDriver({
    uri: neo4j.uri,
    username: "neo4j",
    password: neo4j.password,
    database: "neo4j",
  });
  const session = driver.session({ database: "neo4j" });
  try {
    await session.run(await benchCypher("bare-ci-key-constraint"));
    const doc = JSON.parse(text) as {
      configurationItems: Record<string, unknown>[];
      relationships: Record<string, unknown>[];
    };
    const run = async (statement: string, rows: Record<string, unknown>[]): Promise<number> => {
      const t = performance.now();
      for (let i = 0; i < rows.length; i += 2000) {
        const slice = rows.slice(i, i + 2000);
        await session.executeWrite((tx) => tx.run(statement, { rows: slice }));
      }
      return (performance.now() - t) / 1000;
    };
    const cis = doc.configurationItems.map(({ attributes, ...fields }) => ({
      ...fields,
      attributes: JSON.stringify(attributes ?? {}),
    }));
    const ciSeconds = await run(await benchCypher("bare-create-cis"), cis);
    const relSeconds = await run(await benchCypher("bare-create-relationships"), doc.relationships);
    say(
      `bare UNWIND … CREATE: CIs ${String(round(ciSeconds, 1))} s (${String(Math.round(cis.length / ciSeconds))}/s), ` +
        `relationships ${String(round(relSeconds, 1))} s (${String(Math.round(doc.relationships.length / relSeconds))}/s)`,
    );
  } finally {
    await session.close();
    await driver.close();
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
