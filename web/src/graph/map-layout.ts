import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { GroupNode, MapEdge, MapNode } from "./map-model.js";

/**
 * The map's geometry from ELK's layered layout (elkjs, run in a Web Worker so the page stays
 * responsive): rows downwards from what depends on the centre to what it needs, boxes that never
 * overlap, edge labels given room of their own between the rows, redundancy groups as boxes
 * holding their members.
 */
export const BOX_W = 188;
export const BOX_H = 46;
const LABEL_H = 14;
/** Room above a group's members for its own title. */
const HEADER = 34;
/** A redundancy group's box: room above its members (its title), around them, between them. */
const PAD_TOP = HEADER + 8;
const PAD = 12;
const MEMBER_GAP = 14;
/** The rows drawing puts a group's members side by side, this many a line. */
const MEMBERS_A_LINE = 4;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface RoutedEdge {
  /** null: the line from a parent to a folded group. */
  readonly edge: MapEdge | null;
  readonly from: string;
  readonly to: string;
  /** From the relationship's source to its target (the arrow's end is the last point). */
  readonly points: ElkPoint[];
  readonly label: (Box & { text: string }) | null;
}

export interface Geometry {
  readonly boxes: Map<string, Box>;
  /** Redundancy groups drawn as boxes holding their members: group id → member ids. */
  readonly containers: Map<string, string[]>;
  readonly edges: RoutedEdge[];
  readonly width: number;
  readonly height: number;
  /** How long ELK took, in ms (the bench reads it). */
  readonly layoutMs: number;
}

export interface LayoutInput {
  readonly shown: readonly MapNode[];
  readonly groups: readonly GroupNode[];
  readonly edges: readonly MapEdge[];
  /** member id → the id of the redundancy group holding it (both shown). */
  readonly memberOf: ReadonlyMap<string, string>;
  /** Where boxes were before (an expansion): their order is kept. */
  readonly previous?: ReadonlyMap<string, Box>;
}

interface ElkGlobal {
  ELK: new (opts: { workerUrl: string }) => ELK;
}

let engine: ELK | null = null;

/** One ELK for the page, its work done in a Web Worker served by the product (CSP: 'self'). */
function elk(): ELK {
  if (!engine) {
    const ctor = (globalThis as unknown as Partial<ElkGlobal>).ELK;
    if (!ctor) throw new Error("the layout library (elkjs) did not load");
    engine = new ctor({ workerUrl: "/vendor/elkjs/elk-worker.min.js" });
  }
  return engine;
}

/** How wide a text is in a font, in px (measured on a canvas, remembered). */
export const textWidth = (() => {
  let ctx: CanvasRenderingContext2D | null = null;
  const cache = new Map<string, number>();
  return (text: string, font: string): number => {
    const id = `${font}|${text}`;
    const known = cache.get(id);
    if (known !== undefined) return known;
    ctx ??= document.createElement("canvas").getContext("2d");
    let w = text.length * 7;
    if (ctx) {
      ctx.font = font;
      w = ctx.measureText(text).width;
    }
    cache.set(id, w);
    return w;
  };
})();

const LABEL_FONT = "600 11px system-ui, sans-serif";
/** An edge label's box: the text and a little room. */
const measure = (text: string): number => Math.ceil(textWidth(text, LABEL_FONT)) + 8;

export async function layoutMap(input: LayoutInput): Promise<Geometry> {
  const layerOf = new Map<string, number>();
  for (const n of input.shown) layerOf.set(n.id, n.layer);
  for (const g of input.groups) layerOf.set(g.id, g.layer);
  const containers = containersOf(input.memberOf, layerOf);
  const prev = input.previous;
  // the order ELK is given is the order it keeps where it can: the boxes as they were, left to
  // right, then new ones beside the box they were expanded from
  const ids = [...input.shown.map((n) => n.id), ...input.groups.map((g) => g.id)];
  const parentOf = new Map<string, string | null>([
    ...input.shown.map((n) => [n.id, n.parent] as const),
    ...input.groups.map((g) => [g.id, g.parent] as const),
  ]);
  const xOf = (id: string): number => {
    const b = prev?.get(id) ?? prev?.get(parentOf.get(id) ?? "");
    return b ? b.x + (prev?.has(id) ? 0 : 0.5) : Number.MAX_SAFE_INTEGER;
  };
  if (prev) ids.sort((a, b) => xOf(a) - xOf(b));

  const elkNodes = new Map<string, ElkNode>();
  for (const id of ids) {
    const isContainer = containers.has(id);
    elkNodes.set(id, {
      id,
      width: BOX_W,
      height: BOX_H,
      ...(isContainer
        ? {
            children: [],
            // sized by its members alone: a minimum size made ELK add a box's height of empty
            // room under them (ADR 017)
            layoutOptions: {
              "elk.padding": `[top=${String(PAD_TOP)},left=${String(PAD)},bottom=${String(PAD)},right=${String(PAD)}]`,
              "elk.spacing.nodeNode": String(MEMBER_GAP),
              "elk.layered.spacing.nodeNodeBetweenLayers": String(MEMBER_GAP),
            },
          }
        : {}),
    });
  }
  const root: ElkNode = { id: "root", children: [], edges: [] };
  for (const id of ids) {
    const node = elkNodes.get(id) as ElkNode;
    const holder = input.memberOf.get(id);
    const parent = holder && containers.has(holder) ? elkNodes.get(holder) : undefined;
    (parent?.children ?? root.children)?.push(node);
  }

  // edges go down the rows (from what depends to what is needed); the drawing puts the arrow
  // the way the relationship really goes
  const elkEdges: ElkExtendedEdge[] = [];
  const routed: { edge: MapEdge | null; from: string; to: string; reversed: boolean }[] = [];
  const seen = new Set<string>();
  const push = (edge: MapEdge | null, from: string, to: string, label: string | null): void => {
    if (from === to || !elkNodes.has(from) || !elkNodes.has(to)) return;
    // a member inside its group's box: the box says it, no line needed
    if (input.memberOf.get(from) === to || input.memberOf.get(to) === from) return;
    const key = `${from}|${to}|${label ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    const lf = layerOf.get(from) ?? 0;
    const lt = layerOf.get(to) ?? 0;
    const reversed = lf > lt;
    const id = `e${String(elkEdges.length)}`;
    elkEdges.push({
      id,
      sources: [reversed ? to : from],
      targets: [reversed ? from : to],
      labels: label ? [{ text: label, width: measure(label), height: LABEL_H }] : [],
    });
    routed.push({ edge, from, to, reversed });
  };
  for (const e of input.edges) push(e, e.from, e.to, e.type);
  for (const g of input.groups) push(null, g.parent, g.id, null);
  root.edges = elkEdges;

  const big = ids.length > 150;
  root.layoutOptions = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    // across groups' borders only when there are groups: it costs a third more time
    "elk.hierarchyHandling": containers.size > 0 ? "INCLUDE_CHILDREN" : "INHERIT",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.edgeLabels.placement": "CENTER",
    "elk.spacing.nodeNode": "28",
    "elk.spacing.edgeNode": "14",
    "elk.spacing.edgeEdge": "10",
    "elk.spacing.edgeLabel": "3",
    "elk.layered.spacing.nodeNodeBetweenLayers": "34",
    "elk.layered.spacing.edgeNodeBetweenLayers": "14",
    "elk.layered.considerModelOrder.strategy": prev ? "NODES_AND_EDGES" : "NONE",
    "elk.layered.thoroughness": big ? "2" : "7",
    "elk.layered.crossingMinimization.greedySwitch.type": big ? "OFF" : "TWO_SIDED",
    "elk.json.edgeCoords": "ROOT",
    "elk.json.shapeCoords": "ROOT",
    "elk.padding": "[top=20,left=20,bottom=20,right=20]",
  };
  const started = performance.now();
  const out = await elk().layout(root);
  const layoutMs = performance.now() - started;

  const boxes = new Map<string, Box>();
  const collect = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? BOX_W, h: c.height ?? BOX_H });
      collect(c);
    }
  };
  collect(out);
  const byId = new Map<string, ElkExtendedEdge>();
  const collectEdges = (n: ElkNode): void => {
    for (const e of n.edges ?? []) byId.set(e.id, e);
    for (const c of n.children ?? []) collectEdges(c);
  };
  collectEdges(out);
  const edges: RoutedEdge[] = routed.map((r, i) => {
    const laid = byId.get(`e${String(i)}`);
    const points: ElkPoint[] = [];
    for (const s of laid?.sections ?? []) {
      if (points.length === 0) points.push(s.startPoint);
      points.push(...(s.bendPoints ?? []), s.endPoint);
    }
    if (r.reversed) points.reverse();
    const l = laid?.labels?.[0];
    return {
      edge: r.edge,
      from: r.from,
      to: r.to,
      points,
      label:
        l && l.text
          ? { x: l.x ?? 0, y: l.y ?? 0, w: l.width ?? 0, h: l.height ?? LABEL_H, text: l.text }
          : null,
    };
  });
  return { boxes, containers, edges, width: out.width ?? 0, height: out.height ?? 0, layoutMs };
}

/** Room between two rows of the quick layout (the edges run there, unlabelled). */
const QUICK_ROW_GAP = 70;
const QUICK_GAP = 28;

/**
 * A first drawing of a large map, in a few milliseconds and without ELK: each CI on the row of
 * its distance, each row in the order of the CIs it hangs from (so a subtree stays together),
 * straight unlabelled edges; a redundancy group is a box on its row holding its members side by
 * side, as ELK draws it. Boxes never overlap. The page shows it (and answers clicks, keys, pan
 * and zoom) while ELK lays the same map out in its Worker, then swaps ELK's drawing in.
 */
export function quickLayout(input: LayoutInput): Geometry {
  const started = performance.now();
  const layerOf = new Map<string, number>();
  const parentOf = new Map<string, string | null>();
  for (const n of input.shown) {
    layerOf.set(n.id, n.layer);
    parentOf.set(n.id, n.parent);
  }
  for (const g of input.groups) {
    layerOf.set(g.id, g.layer);
    parentOf.set(g.id, g.parent);
  }
  const containers = containersOf(input.memberOf, layerOf);
  const inside = new Map<string, string>();
  for (const [group, members] of containers) for (const m of members) inside.set(m, group);
  // a group's size: its members in lines of MEMBERS_A_LINE
  const sizeOf = (id: string): { w: number; h: number } => {
    const members = containers.get(id)?.length;
    if (!members) return { w: BOX_W, h: BOX_H };
    const cols = Math.min(MEMBERS_A_LINE, members);
    const lines = Math.ceil(members / MEMBERS_A_LINE);
    return {
      w: 2 * PAD + cols * BOX_W + (cols - 1) * MEMBER_GAP,
      h: PAD_TOP + PAD + lines * BOX_H + (lines - 1) * MEMBER_GAP,
    };
  };
  // rows outwards from the centre: each row sorted by where its CIs' parents are on theirs
  const rows = new Map<number, string[]>();
  for (const id of layerOf.keys()) {
    if (inside.has(id)) continue;
    const l = layerOf.get(id) ?? 0;
    const row = rows.get(l);
    if (row) row.push(id);
    else rows.set(l, [id]);
  }
  const order = new Map<string, number>();
  const layers = [...rows.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const l of layers) {
    const row = rows.get(l) ?? [];
    const rank = (id: string): number => order.get(parentOf.get(id) ?? "") ?? -1;
    row.sort((a, b) => rank(a) - rank(b));
    row.forEach((id, i) => {
      order.set(id, i);
      for (const m of containers.get(id) ?? []) order.set(m, i);
    });
  }
  const rowWidth = (row: readonly string[]): number =>
    row.reduce((w, id) => w + sizeOf(id).w, 0) + (row.length - 1) * QUICK_GAP;
  const width = Math.max(BOX_W, ...[...rows.values()].map(rowWidth)) + 40;
  const boxes = new Map<string, Box>();
  let y = 20;
  for (const l of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(l) ?? [];
    let x = 20 + (width - 40 - rowWidth(row)) / 2;
    let tallest = 0;
    for (const id of row) {
      const { w, h } = sizeOf(id);
      boxes.set(id, { x, y, w, h });
      (containers.get(id) ?? []).forEach((m, i) => {
        boxes.set(m, {
          x: x + PAD + (i % MEMBERS_A_LINE) * (BOX_W + MEMBER_GAP),
          y: y + PAD_TOP + Math.floor(i / MEMBERS_A_LINE) * (BOX_H + MEMBER_GAP),
          w: BOX_W,
          h: BOX_H,
        });
      });
      x += w + QUICK_GAP;
      tallest = Math.max(tallest, h);
    }
    y += tallest + QUICK_ROW_GAP;
  }
  const edges: RoutedEdge[] = [];
  const line = (edge: MapEdge | null, from: string, to: string): void => {
    const a = boxes.get(from);
    const b = boxes.get(to);
    if (!a || !b || from === to) return;
    // a member inside its group's box: the box says it, no line needed
    if (inside.get(from) === to || inside.get(to) === from) return;
    // from the facing sides: bottom of the upper box to the top of the lower one
    const down = a.y <= b.y;
    const p = { x: a.x + a.w / 2, y: down ? a.y + a.h : a.y };
    const q = { x: b.x + b.w / 2, y: down ? b.y : b.y + b.h };
    edges.push({ edge, from, to, points: [p, q], label: null });
  };
  for (const e of input.edges) line(e, e.from, e.to);
  for (const g of input.groups) line(null, g.parent, g.id);
  return {
    boxes,
    containers,
    edges,
    width,
    height: y - QUICK_ROW_GAP + 20,
    layoutMs: performance.now() - started,
  };
}

/** Redundancy groups drawn as boxes: group id → its members, both drawn. */
function containersOf(
  memberOf: ReadonlyMap<string, string>,
  drawn: ReadonlyMap<string, number>,
): Map<string, string[]> {
  const containers = new Map<string, string[]>();
  for (const [member, group] of memberOf) {
    if (!drawn.has(member) || !drawn.has(group)) continue;
    containers.set(group, [...(containers.get(group) ?? []), member]);
  }
  return containers;
}

export { HEADER };
