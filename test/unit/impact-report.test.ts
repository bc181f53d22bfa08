import { describe, expect, it } from "vitest";
import type { Walk, WalkNode } from "../../src/application/impact/graph-walk.js";
import { reportItems } from "../../src/application/impact/impact-report.js";

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
