import { h, s } from "../dom.js";
import {
  BOX_H,
  HEADER,
  layoutMap,
  quickLayout,
  textWidth,
  type Box,
  type Geometry,
  type LayoutInput,
  type RoutedEdge,
} from "./map-layout.js";
import { fold, type GroupNode, type MapEdge, type MapGraph, type MapNode } from "./map-model.js";
import { LEVEL_STYLES, SHAPE_PATHS, typeStyle } from "./palette.js";
import { Viewport } from "./viewport.js";

export interface MapViewOptions {
  /** Write each CI's impact level on its box (the impact view). */
  readonly byLevel?: boolean;
  readonly onNode?: (node: MapNode) => void;
  readonly onGroup?: (group: GroupNode) => void;
  /** A derived edge's label was clicked (or Enter pressed on it). */
  readonly onEdge?: (edge: MapEdge) => void;
  /** What the drawing is, for screen readers. */
  readonly label: string;
}

export interface DrawOptions {
  /** Node ids drawn lit (an explanation path, drifted CIs). */
  readonly highlight?: ReadonlySet<string>;
  /** member id → redundancy group id: the group is drawn as a box holding its members. */
  readonly memberOf?: ReadonlyMap<string, string>;
  /** Keep this CI where it is on screen (an expansion); otherwise open fitted or centred. */
  readonly anchor?: string;
}

/** From this many boxes a map is drawn in rows at once while ELK lays it out (ADR 017). */
export const QUICK_FROM = 250;
/** Past this many boxes the map shows an overview of the whole drawing in a corner. */
const MINIMAP_FROM = 40;
/** Opening a map: fit it to the frame unless that makes boxes smaller than this scale. */
const READABLE_K = 0.6;
/**
 * From this many boxes only what is in (and near) the frame is in the DOM: the cost of a drawing
 * and of each pan follows what is on screen, not the size of the map (ADR 017).
 */
export const VIRTUAL_FROM = QUICK_FROM;
/** Around the frame, this share of its size on each side is drawn too (panning shows no gap). */
const NEAR = 0.5;

/** A part of the drawing (a box, an edge, a label): where it is, and its element while drawn. */
interface Piece {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly layer: SVGGElement;
  readonly make: () => SVGElement;
  el: SVGElement | null;
}

/**
 * A dependency map on screen: laid out by ELK, with pan, zoom, fit and centre-on, an overview
 * at large sizes, and CIs that take the keyboard focus (Enter expands). Highlighting and the
 * view change without a new layout, so the root and the reader's place are never lost.
 */
export class MapCanvas {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly content: SVGGElement;
  private readonly viewport: Viewport;
  private readonly minimap: HTMLElement;
  private readonly status: HTMLElement;
  private geometry: Geometry | null = null;
  private nodes = new Map<string, MapNode>();
  private centreId: string | null = null;
  private pendingInitialView = true;
  /** Every part of the drawing; only those in `drawnArea` have an element when virtual. */
  private pieces: Piece[] = [];
  /** The piece of each box (CIs and folds), by id, and the boxes in reading order (Tab). */
  private boxPieces = new Map<string, Piece>();
  private readingOrder: string[] = [];
  private virtual = false;
  private drawnArea: { x: number; y: number; w: number; h: number } | null = null;
  /** What is lit: these CIs, and the edges of this path (or between lit CIs). */
  private litIds: ReadonlySet<string> = new Set();
  private litSteps: ReadonlySet<string> | null = null;
  /** CIs to bring into view once ELK's drawing replaces the rows. */
  private wanted: { ids: ReadonlySet<string>; minK: number } | null = null;
  private readonly note: HTMLElement;
  /** Counts the drawings asked for: only the latest one is shown. */
  private drawing = 0;

  constructor(private readonly opts: MapViewOptions) {
    this.svg = s("svg", {
      class: "map",
      role: "group",
      "aria-label": opts.label,
      tabindex: "0",
    }) as SVGSVGElement;
    this.content = s("g", { class: "viewport" }) as SVGGElement;
    this.svg.append(defs(), this.content);
    this.viewport = new Viewport(this.svg, this.content);
    this.minimap = h("div", { class: "minimap", hidden: true, "aria-hidden": "true" });
    this.status = h("p", { class: "map-status", role: "status" });
    const button = (label: string, text: string, act: () => void): HTMLElement =>
      h(
        "button",
        { type: "button", class: "tool", "aria-label": label, title: label, onclick: act },
        text,
      );
    const toolbar = h(
      "div",
      { class: "map-tools", role: "toolbar", "aria-label": "map view" },
      button("Zoom in", "+", () => this.viewport.zoomBy(1.25)),
      button("Zoom out", "−", () => this.viewport.zoomBy(0.8)),
      button("Fit to screen", "Fit", () => this.fit()),
      button("Centre on the centre CI", "Centre", () => {
        if (this.centreId) this.centreOn(this.centreId);
      }),
      h(
        "span",
        { class: "hint" },
        "Drag to pan, wheel or +/− to zoom; Tab to a CI, Enter to expand it.",
      ),
    );
    this.svg.addEventListener("keydown", (e) => {
      if (e.target !== this.svg) return;
      const step = 60;
      const act: Record<string, () => void> = {
        "+": () => this.viewport.zoomBy(1.25),
        "=": () => this.viewport.zoomBy(1.25),
        "-": () => this.viewport.zoomBy(0.8),
        "0": () => this.fit(),
        ArrowLeft: () => this.viewport.panBy(step, 0),
        ArrowRight: () => this.viewport.panBy(-step, 0),
        ArrowUp: () => this.viewport.panBy(0, step),
        ArrowDown: () => this.viewport.panBy(0, -step),
      };
      const f = act[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    });
    // Tab from CI to CI in reading order, even to those not in the DOM (a virtual drawing)
    this.svg.addEventListener("keydown", (e) => {
      const at = (e.target as Element).closest<SVGGElement>("g.node");
      if (e.key !== "Tab" || !this.virtual || !at?.dataset.id) return;
      const i = this.readingOrder.indexOf(at.dataset.id);
      const next = this.readingOrder[i + (e.shiftKey ? -1 : 1)];
      if (i < 0 || next === undefined) return;
      e.preventDefault();
      this.focus(next);
    });
    this.note = h("p", { class: "map-note", role: "note", hidden: true });
    const frame = h("div", { class: "map-frame" }, this.svg, this.note, this.minimap);
    this.element = h("div", { class: "map-canvas" }, toolbar, frame, this.status);
    this.viewport.onChange(() => {
      this.drawNear(false);
      this.updateMinimap();
    });
    // the first view needs the frame's size: wait until the page is on screen
    new ResizeObserver(() => {
      if (this.pendingInitialView && this.geometry && this.svg.getBoundingClientRect().width > 0) {
        this.pendingInitialView = false;
        this.initialView();
      }
    }).observe(frame);
  }

  /**
   * Lays the graph out and draws it. From QUICK_FROM boxes the map is first drawn in rows at
   * once (quickLayout: the page answers at once) while ELK works in its Worker, then ELK's
   * drawing replaces it with the same CI at the same place on screen. Resolves with ELK's.
   */
  async draw(g: MapGraph, opened: ReadonlySet<string>, o: DrawOptions = {}): Promise<Geometry> {
    const mine = ++this.drawing;
    if (o.highlight) {
      this.litIds = o.highlight;
      this.litSteps = null;
    }
    const { shown, groups } = fold(g, opened, this.litIds);
    const visible = new Set([...shown.map((n) => n.id), ...groups.map((x) => x.id)]);
    const memberOf = o.memberOf ?? new Map<string, string>();
    const input: LayoutInput = {
      shown,
      groups,
      edges: g.edges.filter((e) => visible.has(e.from) && visible.has(e.to)),
      memberOf,
      ...(this.geometry && o.anchor ? { previous: this.geometry.boxes } : {}),
    };
    let held = this.placeOf(o.anchor);
    if (visible.size >= QUICK_FROM) {
      this.show(quickLayout(input), shown, groups, held, true);
      // ELK's drawing then keeps the CI expanded, or the centre, where the rows put it
      held = this.placeOf(o.anchor ?? this.centreId ?? undefined);
      // ELK's Worker starts once the rows are on screen: on a busy machine it would take the
      // core the first drawing needs
      await afterPaint();
    }
    const geometry = await layoutMap(input);
    // a later drawing (an expansion, a click on a fold) replaced this one while ELK worked
    if (mine !== this.drawing) return geometry;
    this.show(geometry, shown, groups, held, false);
    return geometry;
  }

  /** Where a drawn CI is on screen now (to keep it there in the next drawing). */
  private placeOf(id: string | undefined): { id: string; x: number; y: number } | null {
    const b = id ? this.geometry?.boxes.get(id) : undefined;
    return id && b ? { id, ...this.viewport.toScreen(b.x, b.y) } : null;
  }

  private show(
    geometry: Geometry,
    shown: readonly MapNode[],
    groups: readonly GroupNode[],
    held: { id: string; x: number; y: number } | null,
    provisional: boolean,
  ): void {
    this.geometry = geometry;
    this.nodes = new Map(shown.map((n) => [n.id, n]));
    this.centreId = shown.find((n) => n.layer === 0)?.id ?? null;
    this.paint(shown, groups);
    const folded = groups.length
      ? `, ${String(groups.reduce((a, x) => a + x.hidden.length, 0))} folded into ${String(groups.length)} groups`
      : "";
    this.status.textContent = provisional
      ? `${String(shown.length)} CIs drawn${folded}, in rows while the layout is computed…`
      : `${String(shown.length)} CIs drawn${folded}; laid out in ${String(Math.round(geometry.layoutMs))} ms.`;
    const after = held ? geometry.boxes.get(held.id) : undefined;
    if (held && after) {
      // the CI expanded (or the centre) stays where the reader's eyes are
      const { k } = this.viewport.current;
      this.viewport.set({ k, x: held.x - after.x * k, y: held.y - after.y * k });
    } else if (this.svg.getBoundingClientRect().width > 0) {
      this.initialView();
    } else {
      this.pendingInitialView = true;
    }
    this.svg.dataset.layout = provisional ? "rows" : "elk";
    this.drawNear(true);
    // CIs brought into view in the rows drawing are brought into view in ELK's too
    const wanted = this.wanted;
    this.wanted = null;
    if (wanted && !provisional) this.bringIntoView(wanted.ids, wanted.minK);
    if (!provisional) this.svg.dataset.ready = "true";
    this.element.dispatchEvent(new CustomEvent("map-drawn", { detail: { provisional } }));
  }

  /** Lights these CIs and the edges of this path (else those between lit CIs); nothing moves. */
  highlight(ids: ReadonlySet<string>, path?: readonly string[]): void {
    this.litIds = ids;
    this.litSteps = null;
    if (path) {
      const steps = new Set<string>();
      for (let i = 1; i < path.length; i += 1)
        steps.add(`${String(path[i - 1])}|${String(path[i])}`);
      this.litSteps = steps;
    }
    for (const el of this.content.querySelectorAll<SVGGElement>("g.node")) {
      el.classList.toggle("lit", ids.has(el.dataset.id ?? ""));
    }
    for (const el of this.content.querySelectorAll<SVGGElement>("g.edge")) {
      el.classList.toggle("lit", this.edgeLit(el.dataset.from ?? "", el.dataset.to ?? ""));
    }
  }

  private edgeLit(a: string, b: string): boolean {
    const steps = this.litSteps;
    return steps
      ? steps.has(`${a}|${b}`) || steps.has(`${b}|${a}`)
      : this.litIds.has(a) && this.litIds.has(b);
  }

  /**
   * Moves the view (never the drawing) so that these CIs are in the frame: as it is when they
   * already are, else centred on them, zoomed out only as far as they need; when that would be
   * below `minK`, the first of them at that scale (the others a pan away, lit).
   */
  bringIntoView(ids: ReadonlySet<string>, minK = 0): void {
    const g = this.geometry;
    if (!g) return;
    if (this.svg.dataset.layout === "rows") this.wanted = { ids, minK };
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const id of ids) {
      const b = g.boxes.get(id);
      if (!b) continue;
      // a group's box: its title is what says where it is
      const h = g.containers.has(id) ? Math.min(b.h, BOX_H) : b.h;
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + h);
    }
    if (x0 === Infinity) return;
    const v = this.viewport.visible();
    const pad = 16 / this.viewport.current.k;
    if (x0 >= v.x + pad && y0 >= v.y + pad && x1 <= v.x + v.w - pad && y1 <= v.y + v.h - pad)
      return;
    const { w, h } = this.viewport.size();
    const k = Math.min(this.viewport.current.k, (w - 64) / (x1 - x0), (h - 64) / (y1 - y0));
    const first = [...ids].find((id) => g.boxes.has(id));
    if (k < minK && first) this.centreOn(first, minK);
    else this.viewport.centreOn((x0 + x1) / 2, (y0 + y1) / 2, k);
  }

  /** A line written over the drawing's corner (what it leaves out, and how to see it); null: none. */
  setNote(...content: (Node | string)[]): void {
    this.note.replaceChildren(...content);
    this.note.hidden = content.length === 0;
  }

  /** Gives a drawn CI the keyboard focus (after an expansion, the CI expanded keeps it). */
  focus(id: string): void {
    const piece = this.boxPieces.get(id);
    if (!piece) return;
    // a virtual drawing has no element for a CI out of view: bring it in first
    if (!piece.el) this.centreOn(id, Math.max(this.viewport.current.k, READABLE_K));
    piece.el?.focus({ preventScroll: true });
  }

  /** Whether this CI has a box of its own (not folded into a group). */
  has(id: string): boolean {
    return this.nodes.has(id);
  }

  fit(): void {
    const g = this.geometry;
    if (g) this.viewport.fit({ x: 0, y: 0, w: g.width, h: g.height });
  }

  centreOn(id: string, k?: number): void {
    const b = this.geometry?.boxes.get(id);
    if (b) this.viewport.centreOn(b.x + b.w / 2, b.y + Math.min(b.h, BOX_H) / 2, k);
  }

  /** Fitted when that leaves the boxes readable, else centred on the centre CI at full size. */
  private initialView(): void {
    const g = this.geometry;
    if (!g) return;
    const { w, h } = this.viewport.size();
    const k = Math.min((w - 48) / Math.max(1, g.width), (h - 48) / Math.max(1, g.height));
    if (k >= READABLE_K || !this.centreId) this.fit();
    else this.centreOn(this.centreId, 1);
  }

  /**
   * Prepares every box, edge and label of the geometry as a piece that knows where it is and how
   * to make its element; `drawNear` makes the elements (all of them below VIRTUAL_FROM boxes).
   */
  private paint(shown: readonly MapNode[], groups: readonly GroupNode[]): void {
    const g = this.geometry as Geometry;
    const edgesLayer = s("g", { class: "edges" }) as SVGGElement;
    const containersLayer = s("g", { class: "boxes containers" }) as SVGGElement;
    const boxesLayer = s("g", { class: "boxes" }) as SVGGElement;
    const labelsLayer = s("g", { class: "labels" }) as SVGGElement;
    const pieces: Piece[] = [];
    this.boxPieces = new Map();
    const piece = (b: Box, layer: SVGGElement, make: () => SVGElement): Piece => {
      const p: Piece = { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h, layer, make, el: null };
      pieces.push(p);
      return p;
    };
    const within = new Map<string, string>();
    for (const [group, members] of g.containers) for (const m of members) within.set(m, group);
    const ordered = [...shown].sort((a, b) => byPlace(g, a.id, b.id));
    for (const n of ordered) {
      const b = g.boxes.get(n.id);
      if (!b) continue;
      const members = g.containers.get(n.id)?.length ?? null;
      const layer = members === null ? boxesLayer : containersLayer;
      const p = piece(b, layer, () => {
        const el = this.box(n, b, members, this.litIds.has(n.id));
        const group = within.get(n.id);
        if (group) el.setAttribute("data-in", group);
        return el;
      });
      this.boxPieces.set(n.id, p);
    }
    for (const grp of groups) {
      const b = g.boxes.get(grp.id);
      if (b)
        this.boxPieces.set(
          grp.id,
          piece(b, boxesLayer, () => this.groupBox(grp, b)),
        );
    }
    this.readingOrder = [...this.boxPieces.keys()].sort((a, b) => byPlace(g, a, b));
    const keyOf = (id: string): string => this.nodes.get(id)?.key ?? id;
    for (const r of g.edges) {
      if (r.points.length < 2) continue;
      const xs = r.points.map((p) => p.x);
      const ys = r.points.map((p) => p.y);
      const x0 = Math.min(...xs);
      const y0 = Math.min(...ys);
      const bounds = { x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0 };
      const derived = r.edge?.derived;
      const why = derived ? derivedText(keyOf(r.from), keyOf(r.to), derived) : null;
      piece(bounds, edgesLayer, () => this.edgeLine(r, why));
      const label = r.label;
      if (label) piece(label, labelsLayer, () => this.edgeLabel(r, label, why));
    }
    this.pieces = pieces;
    this.virtual = this.boxPieces.size >= VIRTUAL_FROM;
    this.drawnArea = null;
    this.svg.dataset.virtual = String(this.virtual);
    this.content.replaceChildren(edgesLayer, containersLayer, boxesLayer, labelsLayer);
    this.buildMinimap(shown.length + groups.length);
  }

  /**
   * Makes the elements of the pieces in and near the frame and drops those far from it (all of
   * them when the drawing is not virtual). Cheap when the frame is still well inside what is
   * drawn: a pan of a few pixels changes nothing.
   */
  private drawNear(force: boolean): void {
    if (!this.geometry) return;
    let area: { x: number; y: number; w: number; h: number } | null = null;
    if (this.virtual) {
      const v = this.viewport.visible();
      const d = this.drawnArea;
      // still well inside what is drawn: nothing to do
      if (
        !force &&
        d &&
        v.x >= d.x + (v.w * NEAR) / 2 &&
        v.y >= d.y + (v.h * NEAR) / 2 &&
        v.x + v.w <= d.x + d.w - (v.w * NEAR) / 2 &&
        v.y + v.h <= d.y + d.h - (v.h * NEAR) / 2
      )
        return;
      area = {
        x: v.x - v.w * NEAR,
        y: v.y - v.h * NEAR,
        w: v.w * (1 + 2 * NEAR),
        h: v.h * (1 + 2 * NEAR),
      };
    } else if (!force && this.drawnArea === null && this.pieces.every((p) => p.el)) {
      return;
    }
    const focused = document.activeElement;
    for (const p of this.pieces) {
      const near =
        !area ||
        (p.x1 >= area.x && p.x0 <= area.x + area.w && p.y1 >= area.y && p.y0 <= area.y + area.h);
      if (near && !p.el) {
        p.el = p.make();
        p.layer.append(p.el);
      } else if (!near && p.el && !p.el.contains(focused)) {
        p.el.remove();
        p.el = null;
      }
    }
    this.drawnArea = area;
  }

  private edgeLine(r: RoutedEdge, why: string | null): SVGElement {
    const d = r.points
      .map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
      .join(" ");
    const derived = r.edge?.derived;
    return s(
      "g",
      {
        class: `edge${r.edge ? "" : " group-edge"}${r.edge?.indirect ? " indirect" : ""}${derived ? " derived" : ""}${this.edgeLit(r.from, r.to) ? " lit" : ""}`,
        "data-from": r.from,
        "data-to": r.to,
      },
      why ? s("title", {}, why) : null,
      s("path", {
        d,
        ...(r.edge ? { "marker-end": derived ? "url(#arrow-derived)" : "url(#arrow)" } : {}),
      }),
    );
  }

  private edgeLabel(r: RoutedEdge, l: Box & { text: string }, why: string | null): SVGElement {
    const derived = r.edge?.derived;
    const label = s(
      "g",
      {
        class: `edge-label${derived ? " derived" : ""}`,
        "data-from": r.from,
        "data-to": r.to,
        // a derived edge says where it comes from: its label opens that in the panel
        ...(why ? { role: "button", tabindex: "0", "aria-label": why } : {}),
      },
      why ? s("title", {}, why) : null,
      s("rect", { x: l.x, y: l.y, width: l.w, height: l.h, rx: 3 }),
      s("text", { x: l.x + l.w / 2, y: l.y + l.h - 3.5, "text-anchor": "middle" }, l.text),
    );
    const edge = r.edge;
    if (derived && edge) activate(label, () => this.opts.onEdge?.(edge));
    return label;
  }

  private box(n: MapNode, b: Box, members: number | null, lit: boolean): SVGElement {
    const style = typeStyle(n.type);
    const level = this.opts.byLevel && n.layer !== 0 ? LEVEL_STYLES[n.level ?? ""] : undefined;
    const centre = n.layer === 0;
    const container = members !== null;
    const bandH = container ? HEADER : b.h;
    // the level first: a long type name is what gets cut, never the level
    const typeLine = `${level ? `${level.label} · ` : ""}${n.type}${centre ? (this.opts.byLevel ? " · changed" : " · centre") : ""}${container ? ` · ${String(members)} member${members === 1 ? "" : "s"}` : ""}`;
    const el = s(
      "g",
      {
        class: `node${centre ? " centre" : ""}${container ? " container" : ""}${lit ? " lit" : ""}${level ? ` level-${n.level ?? ""}` : ""}`,
        transform: `translate(${b.x.toFixed(1)},${b.y.toFixed(1)})`,
        role: "button",
        tabindex: "0",
        // the name holds every word drawn on the box, in the order drawn (WCAG 2.5.3, label in
        // name: what a voice user reads off the box is what the box is called)
        "aria-label": `${n.key}, ${typeLine}`,
        "data-key": n.key,
        "data-id": n.id,
        "data-type": n.type,
      },
      s("title", {}, `${n.name} — ${typeLine}`),
      s("rect", {
        class: "box",
        width: b.w,
        height: b.h,
        rx: 6,
        ...(level ? { "stroke-width": level.width, "stroke-dasharray": level.dash || null } : {}),
      }),
      s("rect", { class: "band", width: 30, height: bandH, rx: 6, fill: style.colour }),
      s("path", {
        d: SHAPE_PATHS[style.shape],
        transform: `translate(7,${String(bandH / 2 - 8)})`,
        fill: style.ink,
        "fill-rule": "evenodd",
        class: "icon",
      }),
      this.line(n.key, 38, 19, "node-key", b.w - 44, KEY_FONT),
      // the lines are separate words, not one run of text (axe and readers join text nodes)
      " ",
      this.line(typeLine, 38, 35, "node-type", b.w - 44, TYPE_FONT),
    );
    activate(el, () => this.opts.onNode?.(n));
    el.addEventListener("focus", () => this.reveal(n.id));
    return el;
  }

  private groupBox(grp: GroupNode, b: Box): SVGElement {
    const what = grp.type === "CI" ? "CI" : grp.type;
    const label = `and ${String(grp.hidden.length)} more ${what}${grp.hidden.length === 1 ? "" : "s"}`;
    const el = s(
      "g",
      {
        class: "node group",
        transform: `translate(${b.x.toFixed(1)},${b.y.toFixed(1)})`,
        role: "button",
        tabindex: "0",
        "aria-label": `${label}, folded: click to show them`,
        "data-group": grp.id,
        "data-id": grp.id,
      },
      s("title", {}, `${label} (folded): click to show them`),
      s("rect", { class: "box", width: b.w, height: b.h, rx: 6 }),
      this.line(label, b.w / 2, 19, "node-key", b.w - 12, KEY_FONT, true),
      " ",
      s(
        "text",
        { x: b.w / 2, y: 35, "text-anchor": "middle", class: "node-type" },
        "folded: click to show",
      ),
    );
    activate(el, () => this.opts.onGroup?.(grp));
    el.addEventListener("focus", () => this.reveal(grp.id));
    return el;
  }

  /**
   * A line of text on a box, whole: a text wider than the box is clipped at its edge and fades
   * out there (no ellipsis), so that every word drawn is a word of the box's accessible name, in
   * the same order (WCAG 2.5.3, label in name). The whole text is in the box's title too.
   */
  private line(
    text: string,
    x: number,
    y: number,
    cls: string,
    width: number,
    font: string,
    centred = false,
  ): SVGElement {
    if (textWidth(text, font) <= width) {
      return s("text", { x, y, class: cls, ...(centred ? { "text-anchor": "middle" } : {}) }, text);
    }
    const left = centred ? x - width / 2 : x;
    // a clip and a gradient over the last 24 px, in the box's colour (map.css): no mask, which
    // Chromium draws in a layer of its own per line
    return s(
      "svg",
      { x: left, y: y - 14, width, height: 18, class: "clipped" },
      s("text", { x: 0, y: 14, class: cls }, text),
      s("rect", { class: "fade", x: width - 24, y: 0, width: 24, height: 18 }),
    );
  }

  /** A CI given the focus comes into view if it was outside it. */
  private reveal(id: string): void {
    // focusing an element inside the frame may scroll it: the viewport does the moving
    const frame = this.svg.parentElement;
    if (frame) {
      frame.scrollTop = 0;
      frame.scrollLeft = 0;
    }
    const b = this.geometry?.boxes.get(id);
    if (!b) return;
    const v = this.viewport.visible();
    const inside =
      b.x >= v.x && b.y >= v.y && b.x + b.w <= v.x + v.w && b.y + Math.min(b.h, 60) <= v.y + v.h;
    if (!inside) this.centreOn(id, Math.max(this.viewport.current.k, READABLE_K));
  }

  private buildMinimap(count: number): void {
    const g = this.geometry as Geometry;
    if (count < MINIMAP_FROM) {
      this.minimap.hidden = true;
      this.minimap.replaceChildren();
      return;
    }
    const mini = s("svg", {
      viewBox: `0 0 ${String(g.width)} ${String(g.height)}`,
      preserveAspectRatio: "xMidYMid meet",
    }) as SVGSVGElement;
    for (const [id, b] of g.boxes) {
      const n = this.nodes.get(id);
      mini.append(
        s("rect", {
          x: b.x,
          y: b.y,
          width: b.w,
          height: g.containers.has(id) ? b.h : b.h,
          class:
            id === this.centreId
              ? "mini-centre"
              : g.containers.has(id)
                ? "mini-container"
                : "mini-box",
          fill:
            n && !g.containers.has(id) && id !== this.centreId ? typeStyle(n.type).colour : null,
        }),
      );
    }
    const view = s("rect", { class: "mini-view" });
    mini.append(view);
    mini.addEventListener("click", (e) => {
      const pt = mini.createSVGPoint();
      pt.x = e.clientX;
      pt.y = e.clientY;
      const m = mini.getScreenCTM();
      if (!m) return;
      const p = pt.matrixTransform(m.inverse());
      this.viewport.centreOn(p.x, p.y);
    });
    // as wide as the corner allows, as tall as the drawing's shape asks
    this.minimap.style.height = `${String(Math.round(Math.min(130, Math.max(40, (180 * g.height) / Math.max(1, g.width)))))}px`;
    this.minimap.replaceChildren(mini);
    this.minimap.hidden = false;
    this.updateMinimap();
  }

  private updateMinimap(): void {
    const view = this.minimap.querySelector("rect.mini-view");
    if (!view) return;
    const v = this.viewport.visible();
    view.setAttribute("x", String(v.x));
    view.setAttribute("y", String(v.y));
    view.setAttribute("width", String(v.w));
    view.setAttribute("height", String(v.h));
  }
}

function byPlace(g: Geometry, a: string, b: string): number {
  const pa = g.boxes.get(a);
  const pb = g.boxes.get(b);
  return (pa?.y ?? 0) - (pb?.y ?? 0) || (pa?.x ?? 0) - (pb?.x ?? 0);
}

/** Resolves once the browser has painted what was drawn (or after 100 ms in a hidden tab). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** A gradient from clear to a box's colour, laid over the end of a clipped line. */
function fadeTo(id: string, colour: string): SVGElement {
  return s(
    "linearGradient",
    { id, x1: 0, x2: 1, y1: 0, y2: 0 },
    s("stop", { offset: 0, "stop-color": colour, "stop-opacity": 0 }),
    s("stop", { offset: 0.85, "stop-color": colour, "stop-opacity": 1 }),
  );
}

function defs(): SVGElement {
  return s(
    "defs",
    {},
    fadeTo("map-fade", "#ffffff"),
    fadeTo("map-fade-lit", "#fef9c3"),
    fadeTo("map-fade-grey", "#f1f5f9"),
    s(
      "marker",
      {
        id: "arrow",
        viewBox: "0 0 10 10",
        refX: "10",
        refY: "5",
        markerWidth: "7",
        markerHeight: "7",
        orient: "auto-start-reverse",
      },
      s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#334155" }),
    ),
    s(
      "marker",
      {
        id: "arrow-derived",
        viewBox: "0 0 10 10",
        refX: "10",
        refY: "5",
        markerWidth: "7",
        markerHeight: "7",
        orient: "auto-start-reverse",
      },
      s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: DERIVED_INK }),
    ),
  );
}

/** The colour of derived edges (map.css draws them so): no CI type and no level uses it. */
const DERIVED_INK = "#0e7490";

/** What a derived edge means, in words: the two services and the component edges behind it. */
export function derivedText(
  from: string,
  to: string,
  via: readonly { from: string; type: string; to: string }[],
): string {
  const steps = via.map((v) => `${v.from} ${v.type} ${v.to}`).join("; ");
  return `derived: ${from} depends on ${to} through ${String(via.length)} component edge${via.length === 1 ? "" : "s"}: ${steps}`;
}

function activate(el: Element, act: () => void): void {
  el.addEventListener("click", act);
  el.addEventListener("keydown", (e) => {
    const key = (e as KeyboardEvent).key;
    if (key === "Enter" || key === " ") {
      e.preventDefault();
      e.stopPropagation();
      act();
    }
  });
}

const KEY_FONT = "600 12.5px system-ui, sans-serif";
const TYPE_FONT = "11px system-ui, sans-serif";

/** A type's swatch for legends and panels: its colour and shape, as the map draws it. */
export function typeSwatch(type: string): SVGElement {
  const style = typeStyle(type);
  return s(
    "svg",
    { class: "type-swatch", width: 18, height: 18, viewBox: "-1 -1 18 18", "aria-hidden": "true" },
    s("rect", { x: -1, y: -1, width: 18, height: 18, rx: 3, fill: style.colour }),
    s("path", {
      d: SHAPE_PATHS[style.shape],
      fill: style.ink,
      "fill-rule": "evenodd",
      transform: "translate(2,2) scale(0.75)",
    }),
  );
}
