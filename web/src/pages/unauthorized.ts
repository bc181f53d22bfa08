import { gql, hasRole, whoAmI, type Me } from "../api.js";
import { h, link, show, when } from "../dom.js";
import { notice, type Page } from "./layout.js";

/** Changes a page lists at a time. */
export const PAGE_SIZE = 20;

const STATUSES = ["OPEN", "RFC_OPENED"] as const;

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface UnauthorizedChange {
  id: string;
  ciKey: string;
  source: string;
  detectedAt: string;
  held: boolean;
  status: string;
  rfcId: string | null;
  rfc: { id: string; name: string; title: string; state: string } | null;
  changes: FieldChange[];
  relationships: { change: string; from: string; type: string; to: string }[];
  configurationItem: { key: string; name: string; type: string; lifecycle: string } | null;
}

interface ListData {
  unauthorizedChangesConnection: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean };
    nodes: UnauthorizedChange[];
  };
}

const LIST = `query($filter: UnauthorizedChangeFilter, $first: Int!, $after: String) {
  unauthorizedChangesConnection(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor hasPreviousPage }
    nodes {
      id ciKey source detectedAt held status rfcId
      rfc { id name title state }
      changes { field before after }
      relationships { change from type to }
      configurationItem { key name type lifecycle }
    }
  }
}`;

/**
 * `#/unauthorized?source=&status=&ci=&after=`: what discovery found changed on PRODUCTION CIs
 * with no implemented RFC covering it, newest first, a page at a time: each change field by
 * field (the CMDB's value, the source's), the relationships that appeared or went, which source
 * saw it and when. An APPROVER opens its retrospective RFC in one step.
 */
export async function unauthorizedPage(params: URLSearchParams): Promise<Page> {
  const source = params.get("source")?.trim() ?? "";
  const status = params.get("status") ?? "";
  const ci = params.get("ci")?.trim() ?? "";
  const after = params.get("after");
  const filter = {
    ...(source ? { source } : {}),
    ...(STATUSES.includes(status as (typeof STATUSES)[number]) ? { status } : {}),
    ...(ci ? { ci: { key: ci } } : {}),
  };
  const [me, data] = await Promise.all([
    whoAmI(),
    gql<ListData>(LIST, {
      filter: Object.keys(filter).length ? filter : null,
      first: PAGE_SIZE,
      after,
    }),
  ]);
  const list = data.unauthorizedChangesConnection;
  const next = new URLSearchParams(params);
  if (list.pageInfo.endCursor) next.set("after", list.pageInfo.endCursor);
  const first = new URLSearchParams(params);
  first.delete("after");
  const paging = h(
    "nav",
    { class: "pager", "aria-label": "pages of unauthorized changes" },
    h(
      "span",
      { role: "status" },
      list.totalCount === 0
        ? "No unauthorized change matches."
        : `${String(list.nodes.length)} shown of ${String(list.totalCount)}${after ? " (a later page)" : ""}. `,
    ),
    after ? link(`#/unauthorized?${first.toString()}`, "First page") : null,
    list.pageInfo.hasNextPage ? link(`#/unauthorized?${next.toString()}`, "Next page") : null,
  );
  return {
    title: "Unauthorized changes",
    body: h(
      "section",
      { class: "unauthorized-page" },
      h(
        "p",
        {},
        "What a discovery source found different on a PRODUCTION CI with no implemented RFC covering it, newest first. ",
        hasRole(me, "APPROVER")
          ? "Open a change's retrospective RFC to carry it through change management."
          : "An APPROVER opens a change's retrospective RFC.",
      ),
      filters(source, status, ci),
      paging,
      h(
        "ol",
        { class: "unauthorized-list", "aria-label": "unauthorized changes" },
        ...list.nodes.map((c) => h("li", {}, changeCard(c, me))),
      ),
    ),
  };
}

function filters(source: string, status: string, ci: string): HTMLElement {
  const sourceInput = h("input", {
    id: "uc-source",
    type: "text",
    value: source,
    placeholder: "any source",
    autocomplete: "off",
  }) as HTMLInputElement;
  const ciInput = h("input", {
    id: "uc-ci",
    type: "text",
    value: ci,
    placeholder: "any CI",
    autocomplete: "off",
  }) as HTMLInputElement;
  const statusSelect = h(
    "select",
    { id: "uc-status" },
    h("option", { value: "", selected: status === "" }, "any"),
    h("option", { value: "OPEN", selected: status === "OPEN" }, "open (no RFC yet)"),
    h("option", { value: "RFC_OPENED", selected: status === "RFC_OPENED" }, "RFC opened"),
  ) as HTMLSelectElement;
  return h(
    "form",
    {
      class: "filters",
      "aria-label": "filter unauthorized changes",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const p = new URLSearchParams();
        if (sourceInput.value.trim()) p.set("source", sourceInput.value.trim());
        if (statusSelect.value) p.set("status", statusSelect.value);
        if (ciInput.value.trim()) p.set("ci", ciInput.value.trim());
        location.hash = `#/unauthorized${p.size ? `?${p.toString()}` : ""}`;
      },
    },
    h("label", { for: "uc-source" }, "Source "),
    sourceInput,
    h("label", { for: "uc-status" }, " Status "),
    statusSelect,
    h("label", { for: "uc-ci" }, " CI key "),
    ciInput,
    h("button", { type: "submit" }, "Apply"),
  );
}

/** A field's value as written in the table: JSON for anything but a string, "unset" for null. */
function value(v: unknown): string {
  if (v === null || v === undefined) return "(unset)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** One unauthorized change: what differs, where it was seen, and its retrospective RFC. */
export function changeCard(c: UnauthorizedChange, me: Me): HTMLElement {
  const heading = `${c.ciKey}: ${String(c.changes.length)} field${c.changes.length === 1 ? "" : "s"}${c.relationships.length ? `, ${String(c.relationships.length)} relationship${c.relationships.length === 1 ? "" : "s"}` : ""}`;
  const result = h("div", { class: "uc-result" });
  const action =
    c.status === "OPEN"
      ? hasRole(me, "APPROVER")
        ? h(
            "button",
            {
              type: "button",
              class: "primary",
              onclick: (e: Event) =>
                void openRetrospective(c, e.currentTarget as HTMLElement, result),
            },
            `Open the retrospective RFC for ${c.ciKey}`,
          )
        : h("p", { class: "muted" }, "No retrospective RFC yet (an APPROVER opens it).")
      : c.rfcId
        ? h(
            "p",
            {},
            "Retrospective RFC: ",
            link(
              `#/rfc/${encodeURIComponent(c.rfcId)}`,
              c.rfc ? `${c.rfc.name}: ${c.rfc.title}` : c.rfcId,
            ),
            c.rfc ? ` (${c.rfc.state})` : "",
          )
        : null;
  return h(
    "article",
    {
      class: `unauthorized-change status-${c.status}`,
      "aria-label": `unauthorized change of ${c.ciKey}`,
    },
    h(
      "h2",
      {},
      link(`#/map/${encodeURIComponent(c.ciKey)}`, c.ciKey),
      heading.slice(c.ciKey.length),
    ),
    h(
      "p",
      { class: "uc-meta" },
      `Seen by source ${c.source} at ${when(c.detectedAt)}; `,
      c.held ? "held: the CMDB kept its values. " : "applied to the CMDB. ",
      `Status: ${c.status === "OPEN" ? "open" : "RFC opened"}.`,
      c.configurationItem
        ? ` The CI now: ${c.configurationItem.type} ${c.configurationItem.name}, ${c.configurationItem.lifecycle}.`
        : " The CI is no longer found.",
    ),
    c.changes.length
      ? h(
          "table",
          { class: "uc-fields", "aria-label": `fields that differ on ${c.ciKey}` },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Field"),
              h("th", { scope: "col" }, "In the CMDB (before)"),
              h("th", { scope: "col" }, `Seen by ${c.source} (after)`),
            ),
          ),
          h(
            "tbody",
            {},
            ...c.changes.map((f) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, f.field),
                h("td", {}, value(f.before)),
                h("td", {}, value(f.after)),
              ),
            ),
          ),
        )
      : null,
    c.relationships.length
      ? h(
          "ul",
          { "aria-label": `relationships that changed on ${c.ciKey}` },
          ...c.relationships.map((r) =>
            h(
              "li",
              {},
              `${r.change === "APPEARED" ? "appeared" : "disappeared"}: ${r.from} —${r.type}→ ${r.to}`,
            ),
          ),
        )
      : null,
    action,
    result,
  );
}

async function openRetrospective(
  c: UnauthorizedChange,
  button: HTMLElement,
  result: HTMLElement,
): Promise<void> {
  button.setAttribute("disabled", "");
  show(result, h("p", { role: "status" }, "Opening the retrospective RFC…"));
  try {
    const { openRetrospectiveRfc } = await gql<{
      openRetrospectiveRfc: { rfcId: string; rfcNumber: number };
    }>(
      `mutation($input: OpenRetrospectiveRfcInput!) { openRetrospectiveRfc(input: $input) { rfcId rfcNumber } }`,
      { input: { unauthorizedChangeId: c.id } },
    );
    // the RFC is a DRAFT on the CI, the approver its requester: go on with it there
    location.hash = `#/rfc/${encodeURIComponent(openRetrospectiveRfc.rfcId)}`;
  } catch (e) {
    button.removeAttribute("disabled");
    show(result, notice(`Could not open the retrospective RFC: ${(e as Error).message}`, "error"));
  }
}
