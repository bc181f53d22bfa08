import { addEdge, type MapGraph } from "./map-model.js";

/** One impact walk's answer, as the map reads it. */
export interface Walked {
  truncated: boolean;
  impacted: {
    configurationItem: { id: string; key: string; name: string; type: string };
    impactLevel?: string;
    path: { id: string }[];
    pathRelationshipTypes: string[];
  }[];
}

/**
 * Which way a relationship of type `type` goes along one step of a walk: in a DEPENDENCIES walk
 * (`sign` 1) a step goes from a CI to what it needs, in a DEPENDENTS walk (-1) to what it
 * impacts. A SOURCE-dependent type (A DEPENDS_ON B) points from the needing end; a
 * TARGET-dependent one (A MEMBER_OF B) from the needed end.
 */
export function stepForward(dependent: string | undefined, sign: 1 | -1): boolean {
  return (dependent === "TARGET") !== (sign === 1);
}

/**
 * Puts a walk on the map: each CI on the row of its distance (negative for dependents), under
 * the nearest CI of its explanation path that is drawn, with every step of its path drawn the
 * way the relationship really goes; a step through CIs the filters leave out is one dashed edge.
 */
export function addWalk(
  g: MapGraph,
  walk: Walked,
  sign: 1 | -1,
  dependent: ReadonlyMap<string, string>,
  rows: 1 | -1 = sign,
): void {
  const items = [...walk.impacted].sort((a, b) => a.path.length - b.path.length);
  for (const item of items) {
    const ci = item.configurationItem;
    const ids = item.path.map((p) => p.id);
    const parent = [...ids.slice(0, -1)].reverse().find((id) => g.nodes.has(id)) ?? null;
    if (!g.nodes.has(ci.id)) {
      g.nodes.set(ci.id, {
        ...ci,
        layer: rows * (ids.length - 1),
        parent,
        path: ids,
        ...(item.impactLevel ? { level: item.impactLevel } : {}),
      });
    }
  }
  for (const item of items) {
    const ids = item.path.map((p) => p.id);
    for (let i = 1; i < ids.length; i += 1) {
      const prev = ids[i - 1] as string;
      const cur = ids[i] as string;
      const type = item.pathRelationshipTypes[i - 1];
      if (type === undefined || !g.nodes.has(prev) || !g.nodes.has(cur)) continue;
      addEdge(
        g,
        stepForward(dependent.get(type), sign)
          ? { from: prev, to: cur, type }
          : { from: cur, to: prev, type },
      );
    }
    // the filters left the CIs between out: one dashed edge from the nearest CI drawn
    const cur = item.configurationItem.id;
    const node = g.nodes.get(cur);
    const prev = ids[ids.length - 2];
    if (node?.parent && prev !== undefined && !g.nodes.has(prev)) {
      const hops = ids.length - 1 - ids.indexOf(node.parent);
      addEdge(
        g,
        sign === 1
          ? { from: node.parent, to: cur, type: `via ${String(hops - 1)} CI(s)`, indirect: true }
          : { from: cur, to: node.parent, type: `via ${String(hops - 1)} CI(s)`, indirect: true },
      );
    }
  }
}

/**
 * Where a neighbour found by expanding a CI belongs: what the CI needs goes a row down, what
 * depends on it a row up; null for relationship types that carry no dependency.
 */
export function neighbourSide(
  direction: "OUTGOING" | "INCOMING",
  dependent: string | undefined,
): "DEPENDENCY" | "DEPENDENT" | null {
  if (dependent !== "SOURCE" && dependent !== "TARGET") return null;
  const needsOther = (direction === "OUTGOING") === (dependent === "SOURCE");
  return needsOther ? "DEPENDENCY" : "DEPENDENT";
}
