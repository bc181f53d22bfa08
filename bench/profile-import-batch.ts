// What a streamed import's batch costs as separate statements against one statement (ADR 012
// decision 11): `npm run build && node dist/bench/profile-import-batch.js [--rounds 8]
// [--preload 20000]`. Starts an embedded Neo4j on a fresh store of its own
// (.data/bench/profile-import-batch), migrates it (the product's schema), fills :CI with
// `--preload` CIs through `import/create-cis`, opens an import journal, then writes 2,000-row
// batches, each in its own transaction (BEGIN answered first, as the product's loop waits for
// it; commit included), by each variant taking turns batch by batch (shuffled each round) so
// that the machine's load falls on all alike: CIs by a bare create (a label with a key
// constraint only), by the separate statements (claim, `ci/lock-cis-by-keys`,
// `import/create-cis`, `save-import-progress`) and by one statement doing all four
// (bench/cypher/profile-batch-cis.cypher); relationships between preloaded CIs by a bare create,
// by the separate statements (claim, `import/create-relationships`, progress) and by one
// statement (bench/cypher/profile-batch-relationships.cypher).
// Prints ms per row and per batch.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { int, type Session } from "neo4j-driver";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import { newCiFields, parseCiPatch } from "../src/domain/ci/configuration-item.js";
import { toRow } from "../src/neo4j/ci.repository.js";
import { benchArgs } from "./bench-args.js";
import { withScratchStore } from "./scratch-store.js";

const args = benchArgs(import.meta.url, {
  rounds: { type: "string", default: "8" },
  preload: { type: "string", default: "20000" },
});
const BATCH = 2000;
const JOURNAL = "profile-import-batch";
const say = (line: string): void => {
  process.stdout.write(
    `[profile-import-batch ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
};

async function text(dir: "bench" | "product", name: string): Promise<string> {
  const base =
    dir === "bench"
      ? path.join(projectRoot(), "bench", "cypher")
      : path.join(projectRoot(), "cypher");
  return readFile(path.join(base, `${name}.cypher`), "utf8");
}

/** `import/create-cis`'s rows for generated entries, keys made unique by `prefix`. */
function ciRows(prefix: string, entries: readonly Record<string, unknown>[]) {
  return entries.map((e) => {
    const key = `${prefix}-${String(e.key)}`;
    const { patch } = parseCiPatch({ ...e, key }, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, key);
    if (!fields) throw new Error(`generated CI ${key} is not valid`);
    const id = randomUUID();
    const row = toRow({ id, fields, operation: "IMPORT", changes: [] });
    const { id: _id, ...props } = row.props as Record<string, unknown>;
    return { id, operation: "IMPORT", props };
  });
}

interface Variant {
  readonly name: string;
  readonly kind: "ci" | "relationship";
  /** The statements of one batch, in one transaction; true when it advanced the journal. */
  readonly run: (session: Session, params: Record<string, unknown>) => Promise<boolean>;
}

async function main(): Promise<void> {
  const rounds = Number(args.values.rounds);
  const preload = Math.max(Number(args.values.preload), BATCH);
  await withScratchStore(
    "profile-import-batch",
    { migrate: true },
    async ({ driver, heapMb, pageCacheMb }) => {
      say(`Neo4j heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB`);
      const session = driver.session({ database: "neo4j" });
      try {
        const estate = generateEstate({ ciCount: preload, seed: 7 });
        const entries = [...estate.configurationItems()] as unknown as Record<string, unknown>[];
        const meta = {
          now: new Date().toISOString(),
          importId: JOURNAL,
          actor: "profile",
          reason: "profile",
          rfcId: null,
        };
        const createCis = await text("product", "import/create-cis");
        const ids: string[] = [];
        for (let i = 0; i < preload; i += BATCH) {
          const rows = ciRows("pre", entries.slice(i, i + BATCH));
          ids.push(...rows.map((r) => r.id));
          await session.executeWrite((tx) => tx.run(createCis, { ...meta, rows }));
        }
        say(`preloaded ${String(preload)} CIs`);
        await session.run(
          "CREATE CONSTRAINT profile_bare_key IF NOT EXISTS FOR (c:ProfileBare) REQUIRE c.key IS UNIQUE",
        );
        await session.run("CALL db.awaitIndexes(600)");
        const progress = {
          position: "{}",
          counts: "{}",
          errors: "[]",
          errorCount: int(0),
          digest: "0:0",
        };
        await session.executeWrite((tx) =>
          tx.run(createImportText, {
            journal: {
              id: JOURNAL,
              source: "profile",
              actor: "profile",
              reason: "profile",
              dryRun: false,
              batchSize: int(BATCH),
              ...progress,
            },
            now: meta.now,
          }),
        );
        let batches = 0;
        const journal = () => ({ id: JOURNAL, batches: int(batches), progress });

        const inOne = async (
          s: Session,
          statements: readonly string[],
          params: Record<string, unknown>,
        ): Promise<unknown[]> => {
          const tx = await s.beginTransaction();
          try {
            const out: unknown[] = [];
            for (const t of statements) out.push((await tx.run(t, params)).records[0]?.get(0));
            await tx.commit();
            return out;
          } finally {
            if (tx.isOpen()) await tx.rollback();
          }
        };
        const claim = await text("product", "import/claim-import-batch");
        const lock = await text("product", "ci/lock-cis-by-keys");
        const save = await text("product", "import/save-import-progress");
        const createRels = await text("product", "import/create-relationships");
        const cisBatch = await text("bench", "profile-batch-cis");
        const relsBatch = await text("bench", "profile-batch-relationships");
        const bareCis = (await text("bench", "profile-index-cis")).replace(
          "$($label)",
          "ProfileBare",
        );
        const bareRels = await text("bench", "profile-rel-bare");
        const advanced = (claimed: unknown) => {
          if (claimed === undefined || claimed === null)
            throw new Error("the journal was not claimed");
          batches += 1;
          return true;
        };

        const variants: Variant[] = [
          {
            name: "CIs: bare (a key constraint only)",
            kind: "ci",
            run: async (s, p) => (await inOne(s, [bareCis], p), false),
          },
          {
            name: "CIs: separate statements (claim, lock, create, progress)",
            kind: "ci",
            run: async (s, p) =>
              advanced((await inOne(s, [claim, lock, createCis, save], { ...p, ...journal() }))[0]),
          },
          {
            name: "CIs: one statement (profile-batch-cis)",
            kind: "ci",
            run: async (s, p) => advanced((await inOne(s, [cisBatch], { ...p, ...journal() }))[0]),
          },
          {
            name: "relationships: bare",
            kind: "relationship",
            run: async (s, p) => (await inOne(s, [bareRels], p), false),
          },
          {
            name: "relationships: separate statements (claim, create, progress)",
            kind: "relationship",
            run: async (s, p) =>
              advanced((await inOne(s, [claim, createRels, save], { ...p, ...journal() }))[0]),
          },
          {
            name: "relationships: one statement (profile-batch-relationships)",
            kind: "relationship",
            run: async (s, p) => advanced((await inOne(s, [relsBatch], { ...p, ...journal() }))[0]),
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
              const rows = ciRows(
                `${String(r)}${randomUUID().slice(0, 8)}`,
                entries.slice(start, start + BATCH),
              );
              params = { ...meta, rows, keys: rows.map((row) => row.props.key) };
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
            await v.run(session, params);
            ms.set(v.name, (ms.get(v.name) ?? 0) + performance.now() - t);
          }
        }
        const n = rounds * BATCH;
        say(`${String(rounds)} batches of ${String(BATCH)} rows per variant, commit included:`);
        say("| variant | ms per row | rows/s | ms per batch |");
        say("| --- | --- | --- | --- |");
        for (const v of variants) {
          const total = ms.get(v.name) ?? 0;
          const per = total / n;
          say(
            `| ${v.name} | ${per.toFixed(3)} | ${String(Math.round(1000 / per))} | ${String(Math.round(total / rounds))} |`,
          );
        }
      } finally {
        await session.close();
      }
    },
  );
}

const createImportText = await text("product", "import/create-import");
await main();
