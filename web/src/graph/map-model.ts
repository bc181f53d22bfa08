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

export interface MapEdge {
  /** The relationship's real direction: from its source to its target. */
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** Drawn dashed: CIs the filters leave out lie between. */
  readonly indirect?: boolean;
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

export interface Placed {
  readonly x: number;
  readonly y: number;
}

/** Beyond this many children of one type under one parent, the rest is one group. */
export const GROUP_LIMIT = 8;
/** Shown when a group is over the limit (the others are in the group). */
export const GROUP_KEEP = 6;
/** The most CIs a map draws; the rest is grouped (until one such group is opened). */
export const NODE_CAP = 300;
/** What `opened` holds once a group of the cap was opened: the cap is lifted. */
export const CAP_GROUP = "cap";
/** The most boxes on one line; a longer row wraps onto more lines. */
export const ROW_LIMIT = 24;

export function edgeKey(e: MapEdge): string {
  return `${e.from}|${e.type}|${e.to}`;
}

export function addEdge(g: MapGraph, e: MapEdge): void {
  if (!g.edges.some((x) => edgeKey(x) === edgeKey(e))) g.edges.push(e);
}

/**
 * Which nodes are drawn and which are folded into groups: a parent's children of one type past
 * GROUP_LIMIT (unless that group was opened), then anything past NODE_CAP, farthest first.
 */
export function fold(
  g: MapGraph,
  opened: ReadonlySet<string>,
  keep: ReadonlySet<string> = new Set(),
): { shown: MapNode[]; groups: GroupNode[] } {
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
    // a group holding a CI to show (highlighted) stays open
    if (children.length <= GROUP_LIMIT || opened.has(id) || children.some((c) => keep.has(c.id))) {
      continue;
    }
    const sorted = [...children].sort((a, b) => a.key.localeCompare(b.key));
    const rest = sorted.slice(GROUP_KEEP);
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
    const ordered = [...shown].sort(
      (a, b) => Math.abs(a.layer) - Math.abs(b.layer) || a.key.localeCompare(b.key),
    );
    const kept = new Set(ordered.slice(0, NODE_CAP).map((n) => n.id));
    const over = new Map<string, MapNode[]>();
    for (const n of ordered.slice(NODE_CAP)) {
      const p = n.parent ?? "";
      over.set(p, [...(over.get(p) ?? []), n]);
    }
    for (const [parent, rest] of over) {
      groups.push({
        id: `cap:${parent}`,
        parent,
        type: "CI",
        hidden: rest,
        layer: rest[0]?.layer ?? 1,
      });
    }
    shown = shown.filter((n) => kept.has(n.id));
  }
  return { shown, groups };
}

/**
 * Places the drawn nodes and groups on their layers: a layer's nodes follow the order of their
 * parents on the layer nearer the centre, so that edges rarely cross.
 */
export function place(
  shown: readonly MapNode[],
  groups: readonly GroupNode[],
): { at: Map<string, Placed>; width: number; height: number; top: number } {
  const items = [
    ...shown.map((n) => ({ id: n.id, layer: n.layer, parent: n.parent, key: n.key })),
    ...groups.map((g) => ({ id: g.id, layer: g.layer, parent: g.parent, key: "\uffff" })),
  ];
  const layers = [...new Set(items.map((i) => i.layer))];
  const order = new Map<string, number>();
  const line = new Map<string, number>();
  const X = 170;
  const Y = 120;
  let widest = 1;
  // rows nearer the centre first, so that each row can follow the order of its parents
  for (const layer of [...layers].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b)) {
    const row = items
      .filter((i) => i.layer === layer)
      .sort(
        (a, b) =>
          (order.get(a.parent ?? "") ?? 0) - (order.get(b.parent ?? "") ?? 0) ||
          a.key.localeCompare(b.key),
      );
    widest = Math.max(widest, Math.min(row.length, ROW_LIMIT));
    row.forEach((i, index) => {
      const n = Math.floor(index / ROW_LIMIT);
      const onLine = Math.min(ROW_LIMIT, row.length - n * ROW_LIMIT);
      order.set(i.id, (index % ROW_LIMIT) - (onLine - 1) / 2);
      line.set(i.id, n);
    });
  }
  // a row takes as many lines as it wraps onto; the centre row stays at y = 0
  const linesOf = (l: number): number =>
    Math.max(1, Math.ceil(items.filter((i) => i.layer === l).length / ROW_LIMIT));
  const yOf = new Map<number, number>([[0, 0]]);
  let y = 0;
  for (const l of layers.filter((l) => l > 0).sort((a, b) => a - b)) {
    y += Y * linesOf(l - 1);
    yOf.set(l, y);
  }
  y = 0;
  for (const l of layers.filter((l) => l < 0).sort((a, b) => b - a)) {
    y -= Y * linesOf(l);
    yOf.set(l, y);
  }
  const at = new Map<string, Placed>();
  for (const i of items) {
    at.set(i.id, {
      x: (order.get(i.id) ?? 0) * X,
      y: (yOf.get(i.layer) ?? i.layer * Y) + (line.get(i.id) ?? 0) * Y,
    });
  }
  const ys = [...at.values()].map((p) => p.y);
  const top = Math.min(0, ...ys) - 60;
  const bottom = Math.max(0, ...ys) + 60;
  return { at, width: widest * X + 80, height: bottom - top, top };
}
