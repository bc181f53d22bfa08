import { gql } from "../api.js";
import { h, link, when } from "../dom.js";
import { typeSwatch } from "../graph/map-view.js";
import { notice } from "./layout.js";
import { raiseChangeLink } from "./rfc/links.js";

/** States of an RFC still under way: it may yet change the CI. */
const OPEN_STATES = [
  "DRAFT",
  "SUBMITTED",
  "ASSESSED",
  "APPROVED",
  "SCHEDULED",
  "IMPLEMENTED",
  "FAILED",
  "BACKED_OUT",
];

interface PanelData {
  configurationItem: {
    id: string;
    key: string;
    name: string;
    type: string;
    version: string | null;
    owner: string | null;
    responsibleTeam: string | null;
    lifecycle: string;
    environment: string | null;
    criticality: number | null;
    attributes: Record<string, unknown>;
    updatedAt: string;
    revision: number;
    relationships: {
      totalCount: number;
      nodes: {
        type: string;
        label: string;
        direction: string;
        other: { key: string; type: string };
      }[];
    };
    history: {
      nodes: {
        revision: number;
        operation: string;
        actor: string;
        validFrom: string;
        reason: string | null;
        changes: { field: string }[];
      }[];
    };
  } | null;
  rfcs: { nodes: { id: string; name: string; title: string; state: string }[] };
  unauthorizedChangesConnection: {
    totalCount: number;
    nodes: { id: string; source: string; detectedAt: string; changes: { field: string }[] }[];
  };
  discoveryProvenance: {
    sightings: { source: string; stale: boolean; lastSeen: string; missedRuns: number }[];
  } | null;
}

const RELATIONSHIPS_SHOWN = 40;

/**
 * Everything a reader asks of one CI beside its map: who owns and runs it, where it stands,
 * its attributes and relationships, its recent history, the open RFCs that touch it, and the
 * way to its impact and its own map.
 */
export async function ciPanel(key: string): Promise<HTMLElement> {
  let data: PanelData;
  try {
    data = await gql<PanelData>(
      `query($key: String!, $states: [RfcState!]) {
        configurationItem(ref: { key: $key }) {
          id key name type version owner responsibleTeam lifecycle environment criticality attributes updatedAt revision
          relationships(first: ${String(RELATIONSHIPS_SHOWN)}) { totalCount nodes { type label direction other { key type } } }
          history(first: 5, order: NEWEST_FIRST) { nodes { revision operation actor validFrom reason changes { field } } }
        }
        rfcs(filter: { ciKey: $key, states: $states }, first: 20) { nodes { id name title state } }
        unauthorizedChangesConnection(filter: { ci: { key: $key }, status: OPEN }, first: 3) {
          totalCount nodes { id source detectedAt changes { field } }
        }
        discoveryProvenance(ci: { key: $key }) { sightings { source stale lastSeen missedRuns } }
      }`,
      { key, states: OPEN_STATES },
    );
  } catch (e) {
    return h(
      "section",
      { class: "ci-panel" },
      notice(`Could not read ${key}: ${(e as Error).message}`, "error"),
    );
  }
  const ci = data.configurationItem;
  if (!ci)
    return h(
      "section",
      { class: "ci-panel" },
      notice(`No configuration item has the key ${key}.`, "error"),
    );
  const said = (v: string | number | null): string => (v === null || v === "" ? "—" : String(v));
  const attrs = Object.entries(ci.attributes);
  const rels = ci.relationships;
  return h(
    "section",
    { class: "ci-panel", "aria-label": `details of ${ci.key}` },
    h("h2", {}, ci.key),
    h("p", {}, typeSwatch(ci.type), ` ${ci.type} — ${ci.name}`),
    discoveryWarnings(ci.key, data),
    h(
      "ul",
      { class: "panel-links" },
      h("li", {}, link(`#/map/${encodeURIComponent(ci.key)}`, `Map centred on ${ci.key}`)),
      h(
        "li",
        {},
        link(`#/impact?keys=${encodeURIComponent(ci.key)}`, `What changing ${ci.key} hits`),
      ),
      h("li", {}, raiseChangeLink(ci.key)),
    ),
    h(
      "dl",
      {},
      ...field("Owner", said(ci.owner)),
      ...field("Team", said(ci.responsibleTeam)),
      ...field("Lifecycle", ci.lifecycle),
      ...field("Environment", said(ci.environment)),
      ...field("Version", said(ci.version)),
      ...field(
        "Criticality",
        ci.criticality === null ? "—" : `${String(ci.criticality)} (1 = most critical)`,
      ),
      ...field("Revision", `${String(ci.revision)}, ${when(ci.updatedAt)}`),
    ),
    h("h3", {}, `Attributes (${String(attrs.length)})`),
    attrs.length === 0
      ? h("p", {}, "None.")
      : h(
          "dl",
          { "aria-label": "attributes" },
          ...attrs.flatMap(([k, v]) => field(k, typeof v === "string" ? v : JSON.stringify(v))),
        ),
    h("h3", {}, `Relationships (${String(rels.totalCount)})`),
    h(
      "ul",
      { "aria-label": "relationships" },
      ...rels.nodes.map((r) =>
        r.direction === "OUTGOING"
          ? h(
              "li",
              {},
              `${ci.key} —${r.type}→ `,
              link(`#/map/${encodeURIComponent(r.other.key)}`, r.other.key),
              ` (${r.other.type})`,
            )
          : h(
              "li",
              {},
              link(`#/map/${encodeURIComponent(r.other.key)}`, r.other.key),
              ` (${r.other.type}) —${r.type}→ ${ci.key}`,
            ),
      ),
    ),
    rels.totalCount > rels.nodes.length
      ? h("p", {}, `and ${String(rels.totalCount - rels.nodes.length)} more (see the map).`)
      : null,
    h("h3", {}, "Recent history"),
    h(
      "ol",
      { "aria-label": "recent history", reversed: true },
      ...ci.history.nodes.map((v) =>
        h(
          "li",
          { value: v.revision },
          `${when(v.validFrom)} ${v.operation} by ${v.actor}`,
          v.changes.length ? `: ${v.changes.map((c) => c.field).join(", ")}` : "",
          v.reason ? ` — ${v.reason}` : "",
        ),
      ),
    ),
    h("h3", {}, "Open RFCs touching it"),
    data.rfcs.nodes.length === 0
      ? h("p", {}, "None.")
      : h(
          "ul",
          { "aria-label": "open RFCs" },
          ...data.rfcs.nodes.map((r) =>
            h(
              "li",
              {},
              link(`#/rfc/${encodeURIComponent(r.id)}`, `${r.name}: ${r.title}`),
              ` (${r.state})`,
            ),
          ),
        ),
  );
}

/**
 * What discovery says against the CMDB about this CI: open unauthorized changes (a source saw it
 * changed with no RFC) and sources that stopped reporting it (stale). Nothing when all is well.
 */
function discoveryWarnings(key: string, data: PanelData): HTMLElement | null {
  const open = data.unauthorizedChangesConnection;
  const stale = (data.discoveryProvenance?.sightings ?? []).filter((s) => s.stale);
  if (open.totalCount === 0 && stale.length === 0) return null;
  return h(
    "div",
    { class: "discovery-warnings", role: "note", "aria-label": "discovery warnings" },
    open.totalCount > 0
      ? h(
          "p",
          { class: "marker unauthorized" },
          h(
            "strong",
            {},
            `${String(open.totalCount)} open unauthorized change${open.totalCount === 1 ? "" : "s"}`,
          ),
          `: ${open.nodes
            .map(
              (c) =>
                `${c.changes.map((f) => f.field).join(", ") || "relationships"} seen by ${c.source} at ${when(c.detectedAt)}`,
            )
            .join("; ")}. `,
          link(`#/unauthorized?ci=${encodeURIComponent(key)}&status=OPEN`, "See what differs"),
        )
      : null,
    stale.length > 0
      ? h(
          "p",
          { class: "marker stale" },
          h("strong", {}, "Stale discovery"),
          `: ${stale
            .map(
              (s) =>
                `${s.source} has not reported it for ${String(s.missedRuns)} run${s.missedRuns === 1 ? "" : "s"} (last ${when(s.lastSeen)})`,
            )
            .join("; ")}.`,
        )
      : null,
  );
}

function field(name: string, value: string): HTMLElement[] {
  return [h("dt", {}, name), h("dd", {}, value)];
}
