import { gql, hasRole, whoAmI, type Me } from "../api.js";
import { h, link, when } from "../dom.js";
import { notice, type Page } from "./layout.js";

const STATES = [
  "DRAFT",
  "SUBMITTED",
  "ASSESSED",
  "APPROVED",
  "REJECTED",
  "SCHEDULED",
  "IMPLEMENTED",
  "FAILED",
  "BACKED_OUT",
  "CLOSED",
  "CANCELLED",
];

interface Listed {
  id: string;
  name: string;
  title: string;
  state: string;
  type: string;
  requester: string;
  plannedStart: string | null;
  assessment: { risk: { score: number; level: string } } | null;
}

export async function rfcsPage(params: URLSearchParams): Promise<Page> {
  const state = params.get("state") ?? "";
  const data = await gql<{ rfcs: { nodes: Listed[] } }>(
    `query($f: RfcFilter) { rfcs(filter: $f, first: 100) { nodes { id name title state type requester plannedStart assessment { risk { score level } } } } }`,
    { f: state ? { states: [state] } : null },
  );
  const select = h(
    "select",
    {
      id: "state",
      "aria-label": "state",
      onchange: (e: Event) => {
        location.hash = `#/rfcs?state=${(e.target as HTMLSelectElement).value}`;
      },
    },
    h("option", { value: "" }, "every state"),
    ...STATES.map((s) => h("option", { value: s, selected: s === state }, s)),
  );
  const rows = data.rfcs.nodes;
  return {
    title: "Requests for change",
    body: h(
      "section",
      {},
      h("label", { for: "state" }, "State "),
      select,
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
                ...["RFC", "Title", "State", "Type", "Risk", "Requester", "Planned"].map((t) =>
                  h("th", {}, t),
                ),
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
                  h("td", {}, r.state),
                  h("td", {}, r.type),
                  h(
                    "td",
                    {},
                    r.assessment
                      ? `${String(r.assessment.risk.score)} ${r.assessment.risk.level}`
                      : "—",
                  ),
                  h("td", {}, r.requester),
                  h("td", {}, when(r.plannedStart)),
                ),
              ),
            ),
          ),
    ),
  };
}

interface Full extends Listed {
  description: string | null;
  priority: string;
  plannedEnd: string | null;
  backOutPlan: string | null;
  failureReason: string | null;
  releaseId: string | null;
  operations: Operation[];
  assessment: {
    number: number;
    requiredApprovals: number;
    impacted: { key: string }[];
    businessServices: { key: string; level: string; criticality: number | null }[];
    risk: {
      score: number;
      level: string;
      reasons: { factor: string; points: number; detail: string }[];
    };
  } | null;
  approvals: { actor: string; at: string; text: string | null }[];
  collisions: { rfc: { id: string; name: string }; sharedCount: number }[];
  staleReasons: string[];
  history: {
    nodes: {
      at: string;
      actor: string;
      kind: string;
      fromState: string | null;
      toState: string | null;
      text: string | null;
    }[];
  };
}

/** An RFC operation as the page reads it: one GraphQL type per kind. */
type Operation =
  | { __typename: "RfcCreateCiOperation"; fields: { key: string; type: string } }
  | {
      __typename: "RfcUpdateCiOperation";
      ci: string;
      changes: { fields: string[] } & Record<string, unknown>;
    }
  | { __typename: "RfcRetireCiOperation"; ci: string }
  | { __typename: "RfcAddRelationshipOperation"; from: string; to: string; type: string }
  | { __typename: "RfcRemoveRelationshipOperation"; from: string; to: string; type: string };

const OPERATION_FIELDS = `__typename
  ... on RfcCreateCiOperation { fields { key type } }
  ... on RfcUpdateCiOperation { ci changes { fields key name type version owner responsibleTeam lifecycle environment criticality attributes replaceAttributes } }
  ... on RfcRetireCiOperation { ci }
  ... on RfcAddRelationshipOperation { from to type }
  ... on RfcRemoveRelationshipOperation { from to type }`;

/** One line per operation: its kind, what it names, and what an update sets. */
function operationText(o: Operation): string {
  switch (o.__typename) {
    case "RfcCreateCiOperation":
      return `CREATE_CI ${o.fields.key} (${o.fields.type})`;
    case "RfcUpdateCiOperation": {
      const set: Record<string, unknown> = {};
      for (const field of o.changes.fields) {
        // VERSION → version, RESPONSIBLE_TEAM → responsibleTeam
        const name = field.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        set[name] =
          name === "attributes"
            ? (o.changes.replaceAttributes ?? o.changes.attributes)
            : o.changes[name];
      }
      return `UPDATE_CI ${o.ci} ${JSON.stringify(set)}`;
    }
    case "RfcRetireCiOperation":
      return `RETIRE_CI ${o.ci}`;
    case "RfcAddRelationshipOperation":
      return `ADD_RELATIONSHIP ${o.from} ${o.type} ${o.to}`;
    case "RfcRemoveRelationshipOperation":
      return `REMOVE_RELATIONSHIP ${o.from} ${o.type} ${o.to}`;
  }
}

/** What the signed-in user may do to this RFC now (the server checks again). */
export function actionsFor(
  me: Me,
  rfc: {
    state: string;
    type: string;
    requester: string;
    releaseId: string | null;
    approvals: { actor: string }[];
    history: { nodes: { actor: string; kind: string }[] };
    staleReasons: string[];
  },
): string[] {
  const requester = me.user === rfc.requester && hasRole(me, "REQUESTER");
  // a stale assessment is assessed again before anything else
  const stale = rfc.staleReasons.length > 0;
  const out: string[] = [];
  if (rfc.state === "DRAFT" && (requester || hasRole(me, "ADMIN"))) out.push("submit");
  const assessable = ["SUBMITTED", "ASSESSED"].includes(rfc.state) || stale;
  if (assessable && (requester || hasRole(me, "APPROVER"))) out.push("assess");
  if (rfc.state === "ASSESSED" && me.user !== rfc.requester && hasRole(me, "APPROVER")) {
    // the server refuses a second approval, and one from whoever wrote the RFC's content
    const wrote = rfc.history.nodes.some(
      (e) => (e.kind === "CREATED" || e.kind === "EDITED") && e.actor === me.user,
    );
    if (!stale && !wrote && !rfc.approvals.some((x) => x.actor === me.user)) out.push("approve");
    out.push("reject");
  }
  if (stale) return out;
  if (rfc.state === "APPROVED" && (requester || hasRole(me, "APPROVER"))) out.push("schedule");
  // a release's RFC is implemented by deploying the release, behind its gates
  const ready = rfc.state === "SCHEDULED" || (rfc.state === "APPROVED" && rfc.type === "EMERGENCY");
  if (ready && rfc.releaseId === null && hasRole(me, "EDITOR")) out.push("implement");
  if (rfc.state === "IMPLEMENTED" && hasRole(me, "EDITOR")) out.push("back out");
  return out;
}

const MUTATIONS: Record<string, string> = {
  submit: `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`,
  assess: `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { id } } }`,
  approve: `mutation($id: ID!, $text: String) { approveRfc(input: { id: $id, comment: $text }) { rfc { id } } }`,
  reject: `mutation($id: ID!, $text: String!) { rejectRfc(input: { id: $id, comment: $text }) { rfc { id } } }`,
  schedule: `mutation($id: ID!) { scheduleRfc(input: { id: $id }) { rfc { id } } }`,
  implement: `mutation($id: ID!) { implementRfc(input: { id: $id }) { rfc { id } } }`,
  "back out": `mutation($id: ID!, $text: String!) { backOutRfc(input: { id: $id, reason: $text }) { rfc { id } } }`,
};

export async function rfcPage(id: string, rerender: () => void): Promise<Page> {
  const [me, data] = await Promise.all([
    whoAmI(),
    gql<{ rfc: Full | null }>(
      `query($id: ID!) { rfc(ref: { id: $id }) { id name title description state type priority requester plannedStart plannedEnd backOutPlan failureReason releaseId
        operations { ${OPERATION_FIELDS} }
        assessment { number requiredApprovals impacted { key } businessServices { key level criticality } risk { score level reasons { factor points detail } } }
        approvals { actor at text } collisions { rfc { id name } sharedCount } staleReasons
        history(first: 500) { nodes { at actor kind fromState toState text } } } }`,
      { id },
    ),
  ]);
  const rfc = data.rfc;
  if (!rfc) return { title: "No such RFC", body: notice(`No RFC has the id ${id}.`, "error") };
  const message = h("div", { "aria-live": "assertive" });
  const note = h("input", {
    id: "note",
    "aria-label": "comment or reason",
    placeholder: "comment or reason",
  }) as HTMLInputElement;
  const actions = actionsFor(me, rfc);
  const act = async (action: string): Promise<void> => {
    const query = MUTATIONS[action];
    if (!query) return;
    const text = note.value.trim() || null;
    if (text === null && (action === "reject" || action === "back out")) {
      message.replaceChildren(
        notice(`Write why to ${action} in the comment field first.`, "error"),
      );
      note.focus();
      return;
    }
    try {
      await gql(query, { id, text });
      rerender();
    } catch (e) {
      message.replaceChildren(notice((e as Error).message, "error"));
    }
  };
  const a = rfc.assessment;
  return {
    title: `${rfc.name}: ${rfc.title}`,
    body: h(
      "section",
      { class: "rfc" },
      h(
        "p",
        { class: "facts" },
        `${rfc.state} · ${rfc.type} · ${rfc.priority} · requested by ${rfc.requester} · planned ${when(rfc.plannedStart)} – ${when(rfc.plannedEnd)}`,
      ),
      rfc.description ? h("p", {}, rfc.description) : null,
      rfc.failureReason ? notice(`Failed: ${rfc.failureReason}`, "error") : null,
      h(
        "div",
        { class: "actions", role: "group", "aria-label": "actions" },
        actions.length ? note : notice("Nothing for you to do on this RFC now."),
        ...actions.map((x) =>
          h(
            "button",
            { type: "button", "data-action": x, onclick: () => void act(x) },
            `${x.slice(0, 1).toUpperCase()}${x.slice(1)}`,
          ),
        ),
      ),
      message,
      h("h2", {}, "Operations"),
      rfc.operations.length === 0
        ? notice("None: it names affected CIs only.")
        : h("ol", {}, ...rfc.operations.map((o) => h("li", {}, operationText(o)))),
      h("h2", {}, "Assessment"),
      a
        ? h(
            "div",
            {},
            h(
              "p",
              { class: `risk risk-${a.risk.level}` },
              `Risk ${String(a.risk.score)} (${a.risk.level}) — ${String(a.impacted.length)} CIs impacted — ${String(a.requiredApprovals)} approval(s) needed — `,
              link(`#/impact?rfc=${rfc.id}`, "see the impact"),
            ),
            h(
              "ul",
              { "aria-label": "risk reasons" },
              ...a.risk.reasons.map((r) =>
                h("li", {}, `+${String(r.points)} ${r.factor}: ${r.detail}`),
              ),
            ),
            rfc.staleReasons.length
              ? h(
                  "div",
                  { class: "stale" },
                  notice(
                    "This assessment is stale: assess it again before it is approved, scheduled or implemented.",
                    "error",
                  ),
                  h(
                    "ul",
                    { "aria-label": "stale reasons" },
                    ...rfc.staleReasons.map((r) => h("li", {}, r)),
                  ),
                )
              : null,
            h(
              "p",
              {},
              "Business services hit: ",
              a.businessServices.map((s) => `${s.key} (${s.level})`).join(", ") || "none",
            ),
          )
        : notice("Not assessed yet."),
      h("h2", {}, "Approvals"),
      rfc.approvals.length
        ? h(
            "ul",
            {},
            ...rfc.approvals.map((x) =>
              h("li", {}, `${x.actor}, ${when(x.at)}${x.text ? `: ${x.text}` : ""}`),
            ),
          )
        : notice("None yet."),
      h("h2", {}, "Collisions"),
      rfc.collisions.length
        ? h(
            "ul",
            {},
            ...rfc.collisions.map((c) =>
              h(
                "li",
                {},
                link(`#/rfc/${c.rfc.id}`, c.rfc.name),
                ` shares ${String(c.sharedCount)} CI(s)`,
              ),
            ),
          )
        : notice("None."),
      h("h2", {}, "History"),
      h(
        "ol",
        { class: "history" },
        ...rfc.history.nodes.map((e) =>
          h(
            "li",
            {},
            `${when(e.at)} ${e.actor}: ${e.kind}${e.toState ? ` → ${e.toState}` : ""}${e.text ? ` — ${e.text}` : ""}`,
          ),
        ),
      ),
    ),
  };
}
