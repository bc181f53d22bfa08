import { gql } from "../api.js";
import { h, link, show } from "../dom.js";
import {
  pageForDrawing,
  pathKeys,
  pathText,
  readImpactSummary,
  type ImpactQuery,
  type ImpactRow,
  type PlacedItem,
} from "../graph/impact-source.js";
import type { MapGraph, MapNode } from "../graph/map-model.js";
import { MapCanvas, typeSwatch } from "../graph/map-view.js";
import { LEVEL_STYLES } from "../graph/palette.js";
import { addWalk } from "../graph/walk.js";
import { ImpactTable, type PageRequest } from "./impact-table.js";
import { membersOf } from "./map.js";
import { notice, type Page } from "./layout.js";

/**
 * What changing some CIs (or an RFC's) hits: the summary at once (counts by level, business
 * services by name with criticality, depth reached), the drawing of the nearest CIs beside a
 * table of every impacted CI paged from the API (filtered on the server, exported as CSV page by
 * page), and a CI's explanation path lit on click without losing the root.
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
        assessment: { rootKeys: string[]; at: string; counts: { total: number } } | null;
        affectedConfigurationItems: { key: string }[];
      } | null;
    }>(
      `query($id: ID!) { rfc(ref: { id: $id }) { name title assessment { rootKeys at counts { total } } affectedConfigurationItems { key } } }`,
      { id: rfcId },
    );
    keys = r.rfc?.assessment?.rootKeys ?? r.rfc?.affectedConfigurationItems.map((c) => c.key) ?? [];
    heading = r.rfc ? `Impact of ${r.rfc.name}: ${r.rfc.title}` : heading;
    const a = r.rfc?.assessment;
    if (a)
      assessed = `Its assessment of ${a.at.replace("T", " ").slice(0, 16)} UTC found ${String(a.counts.total)} CIs impacted; this is the graph now.`;
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
  const report = await readImpactSummary(query);
  const dependent = new Map(catalogue.relationshipTypes.map((t) => [t.name, t.dependent]));
  const sign = direction === "DEPENDENCIES" ? 1 : -1;
  const g: MapGraph = { nodes: new Map(), edges: [] };
  for (const c of report.changed) g.nodes.set(c.id, { ...c, layer: 0, parent: null, path: [c.id] });
  // the nearest CIs drawn downwards from the changed ones, one row per distance
  addWalk(g, { truncated: report.truncated, impacted: [...report.drawn] }, sign, dependent, 1);
  const relTypes = new Map(catalogue.relationshipTypes.map((t) => [t.name, t]));
  let memberOf = membersOf(g, relTypes);
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
    onNode: (n) => void light(n.id, null),
    onGroup: (grp) => {
      opened.add(grp.id.startsWith("cap:") ? "cap" : grp.id);
      void canvas.draw(g, opened, { memberOf, anchor: grp.parent });
    },
  });
  const table = new ImpactTable({
    source: { kind: "analysis", query },
    through: report.through,
    ciTypes: catalogue.ciTypes.map((t) => t.name),
    label: "impacted CIs",
    fileName: `impact-${keys.join("_")}`,
    onRow: (row) => void light(row.id, row),
    onShowOnMap: (request) => void showPage(request),
  });
  const count = (n: number): string => n.toLocaleString("en");
  /** What the drawing leaves out, said on it (the table lists every CI). */
  const partial =
    report.counts.total > report.drawn.length
      ? `Showing the nearest ${count(report.drawn.length)} of ${count(report.counts.total)} impacted CIs; the table lists all (“Show these on the map” draws its page here).`
      : null;
  if (partial) canvas.setNote(partial);

  /** A row beyond the drawn CIs joins the drawing under the nearest CI of its path drawn. */
  const place = (row: ImpactRow): void => {
    if (g.nodes.has(row.id)) return;
    const idOf = new Map([...g.nodes.values()].map((n) => [n.key, n.id]));
    const keysOnPath = pathKeys(row);
    addWalk(
      g,
      {
        truncated: false,
        impacted: [
          {
            configurationItem: {
              id: row.id,
              key: row.key,
              name: row.name ?? row.key,
              type: row.type,
            },
            impactLevel: row.level,
            path: keysOnPath.map((k, i) =>
              i === keysOnPath.length - 1 ? { id: row.id } : { id: idOf.get(k) ?? `key:${k}` },
            ),
            pathRelationshipTypes: row.steps.map((s) => s.relationshipType),
          },
        ],
      },
      sign,
      dependent,
      1,
    );
  };

  const drawnById = new Map(report.drawn.map((d) => [d.configurationItem.id, d]));

  /**
   * The CIs of a page of the table (as filtered) drawn in their place, each under its
   * explanation path (the CIs between drawn too), lit, and brought into view; the root stays.
   */
  const showPage = async (request: PageRequest): Promise<void> => {
    let items: PlacedItem[];
    try {
      items = await pageForDrawing(query, request);
    } catch (e) {
      canvas.setNote(`Could not read the page: ${(e as Error).message}`);
      return;
    }
    // each CI of each path, nearest first, so that a CI hangs under the one before it
    const steps: PlacedItem[] = [];
    for (const item of items) {
      item.path.forEach((ci, i) => {
        if (i === 0) return;
        steps.push({
          configurationItem: ci,
          // a CI between is impacted too, at a level this page does not say
          impactLevel: i === item.path.length - 1 ? item.impactLevel : "",
          path: item.path.slice(0, i + 1),
          pathRelationshipTypes: item.pathRelationshipTypes.slice(0, i),
          steps: item.steps.slice(0, i),
        });
      });
    }
    addWalk(g, { truncated: false, impacted: steps }, sign, dependent, 1);
    memberOf = membersOf(g, relTypes);
    const lit = new Set(items.flatMap((item) => item.path.map((ci) => ci.id)));
    await canvas.draw(g, opened, {
      memberOf,
      highlight: lit,
      ...(rootId ? { anchor: rootId } : {}),
    });
    // all of them if they fit readably, else the first (the others lit, a pan away)
    canvas.bringIntoView(new Set(items.map((item) => item.configurationItem.id)), 0.5);
    table.light("");
    canvas.setNote(
      `${partial ? `${partial} ` : ""}Lit: the table's page, ${count(items.length)} CIs, each in its place with its path.`,
    );
  };

  /** Lights a CI's explanation path; the drawing keeps its place (a folded CI is unfolded). */
  const light = async (id: string, row: ImpactRow | null): Promise<void> => {
    if (row) place(row);
    const drawn = drawnById.get(id);
    const n: MapNode | undefined = g.nodes.get(id);
    if (!n) return;
    const path = (n.path ?? [id]).filter((p) => g.nodes.has(p));
    const ids = new Set(path);
    if (!canvas.has(id)) {
      await canvas.draw(g, opened, {
        memberOf,
        highlight: ids,
        ...(rootId ? { anchor: rootId } : {}),
      });
    }
    canvas.highlight(ids, path);
    // the CI and its path come into the frame; the root keeps its mark
    canvas.bringIntoView(ids);
    table.light(id);
    const level = row?.level ?? n.level;
    const steps = row?.steps ?? drawn?.steps ?? null;
    show(
      why,
      h("h2", {}, n.key),
      h(
        "p",
        {},
        typeSwatch(n.type),
        ` ${n.type} — ${level ?? "changed"}${steps ? `, ${String(steps.length)} away` : ""}`,
      ),
      steps
        ? h("p", { class: "path", "aria-label": "explanation path" }, pathText(steps, n.key))
        : null,
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
        { class: "status impact-summary", role: "status" },
        `${String(c.total)} CIs impacted: ${String(c.down)} DOWN, ${String(c.degraded)} DEGRADED, ${String(c.atRisk)} AT RISK; depth reached ${String(report.depthReached)} of ${String(report.maxDepth)}${report.truncated ? " (truncated at the node cap: the answer is incomplete)" : ""}.`,
        c.total > report.drawn.length
          ? ` The drawing shows the nearest ${count(report.drawn.length)}; the table pages through all.`
          : "",
      ),
      h(
        "div",
        { class: "impact-layout" },
        canvas.element,
        h("div", {}, h("h2", {}, "Impacted CIs"), table.element),
      ),
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
