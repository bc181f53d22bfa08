import { gql, whoAmI } from "../../api.js";
import { h, link, when } from "../../dom.js";
import { notice, type Page } from "../layout.js";
import { services, servicesThrough } from "../../graph/impact-source.js";
import { ImpactTable } from "../impact-table.js";
import { actionPanel } from "./actions.js";
import { FieldErrors } from "./field-errors.js";
import { FULL_QUERY, operationText, riskText, words, type AssessedCi, type Full } from "./model.js";
import { actionsFor } from "./permissions.js";

export function stateBadge(state: string): HTMLElement {
  return h("span", { class: `state-badge state-${state}` }, words(state));
}

/** The assessed risk with its level in words and colour: never the requester's priority. */
export function riskBadge(risk: { score: number; level: string } | null): HTMLElement {
  if (!risk) return h("span", { class: "risk-badge none" }, "not assessed");
  return h("span", { class: `risk-badge risk-${risk.level}` }, riskText(risk));
}

/** One term and its value, kept together (a grid of pairs never splits a label from its value). */
function fact(term: string, ...value: (Node | string)[]): HTMLElement {
  return h("div", { class: "fact" }, h("dt", {}, term), h("dd", {}, ...value));
}

function prose(title: string, text: string | null): HTMLElement | null {
  return text ? h("div", { class: "prose" }, h("h3", {}, title), h("p", {}, text)) : null;
}

function impactTable(label: string, rows: AssessedCi[]): HTMLElement {
  return h(
    "table",
    { class: "results impact-table", "aria-label": label },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["CI", "Name", "Type", "Level", "Distance", "Criticality"].map((t, i) =>
          h("th", { scope: "col", class: i >= 4 ? "num" : null }, t),
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
          h("td", {}, link(`#/map/${encodeURIComponent(r.key)}`, r.key)),
          h("td", {}, r.configurationItem?.name ?? "(gone)"),
          h("td", {}, r.configurationItem?.type ?? "—"),
          h("td", {}, h("span", { class: `level level-${r.level}` }, r.level.replace("_", " "))),
          h("td", { class: "num" }, String(r.distance)),
          h("td", { class: "num" }, r.criticality === null ? "—" : String(r.criticality)),
        ),
      ),
    ),
  );
}

async function assessmentSection(rfc: Full, ciTypes: readonly string[]): Promise<HTMLElement> {
  const a = rfc.assessment;
  const section = h(
    "section",
    { "aria-labelledby": "assessment-title" },
    h("h2", { id: "assessment-title" }, "Assessment"),
  );
  if (!a) {
    section.append(notice("Not assessed yet."));
    return section;
  }
  const hits = services(
    a.businessServices.map((s) => ({
      ...s,
      configurationItem: s.configurationItem
        ? { ...s.configurationItem, criticality: s.criticality }
        : null,
    })),
  );
  // the impacted CIs a page at a time, from the pages the assessment stored
  const table = new ImpactTable({
    source: { kind: "assessment", rfcId: rfc.id },
    through: servicesThrough(hits),
    ciTypes,
    label: "impacted CIs",
    fileName: `${rfc.name}-assessment-${String(a.number)}`,
    onRow: null,
  });
  if (a.counts.total > 0) await table.render();
  const parts: (HTMLElement | null)[] = [
    h(
      "p",
      { class: "assessment-summary" },
      riskBadge(a.risk),
      ` Assessment ${String(a.number)} by ${a.by}, ${when(a.at)}: ${String(a.counts.total)} CIs impacted (${String(a.counts.down)} down, ${String(a.counts.degraded)} degraded, ${String(a.counts.atRisk)} at risk)${a.truncated ? " (walk truncated)" : ""}; ${String(a.requiredApprovals)} approval(s) needed — `,
      link(`#/impact?rfc=${rfc.id}`, "see the impact drawn"),
    ),
    h("h3", {}, "Why this risk"),
    h(
      "ul",
      { "aria-label": "risk reasons" },
      ...a.risk.reasons.map((r) => h("li", {}, `+${String(r.points)} ${r.factor}: ${r.detail}`)),
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
    h("h3", {}, "Business services hit"),
    a.businessServices.length
      ? impactTable("business services hit", a.businessServices)
      : h("p", {}, "None."),
    h("h3", {}, `Impacted CIs (${String(a.counts.total)})`),
    a.counts.total ? table.element : h("p", {}, "None."),
  ];
  section.append(...parts.filter((x): x is HTMLElement => x !== null));
  return section;
}

function implementationSection(rfc: Full): HTMLElement | null {
  const impl = rfc.implementation;
  if (!impl) return null;
  return h(
    "section",
    { "aria-labelledby": "impl-title" },
    h("h2", { id: "impl-title" }, "Implementation and before-images"),
    h(
      "p",
      {},
      `Implemented by ${impl.by}, ${when(impl.at)}. What each operation found before it wrote:`,
    ),
    h(
      "table",
      { class: "results", "aria-label": "before-images" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Operation", "On", "Before", "Revision after"].map((t, i) =>
            h("th", { scope: "col", class: i === 3 ? "num" : null }, t),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        ...impl.beforeImages.map((b) =>
          h(
            "tr",
            {},
            h("td", {}, b.operation),
            h("td", {}, b.ciKey ?? b.relationship ?? "—"),
            h(
              "td",
              { class: "before" },
              b.before
                ? `${b.before.name} · ${b.before.type} · ${b.before.lifecycle} · version ${b.before.version ?? "—"} · owner ${b.before.owner ?? "—"}`
                : b.operation === "CREATE_CI"
                  ? "(did not exist)"
                  : "—",
            ),
            h("td", { class: "num" }, b.revisionAfter === null ? "—" : String(b.revisionAfter)),
          ),
        ),
      ),
    ),
  );
}

function reviewSection(rfc: Full): HTMLElement | null {
  if (!rfc.review && !rfc.retrospective && !rfc.retrospectiveDue) return null;
  return h(
    "section",
    { "aria-labelledby": "review-title", class: "reviews" },
    h("h2", { id: "review-title" }, "Reviews"),
    rfc.review
      ? h(
          "div",
          { class: "review", "aria-label": "post-implementation review" },
          h("h3", {}, "Post-implementation review"),
          h(
            "p",
            {},
            h("strong", {}, `Outcome: ${words(rfc.review.outcome)}`),
            ` — ${rfc.review.by}, ${when(rfc.review.at)}`,
          ),
          h("p", { class: "review-notes" }, rfc.review.notes),
        )
      : null,
    rfc.retrospective
      ? h(
          "div",
          { class: "review", "aria-label": "retrospective review" },
          h("h3", {}, "Emergency retrospective"),
          h("p", {}, `${rfc.retrospective.by}, ${when(rfc.retrospective.at)}`),
          h("p", { class: "review-notes" }, rfc.retrospective.notes),
        )
      : rfc.retrospectiveDue
        ? notice("This emergency change still owes its retrospective review.", "error")
        : null,
  );
}

function commentForm(id: string, done: () => void): HTMLElement {
  const errors = new FieldErrors();
  const text = h("textarea", { rows: 2 }) as HTMLTextAreaElement;
  return h(
    "form",
    {
      class: "comment-form",
      onsubmit: (e: Event) => {
        e.preventDefault();
        gql(
          `mutation Comment($id: ID!, $text: String!) { commentOnRfc(input: { id: $id, text: $text }) { comment { id } } }`,
          {
            id,
            text: text.value,
          },
        ).then(done, (err: unknown) => errors.show(err));
      },
    },
    errors.general,
    errors.field("text", "Add a comment", text),
    h("button", { type: "submit" }, "Comment"),
  );
}

export async function rfcDetailPage(id: string, rerender: () => void): Promise<Page> {
  const [me, data, catalogue] = await Promise.all([
    whoAmI(),
    gql<{ rfc: Full | null }>(FULL_QUERY, { id }),
    gql<{ ciTypes: { name: string }[] }>(`{ ciTypes { name } }`),
  ]);
  const rfc = data.rfc;
  if (!rfc) return { title: "No such RFC", body: notice(`No RFC has the id ${id}.`, "error") };
  const a = rfc.assessment;
  const given = rfc.approvals.length;
  return {
    title: `${rfc.name}: ${rfc.title}`,
    body: h(
      "div",
      { class: "rfc" },
      h(
        "dl",
        { class: "rfc-facts", "aria-label": "facts" },
        fact("State", stateBadge(rfc.state)),
        fact("Type", rfc.type.toLowerCase()),
        fact("Assessed risk", riskBadge(a ? a.risk : null)),
        fact("Approvals", a ? `${String(given)} of ${String(a.requiredApprovals)}` : "—"),
        fact("Priority (requester's urgency)", rfc.priority.toLowerCase()),
        fact("Requested by", rfc.requester),
        fact("Window", `${when(rfc.plannedStart)} – ${when(rfc.plannedEnd)}`),
      ),
      rfc.failureReason ? notice(`Failed: ${rfc.failureReason}`, "error") : null,
      actionPanel(rfc.id, actionsFor(me, rfc), rerender, {
        admin: me.roles.includes("ADMIN"),
        type: rfc.type,
        plannedStart: rfc.plannedStart,
        plannedEnd: rfc.plannedEnd,
      }),
      rfc.windowOverride
        ? notice(
            `Implemented outside its window (${when(rfc.windowOverride.plannedStart)} – ${when(rfc.windowOverride.plannedEnd)}) by ${rfc.windowOverride.by}: ${rfc.windowOverride.reason}`,
          )
        : null,
      h(
        "section",
        { "aria-labelledby": "what-title" },
        h("h2", { id: "what-title" }, "The change"),
        prose("Description", rfc.description),
        prose("Benefit", rfc.benefit),
        prose("Impact, as the requester sees it", rfc.impact),
        prose("Risk, as the requester sees it", rfc.risk),
        prose("Back-out plan", rfc.backOutPlan),
        h("h3", {}, "Affected CIs"),
        rfc.affectedConfigurationItems.length
          ? h(
              "ul",
              { "aria-label": "affected CIs" },
              ...rfc.affectedConfigurationItems.map((c) =>
                h(
                  "li",
                  {},
                  link(`#/map/${encodeURIComponent(c.key)}`, c.key),
                  ` ${c.name} · ${c.type}`,
                ),
              ),
            )
          : h("p", {}, "None named."),
        h("h3", {}, "Operations"),
        rfc.operations.length === 0
          ? h("p", {}, "None: it names affected CIs only.")
          : h(
              "ol",
              { "aria-label": "operations" },
              ...rfc.operations.map((o) => h("li", { class: "path" }, operationText(o))),
            ),
      ),
      await assessmentSection(
        rfc,
        catalogue.ciTypes.map((t) => t.name),
      ),
      h(
        "section",
        { "aria-labelledby": "approvals-title" },
        h("h2", { id: "approvals-title" }, "Approvals"),
        rfc.approvals.length
          ? h(
              "ul",
              { "aria-label": "approvals" },
              ...rfc.approvals.map((x) =>
                h(
                  "li",
                  {},
                  h("span", { class: "approved-mark", "aria-hidden": "true" }, "✓ "),
                  `${x.actor}, ${when(x.at)}${x.text ? `: ${x.text}` : ""}`,
                ),
              ),
            )
          : h("p", {}, "None yet."),
        h("h3", {}, "Collisions"),
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
          : h("p", {}, "None."),
      ),
      implementationSection(rfc),
      reviewSection(rfc),
      h(
        "section",
        { "aria-labelledby": "history-title" },
        h("h2", { id: "history-title" }, "History"),
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
        commentForm(rfc.id, rerender),
      ),
    ),
  };
}
