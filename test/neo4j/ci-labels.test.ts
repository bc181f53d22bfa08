import path from "node:path";
import { describe, expect, it } from "vitest";
import { walkTypes } from "../../src/application/impact/graph-walk.js";
import { listUnfinishedImports } from "../../src/neo4j/import.repository.js";
import { readMigrations } from "../../src/neo4j/migrator.js";
import { ADMIN, EDITOR, READER, codeOf } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { CYPHER_DIR, useTestDatabase } from "../support/test-database.js";

// A CI is labelled HasCriticality exactly when it has a criticality, and RedundancyGroup exactly
// when it has minimumMembers: the walk procedure stops reading a CI's properties once it has
// those every CI has and what its labels say it has besides (ADR 020 decision 9), so a label out
// of step would lose a criticality or a group's minimum. Every write path keeps them.

const types = {
  ciTypes: [
    { name: "Cache", parent: "Application", attributes: [{ name: "engine", type: "string" }] },
  ],
};

/** A document in parts; a function among them runs (and is awaited) when the reader gets there. */
async function* chunks(...parts: (string | (() => Promise<void>))[]): AsyncIterable<string> {
  for (const part of parts) {
    if (typeof part === "string") yield part;
    else await part();
  }
}

/** Updates of heldAndLabelled's four CIs that flip every label they carry. */
const FLIPPING = [
  { key: "svc", name: "Service", type: "BusinessService", criticality: null },
  { key: "box", name: "Box", type: "Server", criticality: 3 },
  { key: "pool", name: "Pool", type: "LoadBalancer", attributes: {} },
  { key: "lb", name: "LB", type: "LoadBalancer", attributes: { minimumMembers: 1 } },
];

describe("a CI's HasCriticality and RedundancyGroup labels", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const cis = () => ctx().app.cis;
  const outOfStep = async () => {
    const [row] = await runTestCypher(ctx().target, "count-ci-labels-out-of-step");
    return Number(String(row?.outOfStep));
  };
  /** key → the labels it carries of the two, for the CIs that carry one. */
  const labelled = async () =>
    Object.fromEntries(
      (await runTestCypher(ctx().target, "list-ci-labels"))
        .filter((r) => (r.labels as string[]).length > 0)
        .map((r) => [String(r.key), (r.labels as string[]).join(",")]),
    );
  /** Four CIs, two of them labelled; the labels they carry. */
  const heldAndLabelled = async () => {
    await ctx().app.imports.importDocument(scope(), ADMIN, {
      configurationItems: [
        { key: "svc", name: "Service", type: "BusinessService", criticality: 2 },
        { key: "box", name: "Box", type: "Server" },
        { key: "pool", name: "Pool", type: "Cluster", attributes: { minimumMembers: 2 } },
        { key: "lb", name: "LB", type: "LoadBalancer" },
      ],
    });
    const held = await labelled();
    expect(held).toEqual({ svc: "HasCriticality", pool: "RedundancyGroup" });
    return held;
  };
  const revisionOf = async (key: string) =>
    (await cis().get(scope(), READER, { key }))?.revision ?? 0;

  it("follow criticality and minimumMembers as CIs are created and updated, each added and removed", async () => {
    await cis().create(scope(), EDITOR, {
      key: "shop",
      name: "Shop",
      type: "BusinessService",
      criticality: 1,
    });
    await cis().create(scope(), EDITOR, { key: "web-01", name: "Web 01", type: "Server" });
    await cis().create(scope(), EDITOR, {
      key: "cl-web",
      name: "Web cluster",
      type: "Cluster",
      attributes: { minimumMembers: 2 },
    });
    await cis().create(scope(), EDITOR, {
      key: "lb-1",
      name: "LB 1",
      type: "LoadBalancer",
      criticality: 2,
      attributes: { minimumMembers: 1, vip: "10.0.0.1" },
    });
    await cis().create(scope(), EDITOR, { key: "lb-2", name: "LB 2", type: "LoadBalancer" });
    expect(await labelled()).toEqual({
      shop: "HasCriticality",
      "cl-web": "RedundancyGroup",
      "lb-1": "HasCriticality,RedundancyGroup",
    });
    expect(await outOfStep()).toBe(0);

    // each property added where it was not, and removed where it was
    const update = async (key: string, patch: Record<string, unknown>) =>
      cis().update(scope(), EDITOR, { key }, await revisionOf(key), patch, "relabel");
    await update("web-01", { criticality: 3 });
    await update("shop", { criticality: null });
    await update("lb-2", { attributes: { minimumMembers: 2 } });
    await update("lb-1", { attributes: { minimumMembers: null } });
    expect(await labelled()).toEqual({
      "web-01": "HasCriticality",
      "cl-web": "RedundancyGroup",
      "lb-1": "HasCriticality",
      "lb-2": "RedundancyGroup",
    });
    expect(await outOfStep()).toBe(0);
    // a write that leaves both as they were (and one that changes neither) keeps the labels
    await update("lb-1", { name: "LB one" });
    await update("lb-1", { criticality: 1 });
    await update("lb-1", { criticality: null, attributes: { minimumMembers: 3 } });
    expect((await labelled())["lb-1"]).toBe("RedundancyGroup");
    await cis().retire(scope(), EDITOR, { key: "cl-web" }, await revisionOf("cl-web"), "gone");
    expect((await labelled())["cl-web"]).toBe("RedundancyGroup");
    expect(await outOfStep()).toBe(0);
  });

  it("follow them through an import in one transaction and a streamed one, creating and updating", async () => {
    const result = await ctx().app.imports.importDocument(
      scope(),
      ADMIN,
      {
        ...types,
        configurationItems: [
          { key: "svc", name: "Service", type: "BusinessService", criticality: 2 },
          { key: "cache", name: "Cache", type: "Cache", attributes: { engine: "redis" } },
          { key: "pool", name: "Pool", type: "Cluster", attributes: { minimumMembers: 2 } },
        ],
      },
      { batchSize: 2 },
    );
    expect(result.errors).toEqual([]);
    expect(await labelled()).toEqual({ svc: "HasCriticality", pool: "RedundancyGroup" });
    expect(await outOfStep()).toBe(0);

    // streamed: an update adding a criticality, one removing it, a group's minimum removed by
    // its type's change, a new CI with both
    const streamed = await ctx().app.imports.importStream(
      scope(),
      ADMIN,
      chunks(
        JSON.stringify({
          configurationItems: [
            { key: "svc", name: "Service", type: "BusinessService", criticality: null },
            {
              key: "cache",
              name: "Cache",
              type: "Cache",
              criticality: 4,
              attributes: { engine: "redis" },
            },
            { key: "pool", name: "Pool", type: "Server", attributes: {} },
            {
              key: "lb",
              name: "LB",
              type: "LoadBalancer",
              criticality: 1,
              attributes: { minimumMembers: 1 },
            },
          ],
        }),
      ),
      { source: "test", batchSize: 2 },
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.configurationItems).toEqual({ created: 1, updated: 3, unchanged: 0 });
    expect(await labelled()).toEqual({
      cache: "HasCriticality",
      lb: "HasCriticality,RedundancyGroup",
    });
    expect(await outOfStep()).toBe(0);
  });

  it("are put back with the CI when a streamed import's updates are undone (a dry run, a refused document)", async () => {
    const before = await heldAndLabelled();
    // every label flipped by the import's updates, then undone
    const flipping = { configurationItems: FLIPPING };
    const dryRun = await ctx().app.imports.importStream(
      scope(),
      ADMIN,
      chunks(JSON.stringify(flipping)),
      { source: "test", batchSize: 2, dryRun: true },
    );
    expect(dryRun).toMatchObject({ applied: false, dryRun: true });
    expect(dryRun.configurationItems).toEqual({ created: 0, updated: 4, unchanged: 0 });
    expect(await labelled()).toEqual(before);
    expect(await outOfStep()).toBe(0);

    // the same updates and a CI its type refuses: the whole import is undone
    const refused = await ctx().app.imports.importStream(
      scope(),
      ADMIN,
      chunks(
        JSON.stringify({
          configurationItems: [
            ...flipping.configurationItems,
            { key: "bad", name: "Bad", type: "Toaster" },
          ],
        }),
      ),
      { source: "test", batchSize: 2 },
    );
    expect(refused.applied).toBe(false);
    expect(refused.errorCount).toBeGreaterThan(0);
    expect(await labelled()).toEqual(before);
    expect(await outOfStep()).toBe(0);
    expect((await cis().get(scope(), READER, { key: "svc" }))?.criticality).toBe(2);
  });

  it("are put back with the CI when an unfinished import is aborted (graph-cmdb import --abort)", async () => {
    const before = await heldAndLabelled();
    // two batches flipping every label committed, the import still reading its document when
    // it is aborted: its updates are undone, its next batch refused
    const head = JSON.stringify({ configurationItems: FLIPPING });
    let flipped: Record<string, string> = {};
    const code = await codeOf(
      ctx().app.imports.importStream(
        scope(),
        ADMIN,
        chunks(
          `${head.slice(0, -2)},`,
          async () => {
            for (let i = 0; i < 600; i++) {
              const [journal] = await listUnfinishedImports(scope(), 10);
              if ((journal?.batches ?? 0) >= 2) break;
              await new Promise((r) => setTimeout(r, 50));
            }
            flipped = await labelled();
            const aborted = await ctx().app.imports.abortImport(scope(), ADMIN);
            expect(aborted.cisRestored).toBe(4);
          },
          `${JSON.stringify({ key: "late", name: "Late", type: "Server", criticality: 1 })}]}`,
        ),
        { source: "test", batchSize: 2 },
      ),
    );
    expect(code).toBe("CONFLICT");
    // the aborted import had flipped them all
    expect(flipped).toEqual({ box: "HasCriticality", lb: "RedundancyGroup" });
    expect(await labelled()).toEqual(before);
    expect(await outOfStep()).toBe(0);
    expect((await cis().get(scope(), READER, { key: "svc" }))?.criticality).toBe(2);
    expect(await cis().get(scope(), READER, { key: "late" })).toBeNull();
  });

  it("are set on a store written before them by migration 0128, which also takes off stray ones and may run twice", async () => {
    await cis().create(scope(), EDITOR, {
      key: "shop",
      name: "Shop",
      type: "BusinessService",
      criticality: 1,
    });
    await cis().create(scope(), EDITOR, { key: "web-01", name: "Web 01", type: "Server" });
    await cis().create(scope(), EDITOR, {
      key: "cl-web",
      name: "Web cluster",
      type: "Cluster",
      criticality: 2,
      attributes: { minimumMembers: 2 },
    });
    const expected = await labelled();
    expect(expected).toEqual({
      shop: "HasCriticality",
      "cl-web": "HasCriticality,RedundancyGroup",
    });
    // at worst: every property without its label, every label without its property
    await runTestCypher(ctx().target, "mislabel-cis");
    expect(await labelled()).toEqual({
      shop: "RedundancyGroup",
      "web-01": "HasCriticality,RedundancyGroup",
    });
    expect(await outOfStep()).toBe(3);
    const migration = (await readMigrations(path.join(CYPHER_DIR, "migrations"))).find((m) =>
      m.id.startsWith("0128-"),
    )!;
    await scope().runSchemaStatement(migration.text);
    expect(await labelled()).toEqual(expected);
    expect(await outOfStep()).toBe(0);
    await scope().runSchemaStatement(migration.text);
    expect(await labelled()).toEqual(expected);
  });

  it("let the walk procedure stop early and still read every criticality and minimum, whatever the statement yields", async () => {
    await ctx().app.imports.importDocument(scope(), ADMIN, IMPACT_ESTATE);
    // a rated CI and a group that are none of the fixture's ones, met on the same walks
    await cis().update(scope(), EDITOR, { key: "vm-db" }, 1, { criticality: 2 }, "rated");
    expect(await labelled()).toEqual({
      "bs-report": "HasCriticality",
      "bs-shop": "HasCriticality",
      "cl-web": "RedundancyGroup",
      "vm-db": "HasCriticality",
    });
    const types = walkTypes(
      (await ctx().app.catalogue.read(scope(), READER)).catalogue,
      "DEPENDENTS",
      null,
    );
    for (const rootKey of ["host-a", "host-b", "vm-1"]) {
      const [row] = await runTestCypher(ctx().target, "walk-criticality-and-minimums", {
        rootKey,
        incoming: types.incoming,
        outgoing: types.outgoing,
        groupIsTarget: types.groupIsTarget,
        groupIsSource: types.groupIsSource,
      });
      // the same CIs in the same order, with the same values (neo4j integers compare deeply)
      expect(row!.textOnly, rootKey).toEqual(row!.allText);
      expect(row!.minimumOnly, rootKey).toEqual(row!.allMinimum);
    }
    // what the walks read, as the fixture has it
    const [fromHost] = await runTestCypher(ctx().target, "walk-criticality-and-minimums", {
      rootKey: "host-a",
      incoming: types.incoming,
      outgoing: types.outgoing,
      groupIsTarget: types.groupIsTarget,
      groupIsSource: types.groupIsSource,
    });
    const text = (fromHost!.allText as [string[], unknown[]][]).flatMap(([keys, crit]) =>
      keys.map((k, i) => [k, crit[i] === null ? null : Number(crit[i])]),
    );
    expect(Object.fromEntries(text)).toMatchObject({
      "bs-shop": 1,
      "app-web": null,
      "cl-web": null,
    });
    const minimums = (fromHost!.allMinimum as [unknown[], unknown[], unknown[]][]).flatMap(
      ([, minimum]) => minimum.map(Number),
    );
    expect(minimums).toEqual([2]);
  });
});
