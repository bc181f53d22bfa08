import { describe, expect, it } from "vitest";
import type { AnalysedWalk, Walk, WalkNode } from "../../src/application/impact/graph-walk.js";
import type { ImpactLevel } from "../../src/domain/impact/impact-level.js";
import type { StepDirection } from "../../src/application/impact/impact.js";
import { reportAnalysed, reportItems } from "../../src/application/impact/impact-report.js";
import { AnalysedColumns } from "../../src/neo4j/impact.repository.js";

/** A walk of CIs at distance 1 and 2 from a root, with the given keys. */
function walkOf(keys: readonly string[]): Walk {
  const nodes = new Map<string, WalkNode>();
  const add = (key: string, distance: number) =>
    nodes.set(`id-${key}`, {
      id: `id-${key}`,
      key,
      ciType: "Application",
      criticality: null,
      distance,
      parent: distance === 0 ? null : "id-root",
      parentType: distance === 0 ? null : "DEPENDS_ON",
      reachedThrough: new Set(distance === 0 ? [] : ["DEPENDS_ON"]),
      minimumMembers: null,
      totalMembers: null,
    });
  add("root", 0);
  keys.forEach((k, i) => add(k, 1 + (i % 2)));
  return { nodes, edges: [], truncated: false, depthReached: 2 };
}

const impactedOf = (walk: Walk) =>
  reportItems({
    walk,
    levels: new Map(),
    listed: null,
    services: new Set(),
    directionOf: () => "INCOMING",
    expandTypes: () => new Set(),
  }).impacted.map((i) => [i.distance, i.key]);

const collated = (walk: Walk) => {
  const collator = new Intl.Collator();
  return [...walk.nodes.values()]
    .filter((n) => n.distance > 0)
    .sort((a, b) => a.distance - b.distance || collator.compare(a.key, b.key))
    .map((n) => [n.distance, n.key]);
};

describe("the whole list of impacted CIs", () => {
  it("is in the collator's order of keys at each distance, keys of letters, digits and hyphens sorted without it", () => {
    // seeded: the same keys every run
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) % 1;
    const alphabet = "ab-z09";
    const keys = new Set<string>();
    while (keys.size < 2000) {
      let k = "";
      for (let j = 1 + Math.floor(random() * 6); j > 0; j--) {
        k += alphabet.charAt(Math.floor(random() * alphabet.length));
      }
      keys.add(k);
    }
    const plain = walkOf([...keys]);
    expect(impactedOf(plain)).toEqual(collated(plain));
    // keys the shortcut does not cover (capitals, other punctuation) take the collator's order
    const mixed = walkOf(["b_1", "B-1", "a.2", "A_2", "b-1", "a2", "É-3", "e-3"]);
    expect(impactedOf(mixed)).toEqual(collated(mixed));
  });
});

/**
 * One walk two ways: as the columns of an analysis walked in Neo4j (walk order, distances
 * never decreasing, levels as numbers) and as the application's walk with its levels.
 */
function bothWays(): { analysed: AnalysedWalk; walk: Walk; levels: Map<string, ImpactLevel> } {
  const types = ["DEPENDS_ON", "RUNS_ON", "PART_OF"];
  // key, type, criticality, distance, parent (walk index), parent type, types mask, level
  const rows: [string, string, number | null, number, number, number, number, number][] = [
    ["root", "Server", null, 0, -1, -1, 0, 3],
    ["zeta", "Application", null, 1, 0, 1, 0b011, 3],
    ["alpha", "BusinessService", 2, 1, 0, 0, 0b001, 2],
    ["Mid", "Application", null, 1, 0, 0, 0b001, 1],
    ["beta", "BusinessService", 1, 2, 1, 2, 0b100, 3],
    ["gamma", "Database", null, 2, 2, 0, 0b001, 2],
    ["aleph", "Application", null, 2, 3, 0, 0b001, 3],
    ["omega", "Application", 4, 3, 5, 1, 0b010, 1],
  ];
  const analysed: AnalysedWalk = {
    columns: AnalysedColumns.fromLists({
      ids: rows.map((r) => `id-${r[0]}`),
      keys: rows.map((r) => r[0]),
      ciTypes: rows.map((r) => r[1]),
      criticality: rows.map((r) => r[2]),
      distance: rows.map((r) => r[3]),
      parent: rows.map((r) => r[4]),
      parentType: rows.map((r) => r[5]),
      through: rows.map((r) => r[6]),
      level: rows.map((r) => r[7]),
      truncated: false,
    }),
    types,
    roots: 1,
    truncated: false,
    depthReached: 3,
  };
  const names: ImpactLevel[] = ["AT_RISK", "AT_RISK", "DEGRADED", "DOWN"];
  const nodes = new Map<string, WalkNode>();
  const levels = new Map<string, ImpactLevel>();
  for (const [key, ciType, criticality, distance, parent, parentType, mask, level] of rows) {
    const parentRow = rows[parent];
    nodes.set(`id-${key}`, {
      id: `id-${key}`,
      key,
      ciType,
      criticality,
      distance,
      parent: parentRow ? `id-${parentRow[0]}` : null,
      parentType: types[parentType] ?? null,
      reachedThrough: new Set(types.filter((_, t) => (mask >> t) % 2 === 1)),
      minimumMembers: null,
      totalMembers: null,
    });
    levels.set(`id-${key}`, names[level] as ImpactLevel);
  }
  return { analysed, walk: { nodes, edges: [], truncated: false, depthReached: 3 }, levels };
}

describe("the report of an analysis walked in Neo4j, read from its columns", () => {
  const context = {
    listed: null,
    services: new Set(["BusinessService"]),
    directionOf: (type: string): StepDirection => (type === "PART_OF" ? "OUTGOING" : "INCOMING"),
    expandTypes: (names: readonly string[]) => new Set(names),
  };
  const { analysed, walk, levels } = bothWays();
  const fromColumns = reportAnalysed(analysed, context);
  const fromWalk = reportItems({ ...context, walk, levels });
  const plain = (items: readonly { toJSON(): unknown }[]) => items.map((i) => i.toJSON());

  it("lists the same items, in the same order, as the application's walk with the same levels", () => {
    expect(plain(fromColumns.impacted as never[])).toEqual(plain(fromWalk.impacted as never[]));
    // "Mid" is no plain key: the collator's order
    expect(fromColumns.impacted.map((i) => i.key)).toEqual([
      "alpha",
      "Mid",
      "zeta",
      "aleph",
      "beta",
      "gamma",
      "omega",
    ]);
    expect(fromColumns.impacted[6]?.pathKeys).toEqual(["root", "alpha", "gamma", "omega"]);
    expect(fromColumns.impacted[6]?.pathSteps.map((s) => s.direction)).toEqual([
      "INCOMING",
      "INCOMING",
      "INCOMING",
    ]);
    expect(fromColumns.impacted[4]?.reachedThrough).toEqual(["PART_OF"]);
    expect(fromColumns.impacted[2]?.reachedThrough).toEqual(["DEPENDS_ON", "RUNS_ON"]);
  });

  it("counts levels and ranks business services as the application's walk does", () => {
    expect(fromColumns.counts).toEqual({ total: 7, down: 3, degraded: 2, atRisk: 2 });
    expect(fromColumns.counts).toEqual(fromWalk.counts);
    expect(fromColumns.businessServices.map((i) => [i.key, i.criticality])).toEqual([
      ["beta", 1],
      ["alpha", 2],
    ]);
    expect(plain(fromColumns.businessServices as never[])).toEqual(
      plain(fromWalk.businessServices as never[]),
    );
  });

  it("pages by distance, then level, then key, filtered by level, as the application's walk does", () => {
    const keys = (p: { items: readonly { key: string }[] }) => p.items.map((i) => i.key);
    const first = fromColumns.page({ first: 3, after: null });
    expect(keys(first)).toEqual(["zeta", "alpha", "Mid"]);
    expect(keys(first)).toEqual(keys(fromWalk.page({ first: 3, after: null })));
    const next = fromColumns.page({ first: 10, after: first.cursors[2] ?? null });
    expect(keys(next)).toEqual(["aleph", "beta", "gamma", "omega"]);
    const degraded = fromColumns.page({ first: 10, after: null }, { levels: ["DEGRADED"] });
    expect(keys(degraded)).toEqual(["alpha", "gamma"]);
  });

  it("lists only the CI types asked for, counting only them", () => {
    const listed = reportAnalysed(analysed, { ...context, listed: new Set(["Application"]) });
    expect(listed.impacted.map((i) => i.key)).toEqual(["Mid", "zeta", "aleph", "omega"]);
    expect(listed.impacted.map((i) => i.distance)).toEqual([1, 1, 2, 3]);
    expect(listed.counts).toEqual({ total: 4, down: 2, degraded: 0, atRisk: 2 });
    // business services are ranked whatever the listed types
    expect(listed.businessServices.map((i) => i.key)).toEqual(["beta", "alpha"]);
  });
});
