import { gql, hasRole, whoAmI } from "../api.js";
import { h, link, when } from "../dom.js";
import { notice, type Page } from "./layout.js";

interface Glance {
  baselines: {
    totalCount: number;
    nodes: {
      id: string;
      name: string;
      takenAt: string;
      ciCount: number;
      scope: { kind: string; description: string; ciKey: string | null; depth: number | null };
    }[];
  };
  integrityRuns: {
    nodes: {
      at: string;
      failed: boolean;
      results: {
        rule: string;
        level: string;
        enabled: boolean;
        count: number;
        previousCount: number | null;
        offenders: { nodes: { key: string; detail: string }[] };
      }[];
    }[];
  };
  releaseCalendar: {
    releases: {
      id: string;
      name: string;
      version: string;
      type: string;
      status: string;
      plannedDate: string;
      serviceKeys: string[];
    }[];
    frequency: { serviceKey: string; month: string; releases: number; emergency: number }[];
  };
}

interface Drift {
  compareBaseline: {
    empty: boolean;
    addedCis: { key: string }[];
    removedCis: { key: string }[];
    changedCis: { key: string; changes: { field: string; before: unknown; after: unknown }[] }[];
    addedRelationships: { from: string; type: string; to: string }[];
    removedRelationships: { from: string; type: string; to: string }[];
  };
}

/** Baselines (drift against now), the integrity report, the release calendar. */
export async function glancePage(params: URLSearchParams, rerender: () => void): Promise<Page> {
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const [me, data] = await Promise.all([
    whoAmI(),
    gql<Glance>(
      `query($from: DateTime!, $to: DateTime!) {
        baselines(first: 100) { totalCount nodes { id name takenAt ciCount scope { kind description ciKey depth } } }
        integrityRuns(first: 1) { nodes { at failed results { rule level enabled count previousCount offenders(first: 10) { nodes { key detail } } } } }
        releaseCalendar(from: $from, to: $to) { releases { id name version type status plannedDate serviceKeys } frequency { serviceKey month releases emergency } }
      }`,
      { from, to },
    ),
  ]);
  const chosen = params.get("baseline");
  const drift = chosen
    ? await gql<Drift>(
        `query($b: String!) { compareBaseline(baseline: { name: $b }) { empty addedCis { key } removedCis { key } changedCis { key changes { field before after } } addedRelationships { from type to } removedRelationships { from type to } } }`,
        { b: chosen },
      )
    : null;
  const run = data.integrityRuns.nodes[0];
  const message = h("div", { "aria-live": "assertive" });
  const runNow = async (): Promise<void> => {
    try {
      await gql(`mutation { runIntegrityCheck(input: {}) { integrityReport { id } } }`);
      rerender();
    } catch (e) {
      message.replaceChildren(notice((e as Error).message, "error"));
    }
  };
  return {
    title: "Baselines, integrity, releases",
    body: h(
      "div",
      { class: "glance" },
      h(
        "section",
        { "aria-labelledby": "b-h" },
        h("h2", { id: "b-h" }, "Baselines"),
        data.baselines.nodes.length === 0
          ? notice("No baseline yet.")
          : h(
              "ul",
              {},
              ...data.baselines.nodes.map((b) =>
                h(
                  "li",
                  {},
                  link(`#/glance?baseline=${encodeURIComponent(b.name)}`, b.name),
                  ` — ${b.scope.description}, ${String(b.ciCount)} CIs, ${when(b.takenAt)}`,
                ),
              ),
            ),
        data.baselines.totalCount > data.baselines.nodes.length
          ? notice(
              `The newest ${String(data.baselines.nodes.length)} of ${String(data.baselines.totalCount)} baselines.`,
            )
          : null,
        drift && chosen
          ? driftView(
              chosen,
              drift,
              data.baselines.nodes.find((b) => b.name === chosen)?.scope ?? null,
            )
          : null,
      ),
      h(
        "section",
        { "aria-labelledby": "i-h" },
        h("h2", { id: "i-h" }, "Integrity"),
        hasRole(me, "EDITOR")
          ? h("button", { type: "button", onclick: () => void runNow() }, "Run the checks now")
          : null,
        message,
        run
          ? h(
              "div",
              {},
              h(
                "p",
                { class: run.failed ? "risk risk-HIGH" : "risk risk-LOW" },
                `Last run ${when(run.at)}: ${run.failed ? "FAILED" : "passed"}`,
              ),
              h(
                "table",
                { class: "results", "aria-label": "integrity report" },
                h(
                  "thead",
                  {},
                  h(
                    "tr",
                    {},
                    ...["Rule", "Level", "Count", "Before", "Offending CIs"].map((t) =>
                      h("th", {}, t),
                    ),
                  ),
                ),
                h(
                  "tbody",
                  {},
                  ...run.results.map((r) =>
                    h(
                      "tr",
                      { class: r.count > 0 && r.enabled ? `bad-${r.level}` : "" },
                      h("td", {}, r.rule),
                      h("td", {}, r.enabled ? r.level : "off"),
                      h("td", {}, String(r.count)),
                      h("td", {}, r.previousCount === null ? "—" : String(r.previousCount)),
                      h(
                        "td",
                        {},
                        ...r.offenders.nodes.flatMap((o) => [
                          link(`#/map/${encodeURIComponent(o.key)}`, o.key, { title: o.detail }),
                          " ",
                        ]),
                      ),
                    ),
                  ),
                ),
              ),
            )
          : notice("No integrity run yet."),
      ),
      h(
        "section",
        { "aria-labelledby": "r-h" },
        h("h2", { id: "r-h" }, "Release calendar"),
        data.releaseCalendar.releases.length === 0
          ? notice("No release planned in the last 30 or next 90 days.")
          : h(
              "table",
              { class: "results", "aria-label": "release calendar" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ...["Planned", "Release", "Type", "Status", "Services"].map((t) =>
                    h("th", {}, t),
                  ),
                ),
              ),
              h(
                "tbody",
                {},
                ...data.releaseCalendar.releases.map((r) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, when(r.plannedDate)),
                    h("td", {}, `${r.name} ${r.version}`),
                    h("td", {}, r.type),
                    h("td", {}, r.status),
                    h("td", {}, r.serviceKeys.join(", ")),
                  ),
                ),
              ),
            ),
        data.releaseCalendar.frequency.length
          ? h(
              "ul",
              { "aria-label": "releases per service" },
              ...data.releaseCalendar.frequency.map((f) =>
                h(
                  "li",
                  {},
                  `${f.serviceKey} ${f.month}: ${String(f.releases)} release(s), ${String(f.emergency)} emergency`,
                ),
              ),
            )
          : null,
      ),
    ),
  };
}

function driftView(
  name: string,
  d: Drift,
  scope: { ciKey: string | null; depth: number | null } | null,
): HTMLElement {
  const ciKey = scope?.ciKey ?? null;
  // the baseline's own depth; without one, the map's deepest (the server caps it)
  const depth = String(scope?.depth ?? 10);
  const c = d.compareBaseline;
  if (c.empty) return notice(`${name}: no drift.`);
  const changed = [...c.addedCis, ...c.changedCis].map((x) => x.key);
  return h(
    "div",
    { class: "drift", "aria-label": `drift from ${name}` },
    h("h3", {}, `Drift from ${name}`),
    ciKey
      ? link(
          `#/map/${encodeURIComponent(ciKey)}?dir=DEPENDENCIES&depth=${depth}&highlight=${encodeURIComponent(changed.join(","))}`,
          "Show the drift on the map",
        )
      : null,
    h(
      "ul",
      {},
      ...c.addedCis.map((x) => h("li", { class: "added" }, `+ ${x.key}`)),
      ...c.removedCis.map((x) => h("li", { class: "removed" }, `− ${x.key}`)),
      ...c.changedCis.map((x) =>
        h(
          "li",
          { class: "changed" },
          `~ ${x.key}: ${x.changes.map((f) => `${f.field} ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join("; ")}`,
        ),
      ),
      ...c.addedRelationships.map((r) =>
        h("li", { class: "added" }, `+ ${r.from} ${r.type} ${r.to}`),
      ),
      ...c.removedRelationships.map((r) =>
        h("li", { class: "removed" }, `− ${r.from} ${r.type} ${r.to}`),
      ),
    ),
  );
}
