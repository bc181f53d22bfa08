/** A dependency map as the page draws it: CIs on layers around the centre, relationships between. */
export interface MapNode {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: string;
  /** 0: the centre (or the changed CIs); > 0: what they need / what they impact; < 0: dependents. */
  layer: number;
  /** The node it was reached from (null for the centre). */
  parent: string | null;
  /** Impact view: DOWN, DEGRADED or AT_RISK. */
  level?: string;
  /** Explanation: the ids from a changed CI to this one. */
  path?: string[];
}

/** A relationship between two CIs, by their keys (what a derived edge is derived from). */
export interface ComponentEdge {
  readonly from: string;
  readonly type: string;
  readonly to: string;
}

export interface MapEdge {
  /** The relationship's real direction: from its source to its target. */
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** Drawn dashed: CIs the filters leave out lie between. */
  readonly indirect?: boolean;
  /**
   * A service-to-service dependency derived from these component edges (never stored): drawn
   * dashed in a colour of its own.
   */
  readonly derived?: readonly ComponentEdge[];
}

export interface MapGraph {
  nodes: Map<string, MapNode>;
  edges: MapEdge[];
}

/** A group standing for the CIs of one type beyond the limit under one parent. */
export interface GroupNode {
  readonly id: string;
  readonly parent: string;
  readonly type: string;
  readonly hidden: MapNode[];
  readonly layer: number;
}

/** Beyond this many children of one type under one parent, the rest is one group. */
export const GROUP_LIMIT = 8;
/** Shown when a group is over the limit (the others are in the group). */
export const GROUP_KEEP = 6;
/** The most CIs a map draws; the rest is grouped (until one such group is opened). */
export const NODE_CAP = 300;
/** What `opened` holds once a group of the cap was opened: the cap is lifted. */
export const CAP_GROUP = "cap";

export function edgeKey(e: MapEdge): string {
  return `${e.from}|${e.type}|${e.to}`;
}

export function addEdge(g: MapGraph, e: MapEdge): void {
  if (!g.edges.some((x) => edgeKey(x) === edgeKey(e))) g.edges.push(e);
}

/**
 * Which nodes are drawn and which are folded into groups: a parent's children of one type past
 * GROUP_LIMIT (unless that group was opened), then anything past NODE_CAP, farthest first. The
 * CIs to `keep` (lit ones) and the CIs they hang from are drawn whatever the folds and the cap:
 * beside their group, which still holds the others.
 */
export function fold(
  g: MapGraph,
  opened: ReadonlySet<string>,
  keepThese: ReadonlySet<string> = new Set(),
): { shown: MapNode[]; groups: GroupNode[] } {
  const keep = new Set<string>();
  for (const id of keepThese) {
    for (let n = g.nodes.get(id); n && !keep.has(n.id); n = g.nodes.get(n.parent ?? "")) {
      keep.add(n.id);
    }
  }
  const byParent = new Map<string, MapNode[]>();
  for (const n of g.nodes.values()) {
    if (n.parent === null) continue;
    const k = `${n.parent}|${n.type}|${String(Math.sign(n.layer))}`;
    byParent.set(k, [...(byParent.get(k) ?? []), n]);
  }
  const hidden = new Set<string>();
  const groups: GroupNode[] = [];
  for (const [k, children] of byParent) {
    const [parent = "", type = ""] = k.split("|");
    const id = `group:${k}`;
    if (children.length <= GROUP_LIMIT || opened.has(id)) continue;
    // a CI to show (lit) is drawn beside the group, not in it
    const sorted = children
      .filter((c) => !keep.has(c.id))
      .sort((a, b) => a.key.localeCompare(b.key));
    const rest = sorted.slice(GROUP_KEEP);
    if (rest.length === 0) continue;
    for (const n of rest) hidden.add(n.id);
    groups.push({ id, parent, type, hidden: rest, layer: rest[0]?.layer ?? 1 });
  }
  // hide what hangs under hidden nodes too
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of g.nodes.values()) {
      if (n.parent !== null && hidden.has(n.parent) && !hidden.has(n.id)) {
        hidden.add(n.id);
        changed = true;
      }
    }
  }
  let shown = [...g.nodes.values()].filter((n) => !hidden.has(n.id));
  if (shown.length > NODE_CAP && !opened.has(CAP_GROUP)) {
    // the CIs to keep first, then the nearest
    const ordered = [...shown].sort(
      (a, b) =>
        Number(keep.has(b.id)) - Number(keep.has(a.id)) ||
        Math.abs(a.layer) - Math.abs(b.layer) ||
        a.key.localeCompare(b.key),
    );
    const limit = Math.max(NODE_CAP, ordered.filter((n) => keep.has(n.id)).length);
    const kept = new Set(ordered.slice(0, limit).map((n) => n.id));
    // one group a side (what is needed, what depends), hung from the centre: a few boxes, not
    // one per CI at the edge of the cap
    const centre = ordered.find((n) => n.layer === 0)?.id ?? "";
    const over = new Map<number, MapNode[]>();
    const add = (n: MapNode): void => {
      const side = Math.sign(n.layer) || 1;
      over.set(side, [...(over.get(side) ?? []), n]);
    };
    for (const n of ordered.slice(limit)) add(n);
    // a type's group under a CI past the cap goes into the cap's group too
    for (const grp of [...groups]) {
      if (kept.has(grp.parent)) continue;
      groups.splice(groups.indexOf(grp), 1);
      for (const n of grp.hidden) add(n);
    }
    for (const [side, rest] of over) {
      groups.push({
        id: `cap:${String(side)}`,
        parent: centre,
        type: "CI",
        hidden: rest,
        layer: side,
      });
    }
    shown = shown.filter((n) => kept.has(n.id));
  }
  return { shown, groups };
}
