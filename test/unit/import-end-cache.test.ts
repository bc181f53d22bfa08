import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogueService } from "../../src/application/catalogue/catalogue.service.js";
import type { ImportResult } from "../../src/application/interchange/import-result.js";
import { planInitialLoad } from "../../src/application/interchange/initial-load.js";
import { EDITOR } from "../support/actors.js";

/**
 * The import keeps the ends of relationships (CI key → id, type, lifecycle) in a bounded cache;
 * what it evicts, a batch looks up again. An initial load needs no Neo4j, so the same document
 * is planned with the default cache and with one of 7 CIs (evicting all along, CIs of earlier
 * batches included), and both must write the same relationships and counts and refuse the same
 * entries.
 */

const CIS = 120;

function documentText(): string {
  const configurationItems = Array.from({ length: CIS }, (_, i) => ({
    key: `ci-${String(i)}`,
    name: `CI ${String(i)}`,
    type: i % 10 === 0 ? "Server" : "Application",
  }));
  const relationships = [
    // each Application on a Server stated long before it, and on its neighbour
    ...configurationItems.flatMap((ci, i) =>
      ci.type === "Application"
        ? [
            { from: ci.key, to: `ci-${String(i - (i % 10))}`, type: "RUNS_ON" },
            { from: ci.key, to: `ci-${String(i % 10 === 9 ? i - 1 : i + 1)}`, type: "DEPENDS_ON" },
          ]
        : [],
    ),
    // the first CI again and again: a hub the cache keeps meeting
    ...configurationItems
      .filter((ci) => ci.type === "Application")
      .slice(-30)
      .map((ci) => ({ from: ci.key, to: "ci-1", type: "CONSUMES" })),
    // refused: an end nobody stated, and a relationship stated twice
    { from: "ci-3", to: "nowhere", type: "DEPENDS_ON" },
    { from: "ci-1", to: "ci-0", type: "RUNS_ON" },
  ];
  return JSON.stringify({ configurationItems, relationships });
}

interface Planned {
  readonly result: ImportResult;
  /** Every relationship as "fromKey TYPE toKey", and each CI's relationship count, by key. */
  readonly relationships: string[];
  readonly relRevisions: Record<string, string>;
}

async function plan(dir: string, endCache: number | undefined): Promise<Planned> {
  await mkdir(dir);
  const planned = await planInitialLoad(
    new CatalogueService(),
    EDITOR,
    Readable.from([documentText()]),
    dir,
    { source: "test", batchSize: 25, endCache },
  );
  await planned.files.close();
  const rows = async (file: string): Promise<string[][]> =>
    (await readFile(path.join(dir, file), "utf8"))
      .trim()
      .split("\n")
      .slice(1)
      // no field of this document holds a comma or a line break
      .map((line) => line.split(",").map((f) => f.replace(/^"|"$/g, "")));
  const keyOf = new Map<string, string>();
  const relRevisions: Record<string, string> = {};
  // a CI's line: its node id, its id, its key, …, its relationship count
  for (const r of await rows("cis.csv")) {
    keyOf.set(String(r[0]), String(r[2]));
    relRevisions[String(r[2])] = String(r.at(-1));
  }
  const relationships = (await rows("relationships.csv"))
    .map(
      (r) =>
        `${String(keyOf.get(String(r[0])))} ${String(r[2])} ${String(keyOf.get(String(r[1])))}`,
    )
    .sort();
  return { result: planned.result, relationships, relRevisions };
}

describe("the import's cache of relationship ends", () => {
  let dir = "";
  let whole: Planned;
  let small: Planned;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-end-cache-"));
    whole = await plan(path.join(dir, "whole"), undefined);
    small = await plan(path.join(dir, "small"), 7);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("resolves evicted ends again: the same relationships, counts and relationship revisions", () => {
    expect(whole.relationships).toHaveLength(108 * 2 + 30);
    expect(small.relationships).toEqual(whole.relationships);
    expect(small.relRevisions).toEqual(whole.relRevisions);
    expect(whole.relRevisions["ci-1"]).toBe(String(2 + 30));
    expect(small.result.relationships).toEqual(whole.result.relationships);
    expect(small.result.configurationItems).toEqual(whole.result.configurationItems);
  });

  it("refuses the same entries, naming the field and the value", () => {
    const refused = (p: Planned) =>
      p.result.errors.map((e) => `${String(e.index)} ${e.field}: ${e.message}`);
    expect(refused(whole), refused(whole).join("\n")).toHaveLength(2);
    expect(refused(small)).toEqual(refused(whole));
    expect(refused(small)[0]).toMatch(/^246 to: .* is not the key of a CI .*\(got "nowhere"\)$/);
    expect(refused(small)[1]).toMatch(/^247 type: .* appears twice in the document/);
  });
});
