import { gql, hasRole, whoAmI } from "../../api.js";
import { h, link, when } from "../../dom.js";
import { notice, type Page } from "../layout.js";
import { riskBadge, stateBadge } from "./detail.js";
import { LISTED_FIELDS, STATES, words, type Listed } from "./model.js";

export async function rfcListPage(params: URLSearchParams): Promise<Page> {
  const state = params.get("state") ?? "";
  const [me, data] = await Promise.all([
    whoAmI(),
    gql<{ rfcs: { nodes: Listed[] } }>(
      `query Rfcs($f: RfcFilter) { rfcs(filter: $f, first: 100) { nodes { ${LISTED_FIELDS} } } }`,
      { f: state ? { states: [state] } : null },
    ),
  ]);
  const select = h(
    "select",
    {
      id: "state",
      onchange: (e: Event) => {
        location.hash = `#/rfcs?state=${(e.target as HTMLSelectElement).value}`;
      },
    },
    h("option", { value: "" }, "every state"),
    ...STATES.map((s) => h("option", { value: s, selected: s === state }, words(s))),
  );
  const rows = data.rfcs.nodes;
  return {
    title: "Requests for change",
    body: h(
      "section",
      { class: "rfc-list" },
      h(
        "div",
        { class: "toolbar" },
        h("label", { for: "state" }, "State "),
        select,
        hasRole(me, "REQUESTER")
          ? h("a", { class: "button-link", href: "#/rfc/new" }, "New RFC")
          : null,
      ),
      rows.length === 0
        ? notice("No RFC.")
        : h(
            "table",
            { class: "results", "aria-label": "RFCs" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ...[
                  "RFC",
                  "Title",
                  "State",
                  "Type",
                  "Assessed risk",
                  "Priority",
                  "Requester",
                  "Planned",
                ].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h(
              "tbody",
              {},
              ...rows.map((r) =>
                h(
                  "tr",
                  {},
                  h("td", {}, link(`#/rfc/${r.id}`, r.name)),
                  h("td", {}, r.title),
                  h("td", {}, stateBadge(r.state)),
                  h("td", {}, r.type.toLowerCase()),
                  h("td", {}, riskBadge(r.assessment ? r.assessment.risk : null)),
                  h("td", {}, r.priority.toLowerCase()),
                  h("td", {}, r.requester),
                  h("td", {}, when(r.plannedStart)),
                ),
              ),
            ),
          ),
    ),
  };
}
