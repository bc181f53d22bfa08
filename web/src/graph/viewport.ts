/**
 * Pan and zoom of an SVG drawing: one transform (translate, then scale) on the group that holds
 * it. Dragging pans, the wheel zooms about the pointer, and the page's buttons and keys call the
 * same methods. A few lines of arithmetic, so no library (see ADR 017).
 */
export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

const MIN_K = 0.05;
const MAX_K = 3;

export class Viewport {
  private view: View = { x: 0, y: 0, k: 1 };
  private readonly listeners: ((v: View) => void)[] = [];
  /** Set when a pointer drag moved: the click that ends it is not a click on a CI. */
  dragged = false;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly content: SVGGElement,
  ) {
    let from: { x: number; y: number; vx: number; vy: number; id: number } | null = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      from = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, id: e.pointerId };
      this.dragged = false;
    });
    svg.addEventListener("pointermove", (e) => {
      if (!from || e.pointerId !== from.id) return;
      const dx = e.clientX - from.x;
      const dy = e.clientY - from.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      if (!this.dragged) svg.setPointerCapture(e.pointerId);
      this.dragged = true;
      this.set({ ...this.view, x: from.vx + dx, y: from.vy + dy });
    });
    const end = (): void => {
      from = null;
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    // a drag's closing click lands on whatever is under the pointer: swallow it
    svg.addEventListener(
      "click",
      (e) => {
        if (this.dragged) {
          e.stopPropagation();
          e.preventDefault();
          this.dragged = false;
        }
      },
      true,
    );
    svg.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const r = svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
      },
      { passive: false },
    );
  }

  get current(): View {
    return { ...this.view };
  }

  /** The frame's size in screen pixels. */
  size(): { w: number; h: number } {
    const r = this.svg.getBoundingClientRect();
    return { w: r.width || 800, h: r.height || 500 };
  }

  onChange(listener: (v: View) => void): void {
    this.listeners.push(listener);
  }

  set(v: View): void {
    this.view = { ...v, k: Math.min(MAX_K, Math.max(MIN_K, v.k)) };
    this.content.setAttribute(
      "transform",
      `translate(${this.view.x.toFixed(1)},${this.view.y.toFixed(1)}) scale(${this.view.k.toFixed(4)})`,
    );
    for (const l of this.listeners) l(this.current);
  }

  /** Zooms by `factor` keeping the drawing's point under (sx, sy) where it is on screen. */
  zoomBy(factor: number, sx?: number, sy?: number): void {
    const { w, h } = this.size();
    const px = sx ?? w / 2;
    const py = sy ?? h / 2;
    const k = Math.min(MAX_K, Math.max(MIN_K, this.view.k * factor));
    const ratio = k / this.view.k;
    this.set({ k, x: px - (px - this.view.x) * ratio, y: py - (py - this.view.y) * ratio });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  /** The whole drawing in the frame (never enlarged past 1.2×). */
  fit(b: Bounds, margin = 24): void {
    const { w, h } = this.size();
    const k = Math.min(
      1.2,
      (w - 2 * margin) / Math.max(1, b.w),
      (h - 2 * margin) / Math.max(1, b.h),
    );
    this.set({ k, x: (w - b.w * k) / 2 - b.x * k, y: (h - b.h * k) / 2 - b.y * k });
  }

  /** The drawing's point (cx, cy) in the middle of the frame, at scale k (default: as is). */
  centreOn(cx: number, cy: number, k = this.view.k): void {
    const { w, h } = this.size();
    this.set({ k, x: w / 2 - cx * k, y: h / 2 - cy * k });
  }

  /** Where a point of the drawing is on screen, relative to the frame. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: this.view.x + x * this.view.k, y: this.view.y + y * this.view.k };
  }

  /** The part of the drawing the frame shows. */
  visible(): Bounds {
    const { w, h } = this.size();
    return {
      x: -this.view.x / this.view.k,
      y: -this.view.y / this.view.k,
      w: w / this.view.k,
      h: h / this.view.k,
    };
  }
}
