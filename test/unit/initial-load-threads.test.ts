import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogueService } from "../../src/application/catalogue/catalogue.service.js";
import { planInitialLoad } from "../../src/application/interchange/initial-load.js";
import { planInitialLoadInWorkers } from "../../src/application/interchange/initial-load-workers.js";
import { loadConfig } from "../../src/config/config.js";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import type { InitialLoadFileSet } from "../../src/neo4j/initial-load-files.js";
import { EDITOR } from "../support/actors.js";

/**
 * `import --initial`'s files step on its three threads (the command's own, the validating
 * worker, the CSV writer), as the command runs it, against the same step in one thread: the
 * same files, line for line, ids and times aside. Run three times in this one test process: a
 * later run's workers once killed the whole process, one time in two (swc's native compiler, loaded by the first
 * workers from the TypeScript sources and unloaded with them: ADR 012).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

function documentText(): string {
  const estate = generateEstate({ ciCount: 500, seed: 7 });
  return JSON.stringify({
    configurationItems: [...estate.configurationItems()],
    relationships: [...estate.relationships()],
  });
}

/** Every file of the set by its label or type, its lines with ids numbered as first met. */
async function normalised(files: InitialLoadFileSet): Promise<Record<string, string[]>> {
  const ids = new Map<string, string>();
  const out: Record<string, string[]> = {};
  for (const f of [
    ...files.nodes.map((n) => ({ name: n.label, file: n.file })),
    ...files.relationships.map((r) => ({ name: r.type ?? "typed", file: r.file })),
  ]) {
    const text = await readFile(f.file, "utf8");
    out[f.name] = text
      .replace(UUID, (id) => {
        if (!ids.has(id)) ids.set(id, `id${String(ids.size)}`);
        return String(ids.get(id));
      })
      .replace(TIME, "<time>")
      .split("\n");
  }
  return out;
}

describe("the initial load's files step on threads", () => {
  let dir = "";
  let text = "";
  let oneThread: Record<string, string[]> = {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-initial-threads-"));
    text = documentText();
    const here = path.join(dir, "one-thread");
    await mkdir(here);
    const planned = await planInitialLoad(
      new CatalogueService(),
      EDITOR,
      Readable.from([text]),
      here,
      { source: "test", batchSize: 100 },
    );
    expect(planned.result.applied).toBe(true);
    oneThread = await normalised(await planned.files.close());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const run of [1, 2, 3]) {
    it(`writes the files one thread writes (run ${String(run)} in this process)`, async () => {
      const here = path.join(dir, `threads-${String(run)}`);
      await mkdir(here);
      const planned = await planInitialLoadInWorkers(
        EDITOR,
        Readable.from([text]),
        here,
        { source: "test", batchSize: 100 },
        loadConfig({}).attributes,
      );
      expect(planned.result.applied).toBe(true);
      expect(planned.result.configurationItems.created).toBe(500);
      const threaded = await normalised(planned.files);
      expect(Object.keys(threaded).sort()).toEqual(Object.keys(oneThread).sort());
      for (const [name, lines] of Object.entries(oneThread)) {
        expect(threaded[name]?.length, name).toBe(lines.length);
        expect(threaded[name], name).toEqual(lines);
      }
    });
  }
});
