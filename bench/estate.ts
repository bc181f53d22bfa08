// The estates the benchmarks and the soak run on, and how they get into a store: one piece of code
// for `npm run bench`, `npm run bench:load` and `npm run soak`. A generated estate is the
// generator's (src/demo/estate, as `scripts/generate-estate.ts` writes it to a file) with a fixed
// seed, loaded with the product's own import in chunks; the demo estate is the one the product
// loads at its first start (GRAPH_CMDB_DEMO).
import { performance } from "node:perf_hooks";
import type { Application } from "../src/application/application.js";
import { demoEstate } from "../src/demo/demo-estate.js";
import { generateEstate } from "../src/demo/estate/generate-estate.js";
import type { Actor } from "../src/domain/actor.js";
import type { CiEntry } from "../src/domain/interchange/interchange-document.js";
import { round } from "./stats.js";

/** The seed every benchmark generates its estates with: the same CIs on every run. */
export const ESTATE_SEED = 2026;
const LOADER: Actor = { user: "bench", roles: ["ADMIN"], tokenId: null };

/** "demo" or the CI count of a generated estate. */
export type EstateName = "demo" | number;

/** Parses `demo` or a CI count (≥ 1000), naming the option in the error. */
export function parseEstate(value: string, option = "--estate"): EstateName {
  const v = value.trim();
  if (v === "demo") return "demo";
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1000)
    throw new Error(`${option}: demo or a CI count ≥ 1000 (got ${JSON.stringify(v.slice(0, 40))})`);
  return n;
}

/** The estate's CIs, as its document lists them. */
export function estateCis(estate: EstateName): CiEntry[] {
  return estate === "demo"
    ? [...demoEstate().configurationItems()]
    : [...generateEstate({ ciCount: estate, seed: ESTATE_SEED }).configurationItems()];
}

export interface EstateLoad {
  readonly cis: number;
  readonly relationships: number;
  /** The CIs' part, then the whole load. */
  readonly ciSeconds: number;
  readonly seconds: number;
}

export interface LoadOptions {
  readonly say: (line: string) => void;
  readonly reason: string;
  readonly cisPerChunk?: number;
  readonly relationshipsPerChunk?: number;
  /** Entries per import batch (the import's own default when absent). */
  readonly batchSize?: number;
}

/** Whether the store already holds CIs (an earlier run loaded it). */
export async function storeHoldsCis(app: Application): Promise<boolean> {
  const page = await app.cis.list(app.db.scope(), LOADER, {}, { first: 1, after: null });
  return page.items.length > 0;
}

/**
 * Loads the generated estate of `size` CIs with the product's import, CIs first then
 * relationships, in chunks of one transaction each (an import is all or nothing: 100k CIs in one
 * transaction overrun the transaction memory of a 3 GiB heap); null when the store already holds
 * CIs (loaded by an earlier run: kept).
 */
export async function loadGeneratedEstateIfEmpty(
  app: Application,
  size: number,
  opts: LoadOptions,
): Promise<EstateLoad | null> {
  if (await storeHoldsCis(app)) {
    opts.say("  the store already holds the estate (an earlier run): load skipped");
    return null;
  }
  const estate = generateEstate({ ciCount: size, seed: ESTATE_SEED });
  const started = performance.now();
  const importChunks = async (
    section: "configurationItems" | "relationships",
    entries: Iterable<unknown>,
    perChunk: number,
  ): Promise<number> => {
    let done = 0;
    for (const chunk of chunks(entries, perChunk)) {
      const r = await app.imports.importDocument(
        app.db.scope(),
        LOADER,
        { [section]: chunk },
        { reason: opts.reason, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) },
      );
      if (r.errorCount > 0)
        throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
      done += chunk.length;
      opts.say(`  imported ${done.toLocaleString("en")} ${section}`);
    }
    return done;
  };
  const cis = await importChunks(
    "configurationItems",
    estate.configurationItems(),
    opts.cisPerChunk ?? 20_000,
  );
  const ciSeconds = (performance.now() - started) / 1000;
  const relationships = await importChunks(
    "relationships",
    estate.relationships(),
    opts.relationshipsPerChunk ?? 50_000,
  );
  return {
    cis,
    relationships,
    ciSeconds: round(ciSeconds, 1),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
