import { gql } from "../api.js";
import { h, link, show } from "../dom.js";
import type { MapGraph } from "../graph/map-model.js";
import { addWalk } from "../graph/walk.js";
import { drawMap } from "../graph/map-view.js";
import { notice, type Page } from "./layout.js";

interface Report {
  impactAnalysis: {
    truncated: boolean;
    changed: { id: string; key: string; name: string; type: string }[];
    impacted: {
      configurationItem: { id: string; key: string; name: string; type: string };
      distance: number;
      impactLevel: string;
      path: { id: string }[];
      pathRelationshipTypes: string[];
    }[];
    businessServices: {
      configurationItem: { key: string; criticality: number | null };
      distance: number;
      impactLevel: string;
    }[];
  };
  relationshipTypes: { name: string; dependent: string }[];
}

/** What changing some CIs (or an RFC's) hits: coloured by level, services ranked, paths lit. */
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
  const input = h("input", {
    id: "keys",
    value: keys.join(", "),
    "aria-label": "keys of the CIs that change",
    placeholder: "db-orders, vm-3",
  }) as HTMLInputElement;
  const form = h(
    "form",
    {
      class: "search",
      onsubmit: (e: Event) => {
        e.preventDefault();
        location.hash = `#/impact?keys=${encodeURIComponent(input.value.replace(/\s+/g, ""))}`;
      },
    },
    h("label", { for: "keys" }, "CIs that change "),
    input,
    h("button", { type: "submit" }, "Show impact"),
  );
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

  const data = await gql<Report>(
    `query($keys: [String!]) {
      impactAnalysis(input: { ciKeys: $keys }) {
        truncated changed { id key name type }
        impacted { configurationItem { id key name type } distance impactLevel path { id } pathRelationshipTypes }
        businessServices { configurationItem { key criticality } distance impactLevel }
      }
      relationshipTypes { name dependent }
    }`,
    { keys },
  );
  const report = data.impactAnalysis;
  const dependent = new Map(data.relationshipTypes.map((t) => [t.name, t.dependent]));
  const g: MapGraph = { nodes: new Map(), edges: [] };
  for (const c of report.changed) g.nodes.set(c.id, { ...c, layer: 0, parent: null, path: [c.id] });
  // a DEPENDENTS walk, drawn downwards from the changed CIs
  addWalk(g, report, -1, dependent, 1);
  const canvas = h("div", { class: "canvas" });
  const why = h(
    "aside",
    { class: "details", "aria-live": "polite" },
    notice("Click an impacted CI to see why it is impacted."),
  );
  const opened = new Set<string>();
  let lit = new Set<string>();
  const draw = (): void => {
    show(
      canvas,
      drawMap(g, opened, {
        byLevel: true,
        highlight: lit,
        onNode: (n) => {
          lit = new Set(n.path ?? [n.id]);
          const steps = (n.path ?? []).map((id) => g.nodes.get(id)?.key ?? id);
          show(
            why,
            h("h2", {}, n.key),
            h("p", {}, `${n.level ?? "changed"} — ${n.type}`),
            h("p", { class: "path", "aria-label": "explanation path" }, steps.join(" → ")),
          );
          draw();
        },
        onGroup: (grp) => {
          opened.add(grp.id);
          draw();
        },
      }),
    );
  };
  draw();
  const count = (level: string) => report.impacted.filter((i) => i.impactLevel === level).length;
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
        `${String(report.impacted.length)} CIs impacted: ${String(count("DOWN"))} DOWN, ${String(count("DEGRADED"))} DEGRADED, ${String(count("AT_RISK"))} AT_RISK${report.truncated ? " (truncated at the node cap)" : ""}`,
      ),
      h(
        "div",
        { class: "map-layout" },
        canvas,
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
                    { class: `level-${s.impactLevel}` },
                    link(
                      `#/map/${encodeURIComponent(s.configurationItem.key)}`,
                      s.configurationItem.key,
                    ),
                    ` — ${s.impactLevel}, criticality ${s.configurationItem.criticality === null ? "unrated" : String(s.configurationItem.criticality)}, distance ${String(s.distance)}`,
                  ),
                ),
              ),
          why,
        ),
      ),
      h(
        "p",
        { class: "legend" },
        h("span", { class: "swatch level-DOWN" }),
        " DOWN ",
        h("span", { class: "swatch level-DEGRADED" }),
        " DEGRADED ",
        h("span", { class: "swatch level-AT_RISK" }),
        " AT_RISK; rows are distances from the change.",
      ),
    ),
  };
}
