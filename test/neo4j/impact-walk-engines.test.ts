import { int } from "neo4j-driver";
import { beforeEach, describe, expect, it } from "vitest";
import { walkTypes } from "../../src/application/impact/graph-walk.js";
import type { ImpactInput, ImpactReport } from "../../src/application/impact/impact.js";
import { ImpactService } from "../../src/application/impact/impact.service.js";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import { ADMIN, EDITOR, READER } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { useTestDatabase } from "../support/test-database.js";

const PAGE = { first: 100, after: null };

/**
 * The walk inside Neo4j (graphcmdb.impact.walk) and the level-by-level Cypher walk must give the
 * same answers: a generated estate (400 CIs, 2,000 relationships, clusters, shared super-nodes),
 * with CIs retired and relationships removed, walked from many CIs both ways and at several
 * depths. Only the explanation path may differ (when several shortest ones exist), and which
 * CIs of the last level a truncated walk keeps.
 */
describe("the in-database walk and the Cypher walk agree", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const engines = () =>
    (["procedure", "cypher"] as const).map(
      (walk) => new ImpactService({ maxDepth: 25, nodeCap: 1000, walk }, ctx().app.catalogue),
    );
  let keys: string[] = [];

  beforeEach(async () => {
    const estate = generateEstate({ ciCount: 400, seed: 2026 });
    const document = {
      configurationItems: [...estate.configurationItems()],
      relationships: [...estate.relationships()],
    };
    const imported = await ctx().app.imports.importDocument(scope(), ADMIN, document);
    expect(imported.errors).toEqual([]);
    keys = document.configurationItems.map((c) => c.key);
  });

  /** The report without explanation paths (any shortest one will do), paths checked apart. */
  const comparable = (r: ImpactReport) => ({
    roots: r.roots,
    truncated: r.truncated,
    depthReached: r.depthReached,
    impacted: r.impacted.map((i) => [i.key, i.distance, i.level, i.reachedThrough.join(",")]),
    businessServices: r.businessServices.map((i) => [i.key, i.distance, i.level]),
  });

  async function agree(input: ImpactInput): Promise<ImpactReport> {
    const [inDatabase, cypher] = await Promise.all(
      engines().map((e) => e.analyse(scope(), READER, input)),
    );
    expect({ input, ...comparable(inDatabase!) }).toEqual({ input, ...comparable(cypher!) });
    for (const item of inDatabase!.impacted) {
      expect(item.path).toHaveLength(item.distance + 1);
      expect(item.pathTypes).toHaveLength(item.distance);
      expect(item.path.at(-1)).toBe(item.id);
    }
    return inDatabase!;
  }

  it("on the estate as imported, from every 8th CI both ways, at depths 2 and unlimited", async () => {
    let walked = 0;
    for (const key of keys.filter((_, i) => i % 8 === 0)) {
      for (const direction of ["DEPENDENTS", "DEPENDENCIES"] as const) {
        for (const maxDepth of [2, null]) {
          walked += (await agree({ ciKeys: [key], direction, maxDepth })).impacted.length;
        }
      }
    }
    // the estate is connected enough for this to mean something
    expect(walked).toBeGreaterThan(5000);
    await agree({ ciKeys: keys.slice(0, 40), ciTypes: ["BusinessService", "Application"] });
    // CIs named by key and by id: the same roots, in the same order
    const byId = await agree({ ciKeys: [keys[7]!] });
    const both = await agree({ ciKeys: [keys[3]!], ciIds: [byId.roots[0]!.id] });
    expect(both.roots.map((r) => r.key)).toEqual([keys[3], keys[7]]);
  }, 180_000); // two walks each from 50 CIs, four ways: minutes on a busy machine

  it("with CIs retired and relationships removed, and in SPOF, paths, cycles and truncation", async () => {
    // retire a cluster member and an application; end every fifth relationship of a database
    await ctx().app.cis.retire(scope(), EDITOR, { key: keys[200]! }, 1, "decommissioned");
    const clusterMember = await ctx().app.cis.list(
      scope(),
      READER,
      { type: "VirtualMachine" },
      PAGE,
    );
    await ctx().app.cis.retire(
      scope(),
      EDITOR,
      { key: clusterMember.items[3]!.key },
      clusterMember.items[3]!.revision,
      "decommissioned",
    );
    const db = (await ctx().app.cis.list(scope(), READER, { type: "Database" }, PAGE)).items[0]!;
    const [rels] = await ctx().app.relationships.ofCis(scope(), READER, [db.id], {
      asOf: null,
      includeRemoved: false,
    });
    let removed = 0;
    for (const rel of rels!.filter((_, i) => i % 5 === 0)) {
      await ctx().app.relationships.remove(scope(), EDITOR, rel.id, rel.revision, "moved");
      removed += 1;
    }
    expect(removed).toBeGreaterThan(0);

    for (const key of [db.key, ...keys.filter((_, i) => i % 25 === 0)]) {
      await agree({ ciKeys: [key] });
      await agree({ ciKeys: [key], direction: "DEPENDENCIES", relationshipTypes: ["RUNS_ON"] });
    }

    // a statement that yields only distances (the benchmark's count, the CTE's question) makes
    // the procedure read no CI's id, key or type and keep no edge: the same counts as one that
    // yields every column, and as the Cypher walk's report, retired CIs, ended relationships and
    // truncation included
    const types = walkTypes(
      (await ctx().app.catalogue.read(scope(), READER)).catalogue,
      "DEPENDENTS",
      null,
    );
    const [, cypherWalk] = engines();
    let counted = 0;
    for (const key of [db.key, keys[200]!, ...keys.filter((_, i) => i % 25 === 0)]) {
      for (const nodeCap of [1000, 25]) {
        const [row] = await runTestCypher(ctx().target, "count-walked-by-distance", {
          rootKey: key,
          incoming: types.incoming,
          outgoing: types.outgoing,
          maxDepth: int(25),
          nodeCap: int(nodeCap),
        });
        const lean = (row!.lean as [unknown, unknown][]).map(([d, n]) => [Number(d), Number(n)]);
        const full = (row!.full as [unknown, unknown][]).map(([d, n]) => [Number(d), Number(n)]);
        expect({ key, nodeCap, lean, truncated: row!.leanTruncated }).toEqual({
          key,
          nodeCap,
          lean: full,
          truncated: row!.fullTruncated,
        });
        if (nodeCap === 25) continue;
        const report = await cypherWalk!.analyse(scope(), READER, { ciKeys: [key] });
        const byDistance = new Map<number, number>();
        for (const i of report.impacted) {
          byDistance.set(i.distance, (byDistance.get(i.distance) ?? 0) + 1);
        }
        expect(lean).toEqual([...byDistance.entries()].sort((a, b) => a[0] - b[0]));
        counted += report.impacted.length;
      }
    }
    expect(counted).toBeGreaterThan(100);

    const [inDatabase, cypher] = engines();
    const services = (await ctx().app.cis.list(scope(), READER, { type: "BusinessService" }, PAGE))
      .items;
    for (const service of services) {
      const [a, b] = await Promise.all(
        [inDatabase!, cypher!].map((e) =>
          e.singlePointsOfFailure(scope(), READER, { key: service.key }),
        ),
      );
      expect(a!.points.map((p) => p.key)).toEqual(b!.points.map((p) => p.key));
      expect(a!.examined).toBe(b!.examined);
      const under = await Promise.all(
        [inDatabase!, cypher!].map((e) =>
          e.dependencyCycles(scope(), READER, { key: service.key }),
        ),
      );
      expect(under[0]!.count).toBe(under[1]!.count);
      const paths = await Promise.all(
        [inDatabase!, cypher!].map((e) =>
          e.dependencyPath(scope(), READER, { key: service.key }, { key: db.key }),
        ),
      );
      expect(paths[0]?.path.length).toBe(paths[1]?.path.length);
    }

    // truncation: the same count, and the same CIs before the level the cap cut
    const capped = (["procedure", "cypher"] as const).map(
      (walk) => new ImpactService({ maxDepth: 25, nodeCap: 25, walk }, ctx().app.catalogue),
    );
    let widest = { key: "", impacted: 0 };
    for (const key of keys.filter((_, i) => i % 10 === 0)) {
      const r = await inDatabase!.analyse(scope(), READER, { ciKeys: [key] });
      if (r.impacted.length > widest.impacted) widest = { key, impacted: r.impacted.length };
    }
    expect(widest.impacted).toBeGreaterThan(50);
    const [c1, c2] = await Promise.all(
      capped.map((e) => e.analyse(scope(), READER, { ciKeys: [widest.key] })),
    );
    expect([c1!.truncated, c1!.impacted.length]).toEqual([true, 25]);
    expect([c2!.truncated, c2!.impacted.length]).toEqual([true, 25]);
    const before = (r: ImpactReport) =>
      r.impacted.filter((i) => i.distance < r.depthReached).map((i) => i.key);
    expect(before(c1!)).toEqual(before(c2!));
  }, 300_000); // many analyses on both walks: minutes on a busy machine
});
