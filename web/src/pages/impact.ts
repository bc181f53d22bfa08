import { gql } from "../api.js";
import { h, link, show } from "../dom.js";
import {
  impactedRows,
  readImpact,
  toCsv,
  type ImpactQuery,
  type ImpactRow,
  type SortColumn,
} from "../graph/impact-source.js";
import type { MapGraph, MapNode } from "../graph/map-model.js";
import { MapCanvas, typeSwatch } from "../graph/map-view.js";
import { LEVEL_STYLES } from "../graph/palette.js";
import { addWalk } from "../graph/walk.js";
import { membersOf } from "./map.js";
import { notice, type Page } from "./layout.js";

const PAGE_SIZE = 25;

/**
 * What changing some CIs (or an RFC's) hits: the drawing beside a table of every impacted CI
 * (sortable, filterable, paged, exported as CSV), the business services by name, and a CI's
 * explanation path lit on click without losing the root.
 */
export async function impactPage(params: URLSearchParams): Promise<Page> {
  let keys =
    params
      .get("keys")
      ?.split(",")
      .map((k) => k.trim())
      .filter(Boolean) ?? [];
  const rfcId = params.get("rfc");
  let heading = "Impact";
  let assessed: string | null = null;
  if (rfcId) {
    const r = await gql<{
      rfc: {
        name: string;
        title: string;
        assessment: { rootKeys: string[]; at: string; impacted: { key: string }[] } | null;
        affectedConfigurationItems: { key: string }[];
      } | null;
    }>(
      `query($id: ID!) { rfc(ref: { id: $id }) { name title assessment { rootKeys at impacted { key } } affectedConfigurationItems { key } } }`,
      { id: rfcId },
    );
    keys = r.rfc?.assessment?.rootKeys ?? r.rfc?.affectedConfigurationItems.map((c) => c.key) ?? [];
    heading = r.rfc ? `Impact of ${r.rfc.name}: ${r.rfc.title}` : heading;
    const a = r.rfc?.assessment;
    if (a)
      assessed = `Its assessment of ${a.at.replace("T", " ").slice(0, 16)} UTC found ${String(a.impacted.length)} CIs impacted; this is the graph now.`;
  }
  const direction = params.get("dir") === "DEPENDENCIES" ? "DEPENDENCIES" : "DEPENDENTS";
  const depthParam = Number(params.get("depth") ?? "");
  const depth = Number.isInteger(depthParam) && depthParam > 0 ? depthParam : null;
  const rel = params.get("rel")?.split(",").filter(Boolean) ?? [];
  const types = params.get("types")?.split(",").filter(Boolean) ?? [];
  const catalogue = await gql<{
    relationshipTypes: { name: string; dependent: string; membership: boolean }[];
    ciTypes: { name: string }[];
  }>(`{ relationshipTypes { name dependent membership } ciTypes { name } }`);
  const form = controls(keys, direction, depth, rel, types, catalogue);
  if (keys.length === 0)
    return {
      title: heading,
      body: h(
        "section",
        {},
        form,
        notice("Name the CIs that change, or open an RFC's impact from its page."),
      ),
    };

  const query: ImpactQuery = { keys, direction, depth, relationshipTypes: rel, ciTypes: types };
  const report = await readImpact(query);
  const dependent = new Map(catalogue.relationshipTypes.map((t) => [t.name, t.dependent]));
  const g: MapGraph = { nodes: new Map(), edges: [] };
  for (const c of report.changed) g.nodes.set(c.id, { ...c, layer: 0, parent: null, path: [c.id] });
  // every row drawn downwards from the changed CIs, one row per distance
  addWalk(
    g,
    {
      truncated: report.truncated,
      impacted: report.rows.map((r) => ({
        configurationItem: r.ci,
        impactLevel: r.level,
        path: [...r.path],
        pathRelationshipTypes: [...r.pathRelationshipTypes],
      })),
    },
    direction === "DEPENDENCIES" ? 1 : -1,
    dependent,
    1,
  );
  const memberOf = membersOf(g, new Map(catalogue.relationshipTypes.map((t) => [t.name, t])));
  const rowById = new Map(report.rows.map((r) => [r.ci.id, r]));
  const why = h(
    "div",
    { class: "details", "aria-live": "polite" },
    notice("Click an impacted CI, in the drawing or the table, to light why it is impacted."),
  );
  const opened = new Set<string>();
  const rootId = report.changed[0]?.id;
  const canvas = new MapCanvas({
    label: `what changing ${keys.join(", ")} hits`,
    byLevel: true,
    onNode: (n) => void light(n.id),
    onGroup: (grp) => {
      opened.add(grp.id.startsWith("cap:") ? "cap" : grp.id);
      void canvas.draw(g, opened, { memberOf, anchor: grp.parent });
    },
  });
  const table = new ImpactTable(query, (id) => void light(id));

  /** Lights a CI's explanation path; the drawing keeps its place (a folded CI is unfolded). */
  const light = async (id: string): Promise<void> => {
    const n: MapNode | undefined = g.nodes.get(id);
    const row = rowById.get(id);
    if (!n) return;
    const path = n.path ?? [id];
    const ids = new Set(path);
    if (!canvas.has(id)) {
      await canvas.draw(g, opened, {
        memberOf,
        highlight: ids,
        ...(rootId ? { anchor: rootId } : {}),
      });
    }
    canvas.highlight(ids, path);
    table.light(id);
    show(
      why,
      h("h2", {}, n.key),
      h(
        "p",
        {},
        typeSwatch(n.type),
        ` ${n.type} — ${row ? row.level : "changed"}${row ? `, ${String(row.distance)} away` : ""}`,
      ),
      h("p", { class: "path", "aria-label": "explanation path" }, row?.pathText ?? n.key),
      h(
        "p",
        {},
        link(`#/map/${encodeURIComponent(n.key)}`, `Map of ${n.key}`),
        " · ",
        link(`#/impact?keys=${encodeURIComponent(n.key)}`, `What changing ${n.key} hits`),
      ),
    );
  };
  await canvas.draw(g, opened, { memberOf });
  await table.render();
  const c = report.counts;
  return {
    title: heading,
    body: h(
      "section",
      { class: "map-page" },
      form,
      assessed ? notice(assessed) : null,
      h(
        "p",
        { class: "status", role: "status" },
        `${String(report.total)} CIs impacted: ${String(c.down)} DOWN, ${String(c.degraded)} DEGRADED, ${String(c.atRisk)} AT RISK${report.truncated ? " (truncated at the node cap: the answer is incomplete)" : ""}.`,
      ),
      h("div", { class: "impact-layout" }, canvas.element, table.element),
      h(
        "div",
        { class: "map-layout" },
        h(
          "div",
          { class: "side" },
          h("h2", {}, "Business services hit"),
          report.businessServices.length === 0
            ? notice("None.")
            : h(
                "ol",
                { class: "services", "aria-label": "business services hit" },
                ...report.businessServices.map((s) =>
                  h(
                    "li",
                    { class: `level-${s.level}` },
                    link(`#/map/${encodeURIComponent(s.ci.key)}`, s.ci.name),
                    ` (${s.ci.key}) — `,
                    h(
                      "span",
                      { class: `level-badge level-${s.level}` },
                      LEVEL_STYLES[s.level]?.label ?? s.level,
                    ),
                    `, criticality ${s.ci.criticality === null ? "unrated" : String(s.ci.criticality)}, ${String(s.distance)} away`,
                  ),
                ),
              ),
        ),
        why,
      ),
      h(
        "p",
        { class: "legend" },
        "Impact levels are written on each box and drawn as its border: ",
        h("span", { class: "level-badge level-DOWN" }, "DOWN"),
        " solid, ",
        h("span", { class: "level-badge level-DEGRADED" }, "DEGRADED"),
        " dashed, ",
        h("span", { class: "level-badge level-AT_RISK" }, "AT RISK"),
        " dotted; rows are distances from the change.",
      ),
    ),
  };
}

const COLUMNS: { id: SortColumn | "path"; label: string }[] = [
  { id: "level", label: "Level" },
  { id: "distance", label: "Distance" },
  { id: "key", label: "CI" },
  { id: "type", label: "Type" },
  { id: "services", label: "Services hit through it" },
  { id: "path", label: "Why (path)" },
];

/** The impacted CIs as a table: sortable by column, filtered by words, paged, exported. */
class ImpactTable {
  readonly element: HTMLElement;
  private readonly body = h("tbody", {});
  private readonly head = h("tr", {});
  private readonly pager = h("div", { class: "table-tools" });
  private offset = 0;
  private sort: SortColumn = "distance";
  private descending = false;
  private filter = "";
  private lit: string | null = null;

  constructor(
    private readonly query: ImpactQuery,
    private readonly onRow: (id: string) => void,
  ) {
    const filter = h("input", {
      id: "impact-filter",
      type: "search",
      placeholder: "words to match",
      "aria-label": "filter the impacted CIs",
      oninput: (e: Event) => {
        this.filter = (e.target as HTMLInputElement).value;
        this.offset = 0;
        void this.render();
      },
    });
    const csv = h("button", { type: "button", onclick: () => void this.download() }, "Export CSV");
    this.element = h(
      "section",
      { class: "impact-table", "aria-label": "impacted CIs" },
      h("h2", {}, "Impacted CIs"),
      h(
        "div",
        { class: "table-tools" },
        h("label", { for: "impact-filter" }, "Filter "),
        filter,
        csv,
      ),
      h(
        "div",
        { class: "impact-table-wrap" },
        h(
          "table",
          { class: "impacted", "aria-label": "impacted CIs" },
          h("thead", {}, this.head),
          this.body,
        ),
      ),
      this.pager,
    );
  }

  light(id: string): void {
    this.lit = id;
    for (const tr of this.body.querySelectorAll<HTMLElement>("tr")) {
      tr.classList.toggle("lit", tr.dataset.id === id);
    }
  }

  async render(): Promise<void> {
    const { rows, matching, total } = await impactedRows(this.query, {
      offset: this.offset,
      first: PAGE_SIZE,
      sort: this.sort,
      descending: this.descending,
      filter: this.filter,
    });
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
                  onclick: () => {
                    const col = c.id as SortColumn;
                    this.descending = this.sort === col ? !this.descending : false;
                    this.sort = col;
                    this.offset = 0;
                    void this.render();
                  },
                },
                `${c.label}${this.sort === c.id ? (this.descending ? " ▼" : " ▲") : ""}`,
              ),
            ),
      ),
    );
    show(this.body, ...rows.map((r) => this.row(r)));
    const last = Math.min(this.offset + PAGE_SIZE, matching.length);
    show(
      this.pager,
      h(
        "button",
        {
          type: "button",
          disabled: this.offset === 0,
          onclick: () => {
            this.offset = Math.max(0, this.offset - PAGE_SIZE);
            void this.render();
          },
        },
        "Previous",
      ),
      h(
        "span",
        { role: "status" },
        matching.length === 0
          ? `No row matches (of ${String(total)}).`
          : `Rows ${String(this.offset + 1)}–${String(last)} of ${String(matching.length)}${matching.length < total ? ` (filtered from ${String(total)})` : ""}`,
      ),
      h(
        "button",
        {
          type: "button",
          disabled: last >= matching.length,
          onclick: () => {
            this.offset += PAGE_SIZE;
            void this.render();
          },
        },
        "Next",
      ),
    );
    if (this.lit) this.light(this.lit);
  }

  private row(r: ImpactRow): HTMLElement {
    return h(
      "tr",
      { "data-id": r.ci.id, "data-key": r.ci.key },
      h(
        "td",
        {},
        h(
          "span",
          { class: `level-badge level-${r.level}` },
          LEVEL_STYLES[r.level]?.label ?? r.level,
        ),
      ),
      h("td", {}, String(r.distance)),
      h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            class: "link",
            onclick: () => this.onRow(r.ci.id),
            "aria-label": `light the path to ${r.ci.key}`,
          },
          r.ci.key,
        ),
      ),
      h("td", {}, typeSwatch(r.ci.type), r.ci.type),
      h("td", {}, r.services.join(", ") || "—"),
      h("td", { class: "path" }, r.pathText),
    );
  }

  private async download(): Promise<void> {
    const { matching } = await impactedRows(this.query, {
      offset: 0,
      first: Number.MAX_SAFE_INTEGER,
      sort: this.sort,
      descending: this.descending,
      filter: this.filter,
    });
    const url = URL.createObjectURL(new Blob([toCsv(matching)], { type: "text/csv" }));
    const a = h("a", { href: url, download: `impact-${this.query.keys.join("_")}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

function controls(
  keys: string[],
  direction: string,
  depth: number | null,
  rel: string[],
  types: string[],
  catalogue: {
    relationshipTypes: { name: string; dependent: string }[];
    ciTypes: { name: string }[];
  },
): HTMLElement {
  const input = h("input", {
    id: "keys",
    value: keys.join(", "),
    "aria-label": "keys of the CIs that change",
    placeholder: "db-orders, vm-3",
  }) as HTMLInputElement;
  const depthInput = h("input", {
    id: "impact-depth",
    type: "number",
    min: 1,
    max: 25,
    value: depth ?? "",
    placeholder: "all",
    "aria-label": "depth",
  }) as HTMLInputElement;
  const dirSelect = h(
    "select",
    { id: "impact-dir", "aria-label": "direction" },
    ...[
      ["DEPENDENTS", "what a change hits"],
      ["DEPENDENCIES", "what these CIs need"],
    ].map(([v, t]) => h("option", { value: v, selected: v === direction }, t)),
  ) as HTMLSelectElement;
  const relSelect = h(
    "select",
    { id: "impact-rel", multiple: true, size: 3, "aria-label": "relationship types followed" },
    ...catalogue.relationshipTypes
      .filter((t) => t.dependent !== "NONE")
      .map((t) => h("option", { value: t.name, selected: rel.includes(t.name) }, t.name)),
  ) as HTMLSelectElement;
  const typeSelect = h(
    "select",
    { id: "impact-types", multiple: true, size: 3, "aria-label": "CI types listed" },
    ...catalogue.ciTypes.map((t) =>
      h("option", { value: t.name, selected: types.includes(t.name) }, t.name),
    ),
  ) as HTMLSelectElement;
  return h(
    "form",
    {
      class: "impact-controls",
      "aria-label": "impact analysis",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const p = new URLSearchParams({ keys: input.value.replace(/\s+/g, "") });
        if (dirSelect.value !== "DEPENDENTS") p.set("dir", dirSelect.value);
        if (depthInput.value) p.set("depth", depthInput.value);
        const rels = [...relSelect.selectedOptions].map((o) => o.value);
        if (rels.length) p.set("rel", rels.join(","));
        const chosen = [...typeSelect.selectedOptions].map((o) => o.value);
        if (chosen.length) p.set("types", chosen.join(","));
        location.hash = `#/impact?${p.toString()}`;
      },
    },
    h("label", { for: "keys" }, "CIs that change "),
    input,
    h("label", { for: "impact-depth" }, "Depth "),
    depthInput,
    h("label", { for: "impact-dir" }, "Direction "),
    dirSelect,
    h("label", { for: "impact-rel" }, "Relationship types (none: all) "),
    relSelect,
    h("label", { for: "impact-types" }, "CI types (none: all) "),
    typeSelect,
    h("button", { type: "submit" }, "Show impact"),
  );
}
