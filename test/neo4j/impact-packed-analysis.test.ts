import { beforeEach, describe, expect, it } from "vitest";
import { walkTypes } from "../../src/application/impact/graph-walk.js";
import {
  analyseInDatabase,
  analysePackedInDatabase,
  type AnalysedGraph,
  type AnalyseRequest,
} from "../../src/neo4j/impact.repository.js";
import { ADMIN } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

// twenty relationship types of its own, so that type numbers past 15 fill a mask's higher digits
const TYPES = Array.from({ length: 20 }, (_, t) => `FEEDS_${String(t + 1).padStart(2, "0")}`);
const HUBS = 70;
const LEAVES = 65;

/**
 * graphcmdb.impact.analysePacked answers what graphcmdb.impact.analyse answers, its columns
 * packed: a hub with 70 dependents of 65 dependents each (4,621 CIs, more than a packed row's
 * 4,096), reached through 20 relationship types of the estate's own and DEPENDS_ON, business
 * services with a criticality among CIs without one.
 */
describe("the packed analysis", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();

  beforeEach(async () => {
    const cis: { key: string; name: string; type: string; criticality?: number }[] = [
      { key: "hub", name: "hub", type: "Database" },
    ];
    const relationships: { from: string; to: string; type: string }[] = [];
    for (let h = 0; h < HUBS; h++) {
      const mid = `app-${String(h)}`;
      cis.push({ key: mid, name: mid, type: "Application" });
      relationships.push({ from: mid, to: "hub", type: TYPES[h % TYPES.length] as string });
      // a second way in at the same distance: two types reach it
      if (h % 7 === 0) relationships.push({ from: mid, to: "hub", type: "DEPENDS_ON" });
      for (let l = 0; l < LEAVES; l++) {
        const leaf = `svc-${String(h)}-${String(l)}`;
        cis.push(
          l % 5 === 0
            ? { key: leaf, name: leaf, type: "BusinessService", criticality: 1 + (l % 4) }
            : { key: leaf, name: leaf, type: "ApplicationService" },
        );
        relationships.push({ from: leaf, to: mid, type: TYPES[(h + l) % TYPES.length] as string });
      }
    }
    const imported = await ctx().app.imports.importDocument(scope(), ADMIN, {
      relationshipTypes: TYPES.map((name) => ({
        name,
        inverseName: `${name}_BY`,
        dependent: "SOURCE",
      })),
      configurationItems: cis,
      relationships,
    });
    expect(imported.errors).toEqual([]);
  }, 300_000);

  // the columns only (a single row of lists is returned as it came, with its `first`)
  const columns = (a: AnalysedGraph): AnalysedGraph => ({
    ids: a.ids,
    keys: a.keys,
    ciTypes: a.ciTypes,
    criticality: a.criticality,
    distance: a.distance,
    parent: a.parent,
    parentType: a.parentType,
    through: a.through,
    level: a.level,
    truncated: a.truncated,
  });

  async function bothWays(request: AnalyseRequest) {
    return scope().readAutoCommit(async (tx) => ({
      lists: columns(await analyseInDatabase(tx, request)),
      packed: columns((await analysePackedInDatabase(tx, request)).toLists()),
    }));
  }

  it("answers the per-CI lists' columns, over several rows, both directions", async () => {
    const { catalogue } = await ctx().app.catalogue.read(scope(), ADMIN);
    for (const direction of ["DEPENDENTS", "DEPENDENCIES"] as const) {
      const types = walkTypes(catalogue, direction, null);
      expect(types.incoming.length + types.outgoing.length).toBeGreaterThan(20);
      const { lists, packed } = await bothWays({
        rootIds: [],
        rootKeys: direction === "DEPENDENTS" ? ["hub"] : ["svc-3-4", "svc-69-64"],
        incoming: types.incoming,
        outgoing: types.outgoing,
        groupIsTarget: types.groupIsTarget,
        groupIsSource: types.groupIsSource,
        membership: [...types.membership],
        dependents: direction === "DEPENDENTS",
        maxDepth: 25,
        nodeCap: 100_000,
      });
      expect(packed).toEqual(lists);
      // no redundancy group on the way: every CI is DOWN, both ways (3: DOWN)
      expect(new Set(packed.level)).toEqual(new Set([3]));
      if (direction === "DEPENDENTS") {
        expect(packed.ids).toHaveLength(1 + HUBS + HUBS * LEAVES);
        // masks past 15 bits and a criticality beside none came through
        expect(Math.max(...packed.through)).toBeGreaterThan(2 ** 15);
        expect(new Set(packed.criticality)).toEqual(new Set([null, 1, 2, 3, 4]));
      } else {
        // roots first, in the order asked; within a distance the walk's order is its own
        const at = (d: number): string[] =>
          packed.keys.filter((_, i) => packed.distance[i] === d).sort();
        expect(packed.keys.slice(0, 2)).toEqual(["svc-3-4", "svc-69-64"]);
        expect([at(0), at(1), at(2)]).toEqual([
          ["svc-3-4", "svc-69-64"],
          ["app-3", "app-69"],
          ["hub"],
        ]);
      }
    }
  }, 300_000);

  it("says truncated as the lists do, and nothing for an unknown root", async () => {
    const { catalogue } = await ctx().app.catalogue.read(scope(), ADMIN);
    const types = walkTypes(catalogue, "DEPENDENTS", null);
    const request = {
      rootIds: [],
      rootKeys: ["hub"],
      incoming: types.incoming,
      outgoing: types.outgoing,
      groupIsTarget: types.groupIsTarget,
      groupIsSource: types.groupIsSource,
      membership: [...types.membership],
      dependents: true,
      maxDepth: 25,
      nodeCap: 100,
    };
    const capped = await bothWays(request);
    expect(capped.packed).toEqual(capped.lists);
    expect(capped.packed.truncated).toBe(true);
    const none = await bothWays({ ...request, rootKeys: ["no-such-ci"] });
    expect(none.packed).toEqual(none.lists);
    expect(none.packed.ids).toEqual([]);
  }, 300_000);
});
