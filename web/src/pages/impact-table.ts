import { h, show } from "../dom.js";
import {
  exportCsv,
  impactedPage,
  type ImpactRow,
  type ImpactSource,
} from "../graph/impact-source.js";
import { typeSwatch } from "../graph/map-view.js";
import { LEVEL_STYLES } from "../graph/palette.js";

export const IMPACT_PAGE_SIZE = 100;
const LEVELS = ["DOWN", "DEGRADED", "AT_RISK"] as const;
const LEVEL_RANK: Record<string, number> = { DOWN: 0, DEGRADED: 1, AT_RISK: 2 };

type SortColumn = "level" | "distance" | "key" | "type" | "services";

const COLUMNS: { id: SortColumn | "path"; label: string }[] = [
  { id: "level", label: "Level" },
  { id: "distance", label: "Distance" },
  { id: "key", label: "CI" },
  { id: "type", label: "Type" },
  { id: "services", label: "Services hit through it" },
  { id: "path", label: "Why (path)" },
];

export interface ImpactTableOptions {
  readonly source: ImpactSource;
  /** Key of a CI → the business services hit through it (from the report's summary). */
  readonly through: ReadonlyMap<string, readonly string[]>;
  /** The CI types offered in the type filter. */
  readonly ciTypes: readonly string[];
  /** Names the table for assistive technology ("impacted CIs"). */
  readonly label: string;
  /** The CSV file's name, without `.csv`. */
  readonly fileName: string;
  /** A row's CI clicked (null: rows link to the CI's map). */
  readonly onRow: ((row: ImpactRow) => void) | null;
  /** "Show these on the map": the page shown, as the table asked for it (absent: no button). */
  readonly onShowOnMap?: (page: PageRequest) => void;
}

/** One page of the table as asked from the API. */
export interface PageRequest {
  readonly first: number;
  readonly after: string | null;
  readonly filter: { levels: string[]; ciTypes: string[] };
}

/**
 * The impacted CIs of a report, a page at a time from the API: Previous/Next over its cursors,
 * level and CI-type filters sent to the server, the total the server counts, sorting within the
 * page shown, and a CSV export that reads every page.
 */
export class ImpactTable {
  readonly element: HTMLElement;
  private readonly body = h("tbody", {});
  private readonly head = h("tr", {});
  private readonly pager = h("div", { class: "table-tools pager" });
  private readonly exportStatus = h("span", { class: "muted", role: "status" });
  /** The `after` of each page shown so far: [null, endCursor of page 1, …]. */
  private cursors: (string | null)[] = [null];
  private rows: ImpactRow[] = [];
  private total = 0;
  private hasNext = false;
  private nextCursor: string | null = null;
  private sort: SortColumn | null = null;
  private descending = false;
  private filter: { levels: string[]; ciTypes: string[] } = { levels: [], ciTypes: [] };
  private lit: string | null = null;
  /** Only the newest request draws (a quick double click must not show an older page). */
  private asked = 0;

  constructor(private readonly opts: ImpactTableOptions) {
    const id = opts.label.replace(/\W+/g, "-");
    const levelBoxes = LEVELS.map((level) =>
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          value: level,
          onchange: (e: Event) => {
            const box = e.target as HTMLInputElement;
            const chosen = new Set(this.filter.levels);
            if (box.checked) chosen.add(level);
            else chosen.delete(level);
            this.refilter({ ...this.filter, levels: LEVELS.filter((l) => chosen.has(l)) });
          },
        }),
        ` ${LEVEL_STYLES[level]?.label ?? level}`,
      ),
    );
    const typeSelect = h(
      "select",
      {
        id: `${id}-type`,
        onchange: (e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          this.refilter({ ...this.filter, ciTypes: v ? [v] : [] });
        },
      },
      h("option", { value: "" }, "all types"),
      ...opts.ciTypes.map((t) => h("option", { value: t }, t)),
    );
    const csv = h(
      "button",
      { type: "button", onclick: () => void this.download(csv as HTMLButtonElement) },
      "Export CSV",
    );
    this.element = h(
      "section",
      { class: "impact-table", "aria-label": opts.label },
      h(
        "div",
        { class: "table-tools" },
        h(
          "fieldset",
          { class: "inline" },
          h("legend", {}, "Levels (none ticked: all)"),
          ...levelBoxes,
        ),
        h("label", { for: `${id}-type` }, "CI type "),
        typeSelect,
        csv,
        opts.onShowOnMap
          ? h(
              "button",
              {
                type: "button",
                title: "draws the CIs of the page shown (with the filters) on the map, lit",
                onclick: () => opts.onShowOnMap?.(this.request()),
              },
              "Show these on the map",
            )
          : null,
        this.exportStatus,
      ),
      h(
        "p",
        { class: "muted table-note" },
        "Pages follow distance, then level, then key; a column heading sorts the page shown only.",
      ),
      h(
        "div",
        { class: "impact-table-wrap" },
        h(
          "table",
          { class: "impacted", "aria-label": opts.label },
          h("thead", {}, this.head),
          this.body,
        ),
      ),
      this.pager,
    );
  }

  /** Marks the row of this CI (if on the page shown). */
  light(id: string): void {
    this.lit = id;
    for (const tr of this.body.querySelectorAll<HTMLElement>("tr")) {
      tr.classList.toggle("lit", tr.dataset.id === id);
    }
  }

  /** Reads and shows the first page. */
  async render(): Promise<void> {
    this.cursors = [null];
    await this.load();
  }

  private refilter(filter: { levels: string[]; ciTypes: string[] }): void {
    this.filter = filter;
    void this.render();
  }

  private get pageIndex(): number {
    return this.cursors.length - 1;
  }

  /** The page shown, as asked from the API. */
  private request(): PageRequest {
    return {
      first: IMPACT_PAGE_SIZE,
      after: this.cursors[this.pageIndex] ?? null,
      filter: this.filter,
    };
  }

  private async load(): Promise<void> {
    const ticket = (this.asked += 1);
    this.element.setAttribute("aria-busy", "true");
    try {
      const page = await impactedPage(this.opts.source, this.request(), this.opts.through);
      if (ticket !== this.asked) return;
      this.rows = page.rows;
      this.total = page.totalCount;
      this.hasNext = page.hasNextPage;
      this.nextCursor = page.endCursor;
      this.draw();
    } finally {
      if (ticket === this.asked) this.element.removeAttribute("aria-busy");
    }
  }

  private sorted(): ImpactRow[] {
    if (!this.sort) return this.rows;
    const col = this.sort;
    const sign = this.descending ? -1 : 1;
    const value = (r: ImpactRow): string | number => {
      switch (col) {
        case "level":
          return LEVEL_RANK[r.level] ?? 9;
        case "distance":
          return r.distance;
        case "type":
          return r.type;
        case "services":
          return r.services.join(", ") || "\uffff";
        default:
          return r.key;
      }
    };
    return [...this.rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c =
        typeof va === "number" && typeof vb === "number"
          ? va - vb
          : String(va).localeCompare(String(vb));
      return sign * c || a.distance - b.distance || (a.key < b.key ? -1 : 1);
    });
  }

  private draw(): void {
    show(
      this.head,
      ...COLUMNS.map((c) =>
        c.id === "path"
          ? h("th", { scope: "col" }, c.label)
          : h(
              "th",
              {
                scope: "col",
                "aria-sort":
                  this.sort === c.id ? (this.descending ? "descending" : "ascending") : "none",
              },
              h(
                "button",
                {
                  type: "button",
                  title: "sorts this page only",
                  onclick: () => {
                    const col = c.id as SortColumn;
                    this.descending = this.sort === col ? !this.descending : false;
                    this.sort = col;
                    this.draw();
                  },
                },
                `${c.label}${this.sort === c.id ? (this.descending ? " ▼" : " ▲") : ""}`,
              ),
            ),
      ),
    );
    show(this.body, ...this.sorted().map((r) => this.row(r)));
    const first = this.pageIndex * IMPACT_PAGE_SIZE + 1;
    const last = first + this.rows.length - 1;
    const filtered = this.filter.levels.length > 0 || this.filter.ciTypes.length > 0;
    show(
      this.pager,
      h(
        "button",
        {
          type: "button",
          disabled: this.pageIndex === 0,
          onclick: () => {
            this.cursors.pop();
            void this.load();
          },
        },
        "Previous",
      ),
      h(
        "span",
        { role: "status", class: "rows-shown" },
        this.total === 0
          ? filtered
            ? "No impacted CI matches these filters."
            : "No CI impacted."
          : `Rows ${String(first)}–${String(last)} of ${String(this.total)}${filtered ? " matching the filters" : ""} · page ${String(this.pageIndex + 1)} of ${String(Math.ceil(this.total / IMPACT_PAGE_SIZE))}`,
      ),
      h(
        "button",
        {
          type: "button",
          disabled: !this.hasNext,
          onclick: () => {
            this.cursors.push(this.nextCursor);
            void this.load();
          },
        },
        "Next",
      ),
    );
    if (this.lit) this.light(this.lit);
  }

  private row(r: ImpactRow): HTMLElement {
    const onRow = this.opts.onRow;
    return h(
      "tr",
      { "data-id": r.id, "data-key": r.key },
      h(
        "td",
        {},
        h(
          "span",
          { class: `level-badge level-${r.level}` },
          LEVEL_STYLES[r.level]?.label ?? r.level,
        ),
      ),
      h("td", { class: "num" }, String(r.distance)),
      h(
        "td",
        {},
        onRow
          ? h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: () => onRow(r),
                "aria-label": `light the path to ${r.key}`,
              },
              r.key,
            )
          : h("a", { href: `#/map/${encodeURIComponent(r.key)}` }, r.key),
        r.name && r.name !== r.key ? h("span", { class: "muted" }, ` ${r.name}`) : null,
      ),
      h("td", {}, typeSwatch(r.type), r.type),
      h("td", {}, r.services.join(", ") || "—"),
      h("td", { class: "path" }, r.pathText),
    );
  }

  private async download(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const blob = await exportCsv(
        this.opts.source,
        this.filter,
        this.opts.through,
        (done, total) => {
          this.exportStatus.textContent = `Exporting: ${String(done)} of ${String(total)} rows…`;
        },
      );
      this.exportStatus.textContent = "Exported.";
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: `${this.opts.fileName}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.exportStatus.textContent = `Export failed: ${(e as Error).message}`;
    } finally {
      button.disabled = false;
    }
  }
}
