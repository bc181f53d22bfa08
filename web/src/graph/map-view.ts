import { h, s } from "../dom.js";
import { fold, place, type GroupNode, type MapGraph, type MapNode } from "./map-model.js";

const TYPE_COLOURS: Record<string, string> = {
  BusinessService: "#7c3aed",
  ApplicationService: "#2563eb",
  Application: "#0891b2",
  Database: "#059669",
  Server: "#65a30d",
  VirtualMachine: "#a16207",
  Cluster: "#ea580c",
  Container: "#0d9488",
  LoadBalancer: "#db2777",
  NetworkDevice: "#475569",
  Storage: "#9333ea",
  OperatingSystem: "#a16207",
};
const LEVEL_COLOURS: Record<string, string> = {
  DOWN: "#dc2626",
  DEGRADED: "#f97316",
  AT_RISK: "#a16207",
};

export function typeColour(type: string): string {
  const known = TYPE_COLOURS[type];
  if (known) return known;
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${String(hash)} 55% 42%)`;
}

export interface MapViewOptions {
  /** Colour by impact level rather than by type. */
  readonly byLevel?: boolean;
  /** Node ids to draw highlighted (an explanation path, drifted CIs). */
  readonly highlight?: ReadonlySet<string>;
  readonly onNode?: (node: MapNode) => void;
  readonly onGroup?: (group: GroupNode) => void;
}

const W = 140;
const H = 44;

/** The map as an SVG: boxes coloured by type (or impact level), arrows the way relationships go. */
export function drawMap(
  g: MapGraph,
  opened: ReadonlySet<string>,
  opts: MapViewOptions = {},
): HTMLElement {
  const { shown, groups } = fold(g, opened, opts.highlight ?? new Set<string>());
  const { at, width, height, top } = place(shown, groups);
  const left = -width / 2;
  const svg = s("svg", {
    viewBox: `${String(left)} ${String(top)} ${String(width)} ${String(height)}`,
    width: String(width),
    height: String(height),
    role: "group",
    "aria-label": `dependency map of ${String(shown.length)} configuration items`,
    class: "map",
  });
  svg.append(
    s(
      "defs",
      {},
      s(
        "marker",
        {
          id: "arrow",
          viewBox: "0 0 10 10",
          refX: "10",
          refY: "5",
          markerWidth: "8",
          markerHeight: "8",
          orient: "auto-start-reverse",
        },
        s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#334155" }),
      ),
    ),
  );
  const visible = new Set(shown.map((n) => n.id));
  const lit = opts.highlight ?? new Set<string>();
  for (const e of g.edges) {
    if (!visible.has(e.from) || !visible.has(e.to)) continue;
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const [x1, y1, x2, y2] = clip(a, b);
    const onPath = lit.has(e.from) && lit.has(e.to);
    svg.append(
      s(
        "g",
        { class: `edge${onPath ? " lit" : ""}${e.indirect ? " indirect" : ""}` },
        s("line", { x1, y1, x2, y2, "marker-end": "url(#arrow)" }),
        s("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, class: "edge-label" }, e.type),
      ),
    );
  }
  for (const grp of groups) {
    const p = at.get(grp.id);
    const parent = at.get(grp.parent);
    if (!p) continue;
    if (parent) {
      const [x1, y1, x2, y2] = clip(parent, p);
      svg.append(s("line", { x1, y1, x2, y2, class: "group-edge" }));
    }
    const label = `and ${String(grp.hidden.length)} more ${grp.type}${grp.hidden.length === 1 ? "" : "s"}`;
    const node = s(
      "g",
      {
        class: "node group",
        transform: `translate(${String(p.x - W / 2)},${String(p.y - H / 2)})`,
        role: "button",
        tabindex: "0",
        "aria-label": `${label}: show them`,
        "data-group": grp.id,
      },
      s("title", {}, label),
      s("rect", { width: W, height: H, rx: 8 }),
      s("text", { x: W / 2, y: H / 2 + 4, "text-anchor": "middle" }, label),
    );
    activate(node, () => opts.onGroup?.(grp));
    svg.append(node);
  }
  for (const n of shown) {
    const p = at.get(n.id);
    if (!p) continue;
    const fill = opts.byLevel
      ? n.layer === 0
        ? "#1e293b"
        : (LEVEL_COLOURS[n.level ?? ""] ?? "#64748b")
      : typeColour(n.type);
    const node = s(
      "g",
      {
        class: `node${n.layer === 0 ? " centre" : ""}${lit.has(n.id) ? " lit" : ""}`,
        transform: `translate(${String(p.x - W / 2)},${String(p.y - H / 2)})`,
        role: "button",
        tabindex: "0",
        "aria-label": `${n.key} (${n.type}${n.level ? `, ${n.level}` : ""})`,
        "data-key": n.key,
      },
      s("title", {}, `${n.name} — ${n.type}${n.level ? ` — ${n.level}` : ""}`),
      s("rect", { width: W, height: H, rx: 8, fill }),
      s("text", { x: W / 2, y: 18, "text-anchor": "middle", class: "node-key" }, short(n.key)),
      s("text", { x: W / 2, y: 34, "text-anchor": "middle", class: "node-type" }, n.type),
    );
    activate(node, () => opts.onNode?.(n));
    svg.append(node);
  }
  return h("div", { class: "map-frame" }, svg);
}

function activate(el: Element, act: () => void): void {
  el.addEventListener("click", act);
  el.addEventListener("keydown", (e) => {
    const key = (e as KeyboardEvent).key;
    if (key === "Enter" || key === " ") {
      e.preventDefault();
      act();
    }
  });
}

function short(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

/** A line between two boxes' centres, cut at their borders. */
function clip(
  a: { x: number; y: number },
  b: { x: number; y: number },
): [number, number, number, number] {
  const cut = (from: { x: number; y: number }, to: { x: number; y: number }): [number, number] => {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    if (dx === 0 && dy === 0) return [from.x, from.y];
    const tx = dx === 0 ? Infinity : W / 2 / Math.abs(dx);
    const ty = dy === 0 ? Infinity : H / 2 / Math.abs(dy);
    const t = Math.min(tx, ty);
    return [from.x + dx * t, from.y + dy * t];
  };
  const [x1, y1] = cut(a, b);
  const [x2, y2] = cut(b, a);
  return [x1, y1, x2, y2];
}
