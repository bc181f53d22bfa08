import { gql } from "../api.js";
import { h, link, s, show } from "../dom.js";
import {
  addEdge,
  CAP_GROUP,
  type MapEdge,
  type MapGraph,
  type MapNode,
} from "../graph/map-model.js";
import { addWalk, neighbourSide, type Walked } from "../graph/walk.js";
import {
  addDerived,
  DERIVED,
  readDerived,
  serviceTypes,
  servicesGraph,
  type DerivedEdge,
} from "../graph/map-derived.js";
import { derivedText, MapCanvas, typeSwatch } from "../graph/map-view.js";
import { ciPanel } from "./ci-panel.js";
import { notice, type Page } from "./layout.js";

interface MapData {
  configurationItem: {
    id: string;
    key: string;
    name: string;
    type: string;
    lifecycle: string;
  } | null;
  relationshipTypes: { name: string; dependent: string; membership: boolean }[];
  ciTypes: { name: string; parent: string | null }[];
  deps: Walked;
  users: Walked;
}

const WALK = `truncated impacted { configurationItem { id key name type } path { id } pathRelationshipTypes }`;

/**
 * A CI's dependency map: what it needs below, what depends on it above, to a depth, with the
 * service-to-service dependencies derived from component edges drawn dashed between the services
 * it shows; `view=services` shows only the services and their derived dependencies.
 */
export async function mapPage(key: string, params: URLSearchParams): Promise<Page> {
  const depth = Number(params.get("depth") ?? "2") || 2;
  const dir = params.get("dir") ?? "BOTH";
  const rel = params.get("rel")?.split(",").filter(Boolean) ?? [];
  const types = params.get("types")?.split(",").filter(Boolean) ?? [];
  const highlight = new Set(params.get("highlight")?.split(",").filter(Boolean) ?? []);
  const servicesOnly = params.get("view") === "services";
  const data = await gql<MapData>(
    `query($key: String!, $depth: Int, $rel: [String!], $types: [String!]) {
      configurationItem(ref: { key: $key }) { id key name type lifecycle }
      relationshipTypes { name dependent membership } ciTypes { name parent }
      deps: impactAnalysis(input: { ciKeys: [$key], direction: DEPENDENCIES, maxDepth: $depth, relationshipTypes: $rel, ciTypes: $types }) { ${WALK} }
      users: impactAnalysis(input: { ciKeys: [$key], direction: DEPENDENTS, maxDepth: $depth, relationshipTypes: $rel, ciTypes: $types }) { ${WALK} }
    }`,
    { key, depth, rel: rel.length ? rel : null, types: types.length ? types : null },
  );
  const centre = data.configurationItem;
  if (!centre)
    return {
      title: `No CI ${key}`,
      body: notice(`No configuration item has the key ${key}.`, "error"),
    };
  const dependent = new Map(data.relationshipTypes.map((t) => [t.name, t.dependent]));
  const walked: MapGraph = { nodes: new Map(), edges: [] };
  walked.nodes.set(centre.id, { ...centre, layer: 0, parent: null });
  if (dir !== "DEPENDENTS") addWalk(walked, data.deps, 1, dependent);
  if (dir !== "DEPENDENCIES") addWalk(walked, data.users, -1, dependent);
  const isService = serviceTypes(data.ciTypes);
  const servicesIn = (graph: MapGraph): MapNode[] =>
    [...graph.nodes.values()].filter((n) => isService.has(n.type));
  // derived dependencies are asked once per service and kept for the expansions
  const derived = new Map<string, DerivedEdge[]>();
  const problems: HTMLElement[] = [];
  const deriveFor = async (graph: MapGraph): Promise<void> => {
    const missing = servicesIn(graph)
      .map((n) => n.key)
      .filter((k) => !derived.has(k));
    try {
      for (const [k, v] of await readDerived(missing)) derived.set(k, v);
    } catch (e) {
      problems.push(notice(`Derived dependencies unavailable: ${(e as Error).message}`, "error"));
    }
    addDerived(graph, [...derived.values()].flat());
  };
  let g: MapGraph = walked;
  if (servicesOnly) {
    const seeds = servicesIn(walked);
    try {
      g = await servicesGraph(
        seeds,
        depth,
        dir === "DEPENDENCIES" || dir === "DEPENDENTS" ? dir : "BOTH",
      );
    } catch (e) {
      problems.push(notice(`Derived dependencies unavailable: ${(e as Error).message}`, "error"));
      g = { nodes: new Map(seeds.map((n) => [n.id, n])), edges: [] };
    }
    if (seeds.length === 0)
      problems.push(
        notice(
          `No business or application service is within ${String(depth)} steps of ${centre.key}: nothing to show here.`,
        ),
      );
  } else {
    await deriveFor(g);
  }
  const keysLit = new Set(
    [...g.nodes.values()].filter((n) => highlight.has(n.key)).map((n) => n.id),
  );

  const opened = new Set<string>();
  const relFilter = new Set(rel);
  const typeFilter = new Set(types);
  const expanded = new Set<string>([centre.id]);
  const membership = new Map(data.relationshipTypes.map((t) => [t.name, t]));
  const details = h(
    "aside",
    { class: "details", "aria-live": "polite", "aria-label": "CI details" },
    notice("Click a CI (or Tab to it and press Enter) to expand it and see its details."),
  );
  const key_ = h("div", {});
  const asText = h("details", {});
  const canvas = new MapCanvas({
    label: `dependency map of ${centre.key}`,
    onNode: (n) => void (servicesOnly ? describe(n) : expand(n)),
    onEdge: (e) => show(details, derivedPanel(g, e)),
    onGroup: (grp) => {
      opened.add(grp.id.startsWith("cap:") ? CAP_GROUP : grp.id);
      void draw(grp.parent);
    },
  });

  const draw = async (anchor?: string): Promise<void> => {
    show(key_, legend(g));
    show(asText, h("summary", {}, "The relationships drawn, as text"), relationshipList(g));
    await canvas.draw(g, opened, {
      highlight: keysLit,
      memberOf: membersOf(g, membership),
      ...(anchor ? { anchor } : {}),
    });
  };

  const expand = async (n: MapNode): Promise<void> => {
    void describe(n);
    if (expanded.has(n.id)) return;
    expanded.add(n.id);
    let found;
    try {
      found = await gql<{
        configurationItem: {
          relationships: {
            nodes: {
              type: string;
              direction: "OUTGOING" | "INCOMING";
              other: { id: string; key: string; name: string; type: string };
            }[];
          };
        } | null;
      }>(
        `query($id: ID!) { configurationItem(ref: { id: $id }) { relationships(first: 300) { nodes { type direction other { id key name type } } } } }`,
        { id: n.id },
      );
    } catch (e) {
      expanded.delete(n.id);
      show(details, notice(`Could not expand ${n.key}: ${(e as Error).message}`, "error"));
      return;
    }
    for (const rel of found.configurationItem?.relationships.nodes ?? []) {
      const side = neighbourSide(rel.direction, dependent.get(rel.type));
      if (side === null) continue;
      if (relFilter.size > 0 && !relFilter.has(rel.type)) continue;
      if (typeFilter.size > 0 && !typeFilter.has(rel.other.type)) continue;
      if (side === "DEPENDENCY" && dir === "DEPENDENTS") continue;
      if (side === "DEPENDENT" && dir === "DEPENDENCIES") continue;
      if (!g.nodes.has(rel.other.id)) {
        g.nodes.set(rel.other.id, {
          ...rel.other,
          layer: n.layer + (side === "DEPENDENCY" ? 1 : -1),
          parent: n.id,
        });
      }
      addEdge(
        g,
        rel.direction === "OUTGOING"
          ? { from: n.id, to: rel.other.id, type: rel.type }
          : { from: rel.other.id, to: n.id, type: rel.type },
      );
    }
    await deriveFor(g);
    await draw(n.id);
    canvas.focus(n.id);
  };

  // the panel shows the CI asked for last, whichever answer comes back first
  let asked = 0;
  const describe = async (n: MapNode): Promise<void> => {
    const mine = ++asked;
    show(details, h("p", { role: "status" }, `Reading ${n.key}…`));
    const panel = await ciPanel(n.key);
    if (mine === asked) show(details, panel);
  };

  const controls = filters(key, depth, dir, rel, types, data, servicesOnly);
  await draw();
  if (data.deps.truncated || data.users.truncated)
    details.prepend(notice("The walk reached its node cap: the map is incomplete.", "error"));
  for (const p of problems) details.prepend(p);
  void describe(g.nodes.get(centre.id) ?? (walked.nodes.get(centre.id) as MapNode));
  const other = new URLSearchParams(params);
  if (servicesOnly) other.delete("view");
  else other.set("view", "services");
  const toggle = h(
    "p",
    { class: "view-switch" },
    servicesOnly
      ? `Showing business and application services only, with the dependencies derived between them: ${
          dir === "DEPENDENCIES"
            ? "the services they depend on, below"
            : dir === "DEPENDENTS"
              ? "the services depending on them, above"
              : "the services they depend on below, those depending on them above"
        } (the direction control chooses). `
      : "",
    link(
      `#/map/${encodeURIComponent(key)}${other.size ? `?${other.toString()}` : ""}`,
      servicesOnly ? "Show every CI" : "Services only (derived dependencies)",
    ),
  );
  return {
    title: `Dependency map of ${centre.key}`,
    body: h(
      "section",
      { class: "map-page" },
      controls,
      toggle,
      h("div", { class: "map-layout" }, canvas.element, details),
      key_,
      asText,
    ),
  };
}

/**
 * Which drawn CIs are members of a drawn redundancy group (a membership relationship type: the
 * group is its dependent end); each member is drawn inside one group, groups are not nested.
 */
export function membersOf(
  g: MapGraph,
  types: ReadonlyMap<string, { dependent: string; membership: boolean }>,
): Map<string, string> {
  const memberOf = new Map<string, string>();
  const groups = new Set<string>();
  for (const e of g.edges) {
    const t = types.get(e.type);
    if (!t?.membership || e.indirect) continue;
    const [group, member] = t.dependent === "TARGET" ? [e.to, e.from] : [e.from, e.to];
    groups.add(group);
    if (!memberOf.has(member)) memberOf.set(member, group);
  }
  // one level: a group that is itself a member stays outside
  for (const group of groups) memberOf.delete(group);
  return memberOf;
}

function filters(
  key: string,
  depth: number,
  dir: string,
  rel: string[],
  types: string[],
  data: MapData,
  servicesOnly: boolean,
): HTMLElement {
  const depthInput = h("input", {
    id: "depth",
    type: "number",
    min: 1,
    max: 25,
    value: depth,
    "aria-label": "depth",
  }) as HTMLInputElement;
  const dirSelect = h(
    "select",
    { id: "dir", "aria-label": "direction" },
    ...[
      ["BOTH", "dependencies and dependents"],
      ["DEPENDENCIES", "what it needs"],
      ["DEPENDENTS", "what depends on it"],
    ].map(([v, t]) => h("option", { value: v, selected: v === dir }, t)),
  ) as HTMLSelectElement;
  const relBoxes = data.relationshipTypes
    .filter((t) => t.dependent !== "NONE")
    .map((t) =>
      h(
        "label",
        {},
        h("input", {
          type: "checkbox",
          value: t.name,
          checked: rel.includes(t.name),
          "data-kind": "rel",
        }),
        ` ${t.name}`,
      ),
    );
  const servicesBox = h("input", {
    id: "services-only",
    type: "checkbox",
    checked: servicesOnly,
  }) as HTMLInputElement;
  const typeSelect = h(
    "select",
    { id: "types", multiple: true, size: 4, "aria-label": "CI types shown" },
    ...data.ciTypes.map((t) =>
      h("option", { value: t.name, selected: types.includes(t.name) }, t.name),
    ),
  ) as HTMLSelectElement;
  return h(
    "form",
    {
      class: "filters",
      "aria-label": "map filters",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const form = e.currentTarget as HTMLFormElement;
        const p = new URLSearchParams({ depth: depthInput.value, dir: dirSelect.value });
        const rels = [
          ...form.querySelectorAll<HTMLInputElement>("input[data-kind=rel]:checked"),
        ].map((i) => i.value);
        if (rels.length) p.set("rel", rels.join(","));
        const chosen = [...typeSelect.selectedOptions].map((o) => o.value);
        if (chosen.length) p.set("types", chosen.join(","));
        if (servicesBox.checked) p.set("view", "services");
        location.hash = `#/map/${encodeURIComponent(key)}?${p.toString()}`;
      },
    },
    h("label", { for: "depth" }, "Depth "),
    depthInput,
    h("label", { for: "dir" }, " Direction "),
    dirSelect,
    h("fieldset", {}, h("legend", {}, "Relationship types (none ticked: all)"), ...relBoxes),
    h("label", { for: "types" }, "CI types "),
    typeSelect,
    h("label", { for: "services-only" }, servicesBox, " Services only"),
    h("button", { type: "submit" }, "Apply"),
  );
}

/** What the drawing shows, for those who do not see it. */
function relationshipList(g: MapGraph): HTMLElement {
  const keyOf = (id: string): string => g.nodes.get(id)?.key ?? id;
  return h(
    "ul",
    { "aria-label": "relationships drawn" },
    ...g.edges.map((e) =>
      h(
        "li",
        {},
        e.derived
          ? derivedText(keyOf(e.from), keyOf(e.to), e.derived)
          : `${keyOf(e.from)} ${e.type} ${keyOf(e.to)}`,
      ),
    ),
  );
}

function legend(g: MapGraph): HTMLElement {
  const types = [...new Set([...g.nodes.values()].map((n) => n.type))].sort();
  return h(
    "p",
    { class: "legend", "aria-label": "legend" },
    "Arrows go from a relationship's source to its target; the thick black box is the centre; a dashed box holds a redundancy group's members. ",
    h("span", { class: "entry" }, lineSample("edge"), "relationship"),
    g.edges.some((e) => e.indirect)
      ? h("span", { class: "entry" }, lineSample("edge indirect"), "through CIs left out")
      : null,
    h(
      "span",
      { class: "entry" },
      lineSample("edge derived"),
      "derived: a service depends on another through its components (not stored)",
    ),
    ...types.map((t) => h("span", { class: "entry" }, typeSwatch(t), t)),
  );
}

/** A short line drawn as the map draws an edge of this class. */
function lineSample(cls: string): SVGElement {
  return s(
    "svg",
    { class: "line-sample", width: 34, height: 10, "aria-hidden": "true" },
    s("g", { class: cls }, s("path", { d: "M1 5 H33" })),
  );
}

/** A derived edge's panel: the two services and each component edge it is derived from. */
function derivedPanel(g: MapGraph, e: MapEdge): HTMLElement {
  const from = g.nodes.get(e.from)?.key ?? e.from;
  const to = g.nodes.get(e.to)?.key ?? e.to;
  const via = e.derived ?? [];
  const mapLink = (k: string): HTMLElement => link(`#/map/${encodeURIComponent(k)}`, k);
  return h(
    "section",
    { class: "edge-panel", "aria-label": `derived dependency ${from} to ${to}` },
    h("h2", {}, `${from} → ${to}`),
    h(
      "p",
      {},
      `Derived (${e.type === DERIVED ? "not stored" : e.type}): ${from} depends on ${to} because something under ${from} depends on something that is, or is under, ${to}. Component edges:`,
    ),
    h(
      "ul",
      { "aria-label": "component edges" },
      ...via.map((v) => h("li", {}, mapLink(v.from), ` —${v.type}→ `, mapLink(v.to))),
    ),
  );
}
