// Whether a second transaction in flight speeds up the online import's CI batches (ADR 012,
// decision 13): `npm run build && node dist/bench/profile-import-writers.js [--rounds 20]
// [--batch 2000]`. Starts an embedded Neo4j on a fresh store of its own
// (.data/bench/profile-import-writers), migrates it (the product's schema), then in each round
// writes two pairs of 2,000-CI batches of the product's own rows with the import's statements
// (`ci/lock-cis-by-keys`, then `import/create-cis`, commit included), distinct keys: one pair in
// series (one transaction after the other on one session), one pair at once (two sessions, two
// transactions in flight), in a shuffled order each round. Reads the JVM's CPU time
// (/proc/<pid>/stat) over each pair (the rows are built before the clock starts): cores busy = CPU ms / wall ms. Prints ms per CI and cores by
// mode; writes nothing else. `--cpu` instead writes 2,000-CI batches one at a time by four
// statements taking turns in a shuffled order each round (the bare load's create under a label
// with a key constraint only; the product's CI without its first version, on :CI; the CI and its
// version, `import/create-cis`; and that after `ci/lock-cis-by-keys`, as a batch of the import)
// and reports the JVM's CPU ms per CI of each (commit included): what a CI costs Neo4j's CPU,
// whatever share of the machine it gets.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../src/config/project-root.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import { newCiFields, parseCiPatch } from "../src/domain/ci/configuration-item.js";
import { toRow } from "../src/neo4j/ci.repository.js";
import { benchArgs } from "./bench-args.js";
import { withScratchStore } from "./scratch-store.js";

const args = benchArgs(import.meta.url, {
  rounds: { type: "string", default: "20" },
  batch: { type: "string", default: "2000" },
  cpu: { type: "boolean", default: false },
});
const say = (line: string): void => {
  process.stdout.write(
    `[profile-import-writers ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
};

/** A process's CPU time so far, user and system (Linux /proc; clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${String(pid)}/stat`, "utf8")).split(") ")[1]?.split(" ");
  return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
}

function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

function cypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "cypher", `${name}.cypher`), "utf8");
}

/** `import/create-cis`'s rows, as `createImportedCis` builds them. */
function rowsFor(prefix: string, entries: readonly Record<string, unknown>[]) {
  return entries.map((e) => {
    const key = `${prefix}-${String(e.key)}`;
    const { patch } = parseCiPatch({ ...e, key }, key, { unknownToAttributes: true });
    const { fields } = newCiFields(patch, key);
    if (!fields) throw new Error(`generated CI ${key} is not valid`);
    const id = randomUUID();
    const { props } = toRow({ id, fields, operation: "IMPORT", changes: [] });
    const { id: _id, ...rest } = props as Record<string, unknown>;
    return { id, operation: "IMPORT", props: rest, key };
  });
}

async function main(): Promise<void> {
  const rounds = Number(args.values.rounds);
  const batch = Number(args.values.batch);
  await withScratchStore(
    "profile-import-writers",
    { migrate: true },
    async ({ neo4j, driver, heapMb, pageCacheMb }) => {
      say(
        `Neo4j heap ${String(heapMb)} MiB, page cache ${String(pageCacheMb)} MiB, pid ${String(neo4j.pid)}`,
      );
      const sessions = [
        driver.session({ database: "neo4j" }),
        driver.session({ database: "neo4j" }),
      ];
      try {
        const estate = generateEstate({ ciCount: batch * 10, seed: 7 });
        const entries = [...estate.configurationItems()] as unknown as Record<string, unknown>[];
        const lock = await cypher("ci/lock-cis-by-keys");
        const create = await cypher("import/create-cis");
        const meta = {
          now: new Date().toISOString(),
          importId: "profile",
          actor: "profile",
          reason: "profile",
          rfcId: null,
        };
        let n = 0;
        const next = () => {
          const slice = entries.slice((n % 10) * batch, ((n % 10) + 1) * batch);
          return rowsFor(`${String(n++)}-${randomUUID().slice(0, 8)}`, slice);
        };
        type Rows = ReturnType<typeof rowsFor>;
        const write = async (s: (typeof sessions)[number], rows: Rows): Promise<void> => {
          const tx = await s.beginTransaction();
          await tx.run(lock, { keys: rows.map((r) => r.key) });
          await tx.run(create, { ...meta, rows: rows.map(({ key: _k, ...r }) => r) });
          await tx.commit();
        };
        const modes = {
          series: async (a: Rows, b: Rows) => {
            await write(sessions[0] as (typeof sessions)[number], a);
            await write(sessions[0] as (typeof sessions)[number], b);
          },
          concurrent: async (a: Rows, b: Rows) => {
            await Promise.all([
              write(sessions[0] as (typeof sessions)[number], a),
              write(sessions[1] as (typeof sessions)[number], b),
            ]);
          },
        };
        if (args.values.cpu) {
          await sessions[0]?.run(await benchCypher("profile-ci-bare-constraint"));
          const variants: { name: string; statements: string[] }[] = [
            {
              name: "bare create (key constraint only)",
              statements: [await benchCypher("profile-ci-bare")],
            },
            {
              name: "CI without its version (:CI)",
              statements: [await benchCypher("profile-version-none")],
            },
            { name: "import/create-cis (CI and version)", statements: [create] },
            { name: "ci/lock-cis-by-keys + import/create-cis", statements: [lock, create] },
          ];
          const cpuOf = new Map<string, { cpu: number; ms: number }>();
          const cpuLoads: number[] = [];
          for (let r = 0; r < rounds; r++) {
            cpuLoads.push(os.loadavg()[0] ?? 0);
            for (const v of [...variants].sort(() => Math.random() - 0.5)) {
              const rows = next();
              const s0 = sessions[0] as (typeof sessions)[number];
              const c0 = await cpuMs(neo4j.pid);
              const t0 = performance.now();
              const tx = await s0.beginTransaction();
              // each statement gets only its own parameters (decoding them is Neo4j's work too)
              for (const st of v.statements)
                await tx.run(
                  st,
                  st === lock
                    ? { keys: rows.map((x) => x.key) }
                    : { ...meta, rows: rows.map(({ key: _k, ...x }) => x) },
                );
              await tx.commit();
              const ms = performance.now() - t0;
              const cpu = (await cpuMs(neo4j.pid)) - c0;
              const t = cpuOf.get(v.name) ?? { cpu: 0, ms: 0 };
              cpuOf.set(v.name, { cpu: t.cpu + cpu, ms: t.ms + ms });
            }
            if ((r + 1) % 5 === 0) say(`round ${String(r + 1)} of ${String(rounds)}`);
          }
          say(
            `| statement (${String(rounds)} batches of ${String(batch)} each) | JVM CPU ms per CI | wall ms per CI | cores |`,
          );
          for (const v of variants) {
            const t = cpuOf.get(v.name) ?? { cpu: 0, ms: 1 };
            const n = rounds * batch;
            say(
              `| ${v.name} | ${(t.cpu / n).toFixed(3)} | ${(t.ms / n).toFixed(3)} | ${(t.cpu / t.ms).toFixed(2)} |`,
            );
          }
          say(
            `load (1 min): ${Math.min(...cpuLoads).toFixed(1)}–${Math.max(...cpuLoads).toFixed(1)}`,
          );
          return;
        }
        const totals = { series: { ms: 0, cpu: 0 }, concurrent: { ms: 0, cpu: 0 } };
        const loads: number[] = [];
        for (let r = 0; r < rounds; r++) {
          loads.push(os.loadavg()[0] ?? 0);
          const order = (Object.keys(modes) as (keyof typeof modes)[]).sort(
            () => Math.random() - 0.5,
          );
          for (const m of order) {
            const a = next();
            const b = next();
            const c0 = await cpuMs(neo4j.pid);
            const t0 = performance.now();
            await modes[m](a, b);
            const wall = performance.now() - t0;
            const cpu = (await cpuMs(neo4j.pid)) - c0;
            totals[m].ms += wall;
            totals[m].cpu += cpu;
          }
          if ((r + 1) % 5 === 0) say(`round ${String(r + 1)} of ${String(rounds)}`);
        }
        const cis = rounds * 2 * batch;
        for (const m of ["series", "concurrent"] as const) {
          const t = totals[m];
          say(
            `${m}: ${String(rounds)} pairs of ${String(batch)}-CI batches, ${(t.ms / cis).toFixed(3)} ms per CI, ${String(Math.round((cis / t.ms) * 1000))} CIs/s, JVM ${(t.cpu / t.ms).toFixed(2)} cores`,
          );
        }
        say(`concurrent ÷ series (time): ${(totals.concurrent.ms / totals.series.ms).toFixed(3)}`);
        say(`load (1 min): ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
      } finally {
        for (const s of sessions) await s.close();
      }
    },
  );
}

await main();
