// The online import into an empty CMDB and a bare batched `UNWIND … CREATE`, measured in turns
// (ADR 012, decision 12): two fresh embedded Neo4j, one for the product's import
// (`importStream`, the code the CLI runs, in this process) and one for the bare load, and after
// each turn of K product batches (`--turn`, default 8) has committed, with no product batch in
// flight, K bare batches of the same section and size, read from the same file by their own
// reader, are written one after another into the bare store. The product's clock stops while the
// bare batches run and the bare load waits while the product writes (its CI batches may be
// several in flight, `--writers`: ADR 012 decision 13); so the machine's load at any moment falls
// on both alike, and the ratio is given per tenth of each section and overall. Used by
// `npm run bench:import -- --in-turns`.
import { createReadStream, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openApplication } from "../src/bootstrap.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/config/logger.js";
import { projectRoot } from "../src/config/project-root.js";
import { streamDocumentEvents } from "../src/application/interchange/interchange-reader.js";
import { Journal } from "../src/application/interchange/batch-transactions.js";
import type { Actor } from "../src/domain/actor.js";
import { createDriver, DbTransaction, type Params } from "../src/neo4j/database.js";
import type { CypherName } from "../src/neo4j/cypher-names.js";
import { freePort, startEmbeddedNeo4j } from "../src/neo4j/embedded-neo4j.js";
import { round } from "./stats.js";

type Section = "configurationItems" | "relationships";
const SECTIONS: readonly Section[] = ["configurationItems", "relationships"];
const ACTOR: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };

/** One turn: K product batches of one section, then as many bare batches. */
export interface BatchPair {
  readonly section: Section;
  readonly rows: number;
  /** The product's batches: from the end of the previous bare turn until none is in flight. */
  readonly productMs: number;
  /** Of which the import's statements (Bolt round trips; the rest is BEGIN, COMMIT and Node). */
  readonly statementsMs: number;
  /** Of which the section's create statement (`import/create-cis` / `import/create-relationships`). */
  readonly createMs: number;
  /**
   * The batches' transactions: BEGIN, their statements, COMMIT, summed (the rest is Node's,
   * between transactions; with several writers the transactions overlap and the sum can exceed
   * the turn's time).
   */
  readonly transactionMs: number;
  /** The bare batch: reading it from the file, its statement and its commit. */
  readonly bareMs: number;
  /** Of which its statement (the rest: reading, BEGIN and COMMIT). */
  readonly bareStatementMs: number;
  /** CPU time of each Neo4j (its JVM, /proc/<pid>/stat) over the product's turn and the bare one. */
  readonly productCpuMs: number;
  readonly bareCpuMs: number;
  readonly load1: number;
}

export interface Tenth {
  readonly rows: number;
  readonly productPerSecond: number;
  readonly barePerSecond: number;
  readonly ratio: number;
  /** ms per row: the product's batch, its create statement, its commit and the rest. */
  readonly productMsPerRow: number;
  readonly createMsPerRow: number;
  readonly restMsPerRow: number;
  /** Of the rest, outside the batch's transaction (Node between two transactions). */
  readonly betweenMsPerRow: number;
  readonly bareMsPerRow: number;
  readonly bareCommitMsPerRow: number;
  readonly load: string;
}

export interface SectionInTurns {
  readonly rows: number;
  /** Cores each Neo4j kept busy over its own part (CPU ms / wall ms), and its CPU ms per row. */
  readonly productCores: number;
  readonly bareCores: number;
  readonly productCpuMsPerRow: number;
  readonly bareCpuMsPerRow: number;
  readonly productSeconds: number;
  readonly bareSeconds: number;
  readonly productPerSecond: number;
  readonly barePerSecond: number;
  readonly ratio: number;
  readonly byTenth: Tenth[];
}

export interface InTurnsResult {
  readonly seconds: number;
  /** The product's CI writers and the batches per turn. */
  readonly writers: number;
  readonly turn: number;
  /** Stopped after the CI section (--cis-only): the relationships were not written. */
  readonly cisOnly: boolean;
  readonly sections: Partial<Record<Section, SectionInTurns>>;
  readonly pairs: BatchPair[];
}

class StopAfterCis extends Error {}

/** A process's CPU time so far, user and system (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${String(pid)}/stat`, "utf8")
    .split(") ")[1]
    ?.split(" ");
  return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
}

/** Statements only the benchmark asks (bench/cypher/), kept out of the product's registry. */
async function benchCypher(name: string): Promise<string> {
  return readFile(path.join(projectRoot(), "bench", "cypher", `${name}.cypher`), "utf8");
}

/** The document's entries in batches, section by section, as the bare load writes them. */
async function* bareBatches(
  file: string,
  batchSize: number,
): AsyncGenerator<{ section: Section; rows: Record<string, unknown>[] }> {
  let section: Section | null = null;
  let rows: Record<string, unknown>[] = [];
  for await (const event of streamDocumentEvents(createReadStream(file))) {
    if (event.kind !== "entry") continue;
    if (event.section !== "configurationItems" && event.section !== "relationships") continue;
    if (section !== event.section && rows.length > 0 && section) {
      yield { section, rows };
      rows = [];
    }
    section = event.section;
    const e = event.entry as Record<string, unknown>;
    if (section === "configurationItems") {
      const { attributes, ...fields } = e;
      rows.push({ ...fields, attributes: JSON.stringify(attributes ?? {}) });
    } else rows.push(e);
    if (rows.length >= batchSize) {
      yield { section, rows };
      rows = [];
    }
  }
  if (section && rows.length > 0) yield { section, rows };
}

export async function importInTurns(opts: {
  readonly file: string;
  readonly homes: { readonly product: string; readonly bare: string };
  readonly heapMb: number;
  readonly pageCacheMb: number;
  readonly batchSize: number;
  readonly cisOnly: boolean;
  /** CI batches the product writes at once (`--writers`). */
  readonly writers: number;
  /** Product batches per turn, then as many bare ones. */
  readonly turn: number;
  readonly say: (line: string) => void;
}): Promise<InTurnsResult> {
  const log = createLogger("warn", "bench-import");
  const start = async (home: string) => {
    await rm(home, { recursive: true, force: true });
    return startEmbeddedNeo4j({
      home,
      port: await freePort(),
      heapMb: opts.heapMb,
      pageCacheMb: opts.pageCacheMb,
      log,
      startTimeoutMs: 600_000,
    });
  };
  const productNeo4j = await start(opts.homes.product);
  let bareNeo4j: Awaited<ReturnType<typeof start>> | null = null;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
  const originalBatch = Journal.prototype.batch;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its `this` below
  const originalRun = DbTransaction.prototype.run;
  try {
    bareNeo4j = await start(opts.homes.bare);
    const driver = createDriver({
      uri: bareNeo4j.uri,
      username: "neo4j",
      password: bareNeo4j.password,
      database: "neo4j",
    });
    const session = driver.session({ database: "neo4j" });
    const config = loadConfig({
      NEO4J_URI: productNeo4j.uri,
      NEO4J_USERNAME: "neo4j",
      NEO4J_PASSWORD: productNeo4j.password,
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "600000",
      LOG_LEVEL: "warn",
    });
    const opened = await openApplication(config, log);
    try {
      await session.run(await benchCypher("bare-ci-key-constraint"));
      const bareStatements: Record<Section, string> = {
        configurationItems: await benchCypher("bare-create-cis"),
        relationships: await benchCypher("bare-create-relationships"),
      };
      const bare = bareBatches(opts.file, opts.batchSize);
      let held: { section: Section; rows: Record<string, unknown>[] } | null = null;
      let bareDone = false;
      /** The bare load's next batch of `section` (earlier sections' leftovers written first). */
      const nextBare = async (
        section: Section,
      ): Promise<{ rows: number; statementMs: number } | null> => {
        for (;;) {
          if (!held && !bareDone) {
            const n = await bare.next();
            if (n.done) bareDone = true;
            else held = n.value;
          }
          if (!held) return null;
          const mine: { section: Section; rows: Record<string, unknown>[] } = held;
          if (SECTIONS.indexOf(mine.section) > SECTIONS.indexOf(section)) return null;
          held = null;
          let statementMs = 0;
          await session.executeWrite(async (tx) => {
            const t = performance.now();
            await tx.run(bareStatements[mine.section], { rows: mine.rows });
            statementMs = performance.now() - t;
          });
          if (mine.section === section) return { rows: mine.rows.length, statementMs };
        }
      };

      const pairs: BatchPair[] = [];
      const t0 = performance.now();
      let bareTotal = 0;
      let lastMark = 0;
      let statementsMs = 0;
      let createMs = 0;
      const clock = (): number => performance.now() - t0 - bareTotal;
      DbTransaction.prototype.run = async function timed(
        this: DbTransaction,
        name: CypherName,
        params?: Params,
      ) {
        const t = performance.now();
        try {
          return await originalRun.call(this, name, params);
        } finally {
          const ms = performance.now() - t;
          statementsMs += ms;
          if (name === "import/create-cis" || name === "import/create-relationships")
            createMs += ms;
        }
      };
      // the turn: product batches started, in flight, their section; the bare turn runs once
      // the product has none in flight (the turn is full, the section changes, or it ended)
      const turn = { started: 0, active: 0, section: null as Section | null, tx: 0, idleAt: 0 };
      const productPid = productNeo4j.pid;
      const barePid = bareNeo4j.pid;
      let cpuAtMark = cpuMs(productPid);
      let cpuAtIdle = cpuAtMark;
      let ending: Promise<void> | null = null;
      const endTurn = (): Promise<void> => {
        ending ??= (async () => {
          const section = turn.section;
          const started = turn.started;
          if (!section || started === 0) return;
          const productMs = turn.idleAt - lastMark;
          const pairStatements = statementsMs;
          const pairCreate = createMs;
          const pairTransaction = turn.tx;
          statementsMs = 0;
          createMs = 0;
          const productCpuMs = cpuAtIdle - cpuAtMark;
          const bareCpu0 = cpuMs(barePid);
          const b0 = performance.now();
          let rows = 0;
          let bareStatementMs = 0;
          for (let i = 0; i < started; i++) {
            const written = await nextBare(section);
            if (!written) break;
            rows += written.rows;
            bareStatementMs += written.statementMs;
          }
          const bareMs = performance.now() - b0;
          const bareCpuMs = cpuMs(barePid) - bareCpu0;
          bareTotal += bareMs;
          lastMark = clock();
          cpuAtMark = cpuMs(productPid);
          Object.assign(turn, { started: 0, section: null, tx: 0 });
          if (rows > 0)
            pairs.push({
              section,
              rows,
              productMs: round(productMs, 1),
              statementsMs: round(pairStatements, 1),
              createMs: round(pairCreate, 1),
              transactionMs: round(pairTransaction, 1),
              bareMs: round(bareMs, 1),
              bareStatementMs: round(bareStatementMs, 1),
              productCpuMs,
              bareCpuMs,
              load1: os.loadavg()[0] ?? 0,
            });
          if (pairs.length % 5 === 0 && rows > 0)
            opts.say(
              `  in turns: ${section} turn ${String(pairs.filter((p) => p.section === section).length)}, product ${String(round(productMs))} ms, bare ${String(round(bareMs))} ms, load ${os.loadavg()[0]?.toFixed(1) ?? "?"}`,
            );
        })().finally(() => {
          ending = null;
        });
        return ending;
      };
      Journal.prototype.batch = async function inTurns<T>(
        this: Journal,
        section: Section,
        done: number,
        work: (tx: DbTransaction) => Promise<T>,
        progress: Parameters<Journal["batch"]>[3],
        after?: Promise<void> | null,
      ): Promise<T> {
        for (;;) {
          if (ending) await ending;
          else if (turn.started === 0) break;
          else if (turn.started < opts.turn && turn.section === section) break;
          else if (turn.active === 0) await endTurn();
          // a full turn still in flight: its last batch ends it
          else await new Promise((r) => setTimeout(r, 1));
        }
        if (opts.cisOnly && section === "relationships") throw new StopAfterCis();
        turn.started += 1;
        turn.active += 1;
        turn.section = section;
        const tx0 = performance.now();
        try {
          return (await originalBatch.call(this, section, done, work, progress, after)) as T;
        } finally {
          turn.tx += performance.now() - tx0;
          turn.active -= 1;
          if (turn.active === 0) {
            turn.idleAt = clock();
            cpuAtIdle = cpuMs(productPid);
          }
          if (turn.active === 0 && turn.started >= opts.turn) await endTurn();
        }
      } as typeof Journal.prototype.batch;

      let cisOnly = false;
      try {
        await opened.app.imports.importStream(
          opened.app.db.scope(),
          ACTOR,
          createReadStream(opts.file),
          {
            reason: "bench",
            source: opts.file,
            batchSize: opts.batchSize,
            writers: opts.writers,
          },
        );
      } catch (e) {
        if (!(e instanceof StopAfterCis)) throw e;
        cisOnly = true;
      }
      // the last turn, shorter than the others
      await endTurn();
      const seconds = round((performance.now() - t0) / 1000, 1);
      const sections: InTurnsResult["sections"] = {};
      for (const section of SECTIONS) {
        const mine = pairs.filter((p) => p.section === section);
        if (mine.length > 0) sections[section] = summariseSection(mine);
      }
      return { seconds, writers: opts.writers, turn: opts.turn, cisOnly, sections, pairs };
    } finally {
      Journal.prototype.batch = originalBatch;
      DbTransaction.prototype.run = originalRun;
      await opened.close();
      await session.close();
      await driver.close();
    }
  } finally {
    await productNeo4j.stop().catch(() => undefined);
    await bareNeo4j?.stop().catch(() => undefined);
    await rm(opts.homes.product, { recursive: true, force: true });
    await rm(opts.homes.bare, { recursive: true, force: true });
  }
}

function summariseSection(pairs: BatchPair[]): SectionInTurns {
  const sum = (xs: BatchPair[], f: (p: BatchPair) => number) => xs.reduce((a, p) => a + f(p), 0);
  const rows = sum(pairs, (p) => p.rows);
  const productMs = sum(pairs, (p) => p.productMs);
  const bareMs = sum(pairs, (p) => p.bareMs);
  const byTenth: Tenth[] = [];
  for (let t = 0; t < 10; t++) {
    const part = pairs.slice(
      Math.floor((pairs.length * t) / 10),
      Math.floor((pairs.length * (t + 1)) / 10),
    );
    if (part.length === 0) continue;
    const n = sum(part, (p) => p.rows);
    const pm = sum(part, (p) => p.productMs);
    const bm = sum(part, (p) => p.bareMs);
    const loads = part.map((p) => p.load1);
    byTenth.push({
      rows: n,
      productPerSecond: Math.round((n * 1000) / pm),
      barePerSecond: Math.round((n * 1000) / bm),
      ratio: round(bm / pm, 2),
      productMsPerRow: round(pm / n, 3),
      createMsPerRow: round(sum(part, (p) => p.createMs) / n, 3),
      restMsPerRow: round((pm - sum(part, (p) => p.statementsMs)) / n, 3),
      betweenMsPerRow: round((pm - sum(part, (p) => p.transactionMs)) / n, 3),
      bareMsPerRow: round(bm / n, 3),
      bareCommitMsPerRow: round((bm - sum(part, (p) => p.bareStatementMs)) / n, 3),
      load: `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    });
  }
  const productCpu = sum(pairs, (p) => p.productCpuMs);
  const bareCpu = sum(pairs, (p) => p.bareCpuMs);
  return {
    rows,
    productCores: round(productCpu / productMs, 2),
    bareCores: round(bareCpu / bareMs, 2),
    productCpuMsPerRow: round(productCpu / rows, 3),
    bareCpuMsPerRow: round(bareCpu / rows, 3),
    productSeconds: round(productMs / 1000, 1),
    bareSeconds: round(bareMs / 1000, 1),
    productPerSecond: Math.round((rows * 1000) / productMs),
    barePerSecond: Math.round((rows * 1000) / bareMs),
    ratio: round(bareMs / productMs, 2),
    byTenth,
  };
}

/** The markdown of a run in turns. */
export function inTurnsLines(r: InTurnsResult): string[] {
  const lines = [
    `### The online import into the empty CMDB and the bare UNWIND, in turns (${String(r.seconds)} s in all; ${String(r.writers)} CI writer(s), turns of ${String(r.turn)} batches${r.cisOnly ? "; stopped after the CI section" : ""})`,
    "",
    "Turns of product batches (several CI batches in flight with --writers above 1), then as many bare batches into their own store, one after another, once no product batch is in flight; same section and size; ratio = product rate / bare rate (target ≥ 0.5). ms per row: the product's batch, its create statement, the rest outside statements (BEGIN, COMMIT, Node) and of that the part between its transactions (Node); the bare batch and its part outside the statement (reading, BEGIN, COMMIT).",
    "",
    "| section | tenth | rows | product/s | bare/s | ratio | product ms/row | create ms/row | rest ms/row | between ms/row | bare ms/row | bare commit ms/row | load (1 min) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [section, s] of Object.entries(r.sections)) {
    s.byTenth.forEach((t, i) =>
      lines.push(
        `| ${section} | ${String(i + 1)} | ${String(t.rows)} | ${String(t.productPerSecond)} | ${String(t.barePerSecond)} | ${t.ratio.toFixed(2)} | ${String(t.productMsPerRow)} | ${String(t.createMsPerRow)} | ${String(t.restMsPerRow)} | ${String(t.betweenMsPerRow)} | ${String(t.bareMsPerRow)} | ${String(t.bareCommitMsPerRow)} | ${t.load} |`,
      ),
    );
    lines.push(
      `| ${section} | **all** | ${String(s.rows)} | ${String(s.productPerSecond)} | ${String(s.barePerSecond)} | **${s.ratio.toFixed(2)}** | | | | | | | |`,
    );
    lines.push(
      "",
      `${section}: each Neo4j's JVM over its own part: the product's ${String(s.productCores)} cores busy, ${String(s.productCpuMsPerRow)} CPU ms a row; the bare load's ${String(s.bareCores)} cores, ${String(s.bareCpuMsPerRow)} CPU ms a row.`,
      "",
    );
  }
  lines.push("");
  return lines;
}
