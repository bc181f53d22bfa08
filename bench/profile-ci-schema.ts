// What the CI schema's choices cost a streamed import's CI batch as the store grows (ADR 012,
// decision 12): `npm run build && node dist/bench/profile-ci-schema.js [--rounds 30]
// [--batch 2000]`. Starts an embedded Neo4j on a fresh store of its own
// (.data/bench/profile-ci-schema), then writes batches of the product's own rows (`toRow`, as
// `import/create-cis` gets them, without the first version: the same for every variant), commit
// included, under labels that each carry one schema:
// the bare load's key constraint only; the CI's indexes before decision 12 (the full-text index
// written at commit, `ci_lifecycle`); the same with the full-text index eventually consistent;
// and that without `ci_lifecycle` (the schema after 0125–0127). Every variant takes its turn in
// each round in a shuffled order, so the machine's load falls on all alike and each label grows
// alike; the rounds are reported in fifths (each label holding rounds × batch CIs at the end).
// Prints ms per CI; writes nothing else.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import { newCiFields, parseCiPatch } from "../src/domain/ci/configuration-item.js";
import { toRow } from "../src/neo4j/ci.repository.js";
import { createDriver } from "../src/neo4j/database.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { benchArgs } from "./bench-args.js";

const args = benchArgs(import.meta.url, {
  rounds: { type: "string", default: "30" },
  batch: { type: "string", default: "2000" },
});
const say = (line: string): void => {
  process.stdout.write(`[profile-ci-schema ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/** A label's schema: constant text (no input reaches it), schema statements take no parameters. */
const range = (l: string, n: string, props: string) =>
  `CREATE INDEX ${l}_${n} IF NOT EXISTS FOR (c:${l}) ON (${props})`;
const fulltext = (l: string, eventual: boolean) =>
  `CREATE FULLTEXT INDEX ${l}_text IF NOT EXISTS FOR (c:${l}) ON EACH [c.key, c.name] ` +
  `OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-no-stop-words', \`fulltext.eventually_consistent\`: ${String(eventual)} } }`;
const keyConstraint = (l: string) =>
  `CREATE CONSTRAINT ${l}_key IF NOT EXISTS FOR (c:${l}) REQUIRE c.key IS UNIQUE`;
/** The CI's indexes since 0124, but for the full-text one and ci_lifecycle. */
const common = (l: string): string[] => [
  keyConstraint(l),
  `CREATE CONSTRAINT ${l}_id IF NOT EXISTS FOR (c:${l}) REQUIRE c.id IS UNIQUE`,
  range(l, "import", "c.importId"),
  range(l, "owner_key", "c.owner, c.key"),
  range(l, "environment_key", "c.environment, c.key"),
  range(l, "type_key", "c.type, c.key"),
  range(l, "lifecycle_key", "c.lifecycle, c.key"),
];

const VARIANTS: readonly { name: string; label: string; schema: string[] }[] = [
  { name: "key constraint only (the bare load)", label: "SchemaBare", schema: [] },
  { name: "the CI's indexes before decision 12", label: "SchemaBefore", schema: [] },
  { name: "full-text eventually consistent", label: "SchemaEventual", schema: [] },
  { name: "and no ci_lifecycle (after 0125–0127)", label: "SchemaAfter", schema: [] },
];
VARIANTS[0]?.schema.push(keyConstraint("SchemaBare"));
VARIANTS[1]?.schema.push(
  ...common("SchemaBefore"),
  range("SchemaBefore", "lifecycle", "c.lifecycle"),
  fulltext("SchemaBefore", false),
);
VARIANTS[2]?.schema.push(
  ...common("SchemaEventual"),
  range("SchemaEventual", "lifecycle", "c.lifecycle"),
  fulltext("SchemaEventual", true),
);
VARIANTS[3]?.schema.push(...common("SchemaAfter"), fulltext("SchemaAfter", true));

async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

function rowsFor(prefix: string, entries: readonly Record<string, unknown>[]) {
  return entries.map((e) => {
    const key = `${prefix}-${String(e.key)}`;
    const { patch } = parseCiPatch({ ...e, key }, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, key);
    if (!fields) throw new Error(`generated CI ${key} is not valid`);
    return toRow({ id: randomUUID(), fields, operation: "IMPORT", changes: [] });
  });
}

async function main(): Promise<void> {
  const rounds = Number(args.values.rounds);
  const batch = Number(args.values.batch);
  const heapMb = Number(process.env.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? 1536);
  const pageCacheMb = Number(process.env.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? 1536);
  const home = path.join(projectRoot(), ".data", "bench", "profile-ci-schema");
  await rm(home, { recursive: true, force: true });
  const neo4j = await startEmbeddedNeo4j({
    home,
    port: await freePort(),
    heapMb,
    pageCacheMb,
    log: createLogger("warn", "profile-ci-schema"),
    startTimeoutMs: 600_000,
  });
  say(`Neo4j heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB`);
  const driver = createDriver({
    uri: neo4j.uri,
    username: "neo4j",
    password: neo4j.password,
    database: "neo4j",
  });
  const session = driver.session({ database: "neo4j" });
  try {
    for (const v of VARIANTS) for (const s of v.schema) await session.run(s);
    await session.run("CALL db.awaitIndexes(600)");
    const estate = generateEstate({ ciCount: batch * 10, seed: 7 });
    const entries = [...estate.configurationItems()] as unknown as Record<string, unknown>[];
    const statement = await benchCypher("profile-index-cis");
    const meta = { now: new Date().toISOString(), importId: "profile" };
    const fifths = Array.from({ length: 5 }, () => new Map<string, number>());
    const loads: number[][] = Array.from({ length: 5 }, () => []);
    for (let r = 0; r < rounds; r++) {
      const fifth = fifths[Math.min(4, Math.floor((r * 5) / rounds))] ?? new Map<string, number>();
      loads[Math.min(4, Math.floor((r * 5) / rounds))]?.push(os.loadavg()[0] ?? 0);
      const slice = entries.slice((r % 10) * batch, ((r % 10) + 1) * batch);
      for (const v of [...VARIANTS].sort(() => Math.random() - 0.5)) {
        const rows = rowsFor(`${String(r)}-${randomUUID().slice(0, 8)}`, slice);
        const t = performance.now();
        await session.executeWrite((tx) => tx.run(statement, { ...meta, rows, label: v.label }));
        fifth.set(v.name, (fifth.get(v.name) ?? 0) + performance.now() - t);
      }
      if ((r + 1) % 5 === 0) say(`round ${String(r + 1)} of ${String(rounds)}`);
    }
    const perFifth = rounds / 5;
    say(
      `${String(rounds)} batches of ${String(batch)} CIs per variant (each label ${String(rounds * batch)} CIs at the end), commit included; ms per CI by fifth of the rounds:`,
    );
    say(`| variant | ${fifths.map((_, i) => `fifth ${String(i + 1)}`).join(" | ")} | all |`);
    say(`| --- | ${fifths.map(() => "---").join(" | ")} | --- |`);
    for (const v of VARIANTS) {
      const per = fifths.map((f) => (f.get(v.name) ?? 0) / (perFifth * batch));
      const all = per.reduce((a, b) => a + b, 0) / per.length;
      say(`| ${v.name} | ${per.map((p) => p.toFixed(3)).join(" | ")} | ${all.toFixed(3)} |`);
    }
    say(
      `load (1 min) by fifth: ${loads.map((l) => `${Math.min(...l).toFixed(1)}–${Math.max(...l).toFixed(1)}`).join(", ")}`,
    );
  } finally {
    await session.close();
    await driver.close();
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
