// What each index on a CI, and its first version, cost a streamed import's CI batch: `npm run
// build && node dist/bench/profile-ci-indexes.js [--rounds 8] [--preload 100000]`. Starts an
// embedded Neo4j on a fresh store of its own (.data/bench/profile-ci-indexes), migrates it (the
// product's schema), fills :CI with `--preload` CIs through the import's own statement, then
// writes 2,000-CI batches (the product's rows, commit included) under labels that each carry the
// bare load's key constraint plus ONE of the product's CI indexes, under one label with all of
// them, with and without the first version, and through `import/create-cis` onto the filled
// :CI. Variants take turns batch by batch (shuffled each round), so the machine's load falls on
// all alike. Prints ms per CI and the difference to the bare label; writes nothing else.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import { newCiFields, parseCiPatch, diffCi } from "../src/domain/ci/configuration-item.js";
import { toRow } from "../src/neo4j/ci.repository.js";
import { round } from "./stats.js";
import { benchArgs } from "./bench-args.js";
import { withScratchStore } from "./scratch-store.js";

const args = benchArgs(import.meta.url, {
  rounds: { type: "string", default: "8" },
  preload: { type: "string", default: "100000" },
  // import/create-cis in batches of these sizes too (CIs per transaction), e.g. 2000,5000,10000
  batches: { type: "string", default: "" },
});
const BATCH = 2000;
const say = (line: string): void => {
  process.stdout.write(`[profile-ci-indexes ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/**
 * The product's indexes on :CI (migrations 0004–0104), as the schema statement that puts each on
 * a label of its own. Constant text (no input reaches it): schema statements take no parameters.
 */
const CI_INDEXES: readonly [string, (label: string, name: string) => string][] = [
  [
    "ci_id (unique)",
    (l, n) => `CREATE CONSTRAINT ${n} IF NOT EXISTS FOR (c:${l}) REQUIRE c.id IS UNIQUE`,
  ],
  ["ci_type", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.type)`],
  ["ci_name", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.name)`],
  ["ci_owner", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.owner)`],
  ["ci_environment", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.environment)`],
  ["ci_lifecycle", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.lifecycle)`],
  ["ci_import", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.importId)`],
  ["ci_owner_key", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.owner, c.key)`],
  [
    "ci_environment_key",
    (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.environment, c.key)`,
  ],
  ["ci_type_key", (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.type, c.key)`],
  [
    "ci_lifecycle_key",
    (l, n) => `CREATE INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON (c.lifecycle, c.key)`,
  ],
  [
    "ci_text (full-text)",
    (l, n) =>
      `CREATE FULLTEXT INDEX ${n} IF NOT EXISTS FOR (c:${l}) ON EACH [c.key, c.name] ` +
      "OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false } }",
  ],
];
const VERSION_INDEXES: readonly ((label: string, name: string) => string)[] = [
  (l, n) => `CREATE INDEX ${n}_key IF NOT EXISTS FOR (v:${l}) ON (v.key)`,
  (l, n) => `CREATE INDEX ${n}_import IF NOT EXISTS FOR (v:${l}) ON (v.importId)`,
];

interface Variant {
  readonly name: string;
  readonly batch?: number;
  readonly statement: "ci" | "ci-version" | "product";
  readonly label: string;
  readonly versionLabel: string;
}

async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

function rowsFor(prefix: string, entries: readonly Record<string, unknown>[]) {
  return entries.map((e) => {
    const key = `${prefix}-${String(e.key)}`;
    const { patch } = parseCiPatch({ ...e, key }, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, key);
    if (!fields) throw new Error(`generated CI ${key} is not valid`);
    const id = randomUUID();
    return toRow({ id, fields, operation: "IMPORT", changes: diffCi(null, fields) });
  });
}

async function main(): Promise<void> {
  const rounds = Number(args.values.rounds);
  const preload = Number(args.values.preload);
  await withScratchStore(
    "profile-ci-indexes",
    { migrate: true },
    async ({ driver, heapMb, pageCacheMb }) => {
      say(`Neo4j heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB`);
      const session = driver.session({ database: "neo4j" });
      try {
        const estate = generateEstate({ ciCount: Math.max(preload, BATCH), seed: 7 });
        const entries = [...estate.configurationItems()] as unknown as Record<string, unknown>[];
        const product = await benchCypher("profile-index-product-cis");
        const meta = {
          now: new Date().toISOString(),
          importId: "profile",
          actor: "profile",
          reason: "profile",
          rfcId: null,
        };
        const t0 = performance.now();
        for (let i = 0; i < preload; i += BATCH) {
          const rows = rowsFor("pre", entries.slice(i, i + BATCH));
          await session.executeWrite((tx) => tx.run(product, { ...meta, rows }));
        }
        if (preload > 0)
          say(
            `preloaded ${String(preload)} CIs through import/create-cis in ${String(round((performance.now() - t0) / 1000, 1))} s`,
          );

        const variants: Variant[] = [];
        const schema: string[] = [];
        const label = (i: number) => `ProfileCi${String(i)}`;
        const keyConstraint = (l: string) =>
          `CREATE CONSTRAINT ${l.toLowerCase()}_key IF NOT EXISTS FOR (c:${l}) REQUIRE c.key IS UNIQUE`;
        schema.push(keyConstraint(label(0)));
        variants.push({
          name: "key constraint only (the bare load)",
          statement: "ci",
          label: label(0),
          versionLabel: "",
        });
        for (const [i, [name, index]] of CI_INDEXES.entries()) {
          const l = label(i + 1);
          schema.push(keyConstraint(l), index(l, `${l.toLowerCase()}_ix`));
          variants.push({ name: `+ ${name}`, statement: "ci", label: l, versionLabel: "" });
        }
        const all = "ProfileCiAll";
        schema.push(keyConstraint(all));
        for (const [i, [, index]] of CI_INDEXES.entries())
          schema.push(index(all, `profile_all_${String(i)}`));
        variants.push({ name: "+ all 12 (as :CI)", statement: "ci", label: all, versionLabel: "" });
        variants.push({
          name: "+ all 12, + first version, no index",
          statement: "ci-version",
          label: all,
          versionLabel: "ProfileVersionBare",
        });
        schema.push(...VERSION_INDEXES.map((v) => v("ProfileVersion", "profile_version")));
        variants.push({
          name: "+ all 12, + first version, 2 indexes",
          statement: "ci-version",
          label: all,
          versionLabel: "ProfileVersion",
        });
        variants.push({
          name: `import/create-cis onto :CI (${String(preload)} there)`,
          statement: "product",
          label: "CI",
          versionLabel: "CIVersion",
        });
        for (const size of args.values.batches.split(",").filter(Boolean).map(Number))
          variants.push({
            name: `import/create-cis onto :CI, batches of ${String(size)}`,
            batch: size,
            statement: "product",
            label: "CI",
            versionLabel: "CIVersion",
          });
        for (const s of schema) await session.run(s);
        await session.run("CALL db.awaitIndexes(600)");

        const texts = {
          ci: await benchCypher("profile-index-cis"),
          "ci-version": await benchCypher("profile-index-cis-versions"),
          product,
        };
        const ms = new Map<string, number>();
        let offset = preload;
        for (let r = 0; r < rounds; r++) {
          say(`round ${String(r + 1)} of ${String(rounds)}`);
          const order = [...variants].sort(() => Math.random() - 0.5);
          for (const v of order) {
            const size = v.batch ?? BATCH;
            const start = offset % entries.length;
            const slice = [...entries.slice(start, start + size)];
            if (slice.length < size) slice.push(...entries.slice(0, size - slice.length));
            offset += size;
            const rows = rowsFor(
              `${v.name.length.toString(36)}${String(r)}${randomUUID().slice(0, 8)}`,
              slice,
            );
            const t = performance.now();
            await session.executeWrite((tx) =>
              tx.run(texts[v.statement], {
                ...meta,
                rows,
                label: v.label,
                versionLabel: v.versionLabel,
              }),
            );
            // per CI, in the units of a 2,000-CI batch
            ms.set(v.name, (ms.get(v.name) ?? 0) + ((performance.now() - t) * BATCH) / size);
          }
        }
        const n = rounds * BATCH;
        const base = (ms.get(variants[0]?.name ?? "") ?? 0) / n;
        say(`${String(rounds)} batches of ${String(BATCH)} CIs per variant, commit included:`);
        say("| variant | ms per CI | beyond the bare load (ms per CI) | CIs/s |");
        say("| --- | --- | --- | --- |");
        for (const v of variants) {
          const per = (ms.get(v.name) ?? 0) / n;
          say(
            `| ${v.name} | ${per.toFixed(3)} | ${(per - base).toFixed(3)} | ${String(Math.round(1000 / per))} |`,
          );
        }
      } finally {
        await session.close();
      }
    },
  );
}

await main();
