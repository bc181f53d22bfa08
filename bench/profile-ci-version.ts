// What the first version costs a streamed import's CI batch, and what its parts cost a
// relationship batch: `npm run build && node dist/bench/profile-ci-version.js [--rounds 8]
// [--preload 20000]`. Starts an embedded Neo4j on a fresh store of its own
// (.data/bench/profile-ci-version), migrates it (the product's schema), fills :CI with
// `--preload` CIs through `import/create-cis`, then writes 2,000-row batches (commit included)
// by each variant, taking turns batch by batch (shuffled each round) so that the machine's load
// falls on all alike: CIs under a label with only a key constraint (the bare load), the
// product's statement as it was, its first version written from the parameters, the same with
// no change list for a new CI (ADR 012 decision 10), and no version at all; relationships bare,
// with their properties, with the signature node, and the product's. Prints ms per row.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { int } from "neo4j-driver";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import { newCiFields, parseCiPatch, diffCi } from "../src/domain/ci/configuration-item.js";
import { toRow } from "../src/neo4j/ci.repository.js";
import { benchArgs } from "./bench-args.js";
import { withScratchStore } from "./scratch-store.js";

const args = benchArgs(import.meta.url, {
  rounds: { type: "string", default: "8" },
  preload: { type: "string", default: "20000" },
});
const BATCH = 2000;
const say = (line: string): void => {
  process.stdout.write(`[profile-ci-version ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

async function productCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "cypher", `${name}.cypher`), "utf8");
}

type Shape = "as-was" | "params" | "params-no-changes";

function rowsFor(prefix: string, entries: readonly Record<string, unknown>[], shape: Shape) {
  return entries.map((e) => {
    const key = `${prefix}-${String(e.key)}`;
    const { patch } = parseCiPatch({ ...e, key }, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, key);
    if (!fields) throw new Error(`generated CI ${key} is not valid`);
    const row = toRow({
      id: randomUUID(),
      fields,
      operation: "IMPORT",
      changes: diffCi(null, fields),
    });
    if (shape === "as-was") return row;
    const { id: _id, ...props } = row.props as Record<string, unknown>;
    return { ...row, props, changes: shape === "params" ? row.changes : null };
  });
}

interface Variant {
  readonly name: string;
  readonly kind: "ci" | "relationship";
  readonly text: string;
  readonly shape: Shape;
}

async function main(): Promise<void> {
  const rounds = Number(args.values.rounds);
  const preload = Math.max(Number(args.values.preload), BATCH);
  await withScratchStore(
    "profile-ci-version",
    { migrate: true },
    async ({ driver, heapMb, pageCacheMb }) => {
      say(`Neo4j heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB`);
      const session = driver.session({ database: "neo4j" });
      try {
        const estate = generateEstate({ ciCount: preload, seed: 7 });
        const entries = [...estate.configurationItems()] as unknown as Record<string, unknown>[];
        const asWas = await benchCypher("profile-index-product-cis");
        const meta = {
          now: new Date().toISOString(),
          importId: "profile",
          actor: "profile",
          reason: "profile",
          rfcId: null,
        };
        const ids: string[] = [];
        for (let i = 0; i < preload; i += BATCH) {
          const rows = rowsFor("pre", entries.slice(i, i + BATCH), "as-was");
          ids.push(...rows.map((r) => String(r.id)));
          await session.executeWrite((tx) => tx.run(asWas, { ...meta, rows }));
        }
        say(`preloaded ${String(preload)} CIs`);
        await session.run(
          "CREATE CONSTRAINT profile_bare_key IF NOT EXISTS FOR (c:ProfileBare) REQUIRE c.key IS UNIQUE",
        );
        await session.run("CALL db.awaitIndexes(600)");

        const variants: Variant[] = [
          {
            name: "CIs: bare (a key constraint only)",
            kind: "ci",
            text: (await benchCypher("profile-index-cis")).replace("$($label)", "ProfileBare"),
            shape: "as-was",
          },
          {
            name: "CIs: version copied from the CI (as was)",
            kind: "ci",
            text: asWas,
            shape: "as-was",
          },
          {
            name: "CIs: version from the parameters",
            kind: "ci",
            text: await benchCypher("profile-version-params"),
            shape: "params",
          },
          {
            name: "CIs: from the parameters, no change list",
            kind: "ci",
            text: await benchCypher("profile-version-params"),
            shape: "params-no-changes",
          },
          {
            name: "CIs: import/create-cis (now)",
            kind: "ci",
            text: await productCypher("import/create-cis"),
            shape: "params-no-changes",
          },
          {
            name: "CIs: no version at all",
            kind: "ci",
            text: await benchCypher("profile-version-none"),
            shape: "params",
          },
          {
            name: "relationships: bare",
            kind: "relationship",
            text: await benchCypher("profile-rel-bare"),
            shape: "as-was",
          },
          {
            name: "relationships: + signature node",
            kind: "relationship",
            text: await benchCypher("profile-rel-signature"),
            shape: "as-was",
          },
          {
            name: "relationships: import/create-relationships",
            kind: "relationship",
            text: await productCypher("import/create-relationships"),
            shape: "as-was",
          },
        ];
        const ms = new Map<string, number>();
        const related = new Set<string>();
        let offset = 0;
        for (let r = 0; r < rounds; r++) {
          say(`round ${String(r + 1)} of ${String(rounds)}`);
          const order = [...variants].sort(() => Math.random() - 0.5);
          for (const v of order) {
            let params: Record<string, unknown>;
            if (v.kind === "ci") {
              const start = offset % entries.length;
              offset += BATCH;
              const rows = rowsFor(
                `${String(r)}${randomUUID().slice(0, 8)}`,
                entries.slice(start, start + BATCH),
                v.shape,
              );
              params = { ...meta, rows };
            } else {
              const rows = Array.from({ length: BATCH }, () => {
                // a pair not related yet (the signature is unique)
                for (;;) {
                  const fromId = ids[Math.floor(Math.random() * ids.length)] ?? "";
                  const toId = ids[Math.floor(Math.random() * ids.length)] ?? "";
                  if (related.has(`${fromId}|${toId}`)) continue;
                  related.add(`${fromId}|${toId}`);
                  return { id: randomUUID(), fromId, toId, type: "DEPENDS_ON" };
                }
              });
              const ends = new Map<string, number>();
              for (const row of rows)
                for (const id of [row.fromId, row.toId]) ends.set(id, (ends.get(id) ?? 0) + 1);
              params = { ...meta, rows, ends: [...ends].map(([id, n]) => ({ id, n: int(n) })) };
            }
            const t = performance.now();
            await session.executeWrite((tx) => tx.run(v.text, params));
            ms.set(v.name, (ms.get(v.name) ?? 0) + performance.now() - t);
          }
        }
        const n = rounds * BATCH;
        say(`${String(rounds)} batches of ${String(BATCH)} rows per variant, commit included:`);
        say("| variant | ms per row | rows/s |");
        say("| --- | --- | --- |");
        for (const v of variants) {
          const per = (ms.get(v.name) ?? 0) / n;
          say(`| ${v.name} | ${per.toFixed(3)} | ${String(Math.round(1000 / per))} |`);
        }
      } finally {
        await session.close();
      }
    },
  );
}

await main();
