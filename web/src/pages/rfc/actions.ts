import { gql } from "../../api.js";
import { h } from "../../dom.js";
import { FieldErrors } from "./field-errors.js";
import type { RfcAction } from "./permissions.js";

const M = {
  submit: `mutation Submit($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`,
  assess: `mutation Assess($id: ID!) { assessRfc(input: { id: $id }) { rfc { id } } }`,
  approve: `mutation Approve($id: ID!, $text: String) { approveRfc(input: { id: $id, comment: $text }) { rfc { id } } }`,
  reject: `mutation Reject($id: ID!, $text: String!) { rejectRfc(input: { id: $id, comment: $text }) { rfc { id } } }`,
  schedule: `mutation Schedule($id: ID!) { scheduleRfc(input: { id: $id }) { rfc { id } } }`,
  implement: `mutation Implement($id: ID!) { implementRfc(input: { id: $id }) { rfc { id } } }`,
  backOut: `mutation BackOut($id: ID!, $text: String!) { backOutRfc(input: { id: $id, reason: $text }) { rfc { id } } }`,
  cancel: `mutation Cancel($id: ID!, $text: String!) { cancelRfc(input: { id: $id, reason: $text }) { rfc { id } } }`,
  close: `mutation Close($id: ID!, $outcome: ReviewOutcome!, $text: String!) { closeRfc(input: { id: $id, review: { outcome: $outcome, notes: $text } }) { rfc { id } } }`,
  assessWindow: `mutation AssessFor($id: ID!, $start: DateTime!, $end: DateTime!) { assessRfc(input: { id: $id, plannedStart: $start, plannedEnd: $end }) { rfc { id } } }`,
  implementOverride: `mutation ImplementOutside($id: ID!, $text: String!) { implementRfc(input: { id: $id, windowOverride: { reason: $text } }) { rfc { id } } }`,
  retrospective: `mutation Retrospective($id: ID!, $text: String!) { recordEmergencyReview(input: { id: $id, notes: $text }) { rfc { id } } }`,
} as const;

/** What each one-click action does, for its button's description. */
const SIMPLE: Partial<Record<RfcAction, { label: string; says: string }>> = {
  submit: { label: "Submit", says: "Hand it in for assessment; its content is then fixed." },
  assess: {
    label: "Assess",
    says: "Walk the graph from the CIs it touches: impact, risk, approvals needed.",
  },
  schedule: { label: "Schedule", says: "Confirm the window it was assessed for." },
  implement: {
    label: "Implement",
    says: "Write its operations to the CMDB in one transaction (before-images are kept).",
  },
};

function button(
  label: string,
  onClick: () => void,
  opts: { kind?: string; icon?: string; action: string; describedBy?: string },
): HTMLElement {
  return h(
    "button",
    {
      type: "button",
      class: `act ${opts.kind ?? ""}`.trim(),
      "data-action": opts.action,
      "aria-describedby": opts.describedBy,
      onclick: onClick,
    },
    opts.icon ? h("span", { class: "icon", "aria-hidden": "true" }, opts.icon) : null,
    label,
  );
}

function textarea(rows = 3): HTMLTextAreaElement {
  return h("textarea", { rows }) as HTMLTextAreaElement;
}

/**
 * The actions the signed-in user may take on this RFC now, each with the input its mutation
 * needs; a refused one shows the server's message next to the field it names.
 */
export interface PanelContext {
  /** The viewer holds ADMIN (the only role that may implement outside the window). */
  readonly admin: boolean;
  readonly type: string;
  readonly plannedStart: string | null;
  readonly plannedEnd: string | null;
}

/** `datetime-local` (the browser's time zone) → an ISO instant; null when blank. */
function instant(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

export function actionPanel(
  id: string,
  allowed: RfcAction[],
  done: () => void,
  context: PanelContext,
): HTMLElement {
  const panel = h("section", { class: "rfc-actions", "aria-labelledby": "actions-title" });
  panel.append(h("h2", { id: "actions-title" }, "What you can do"));
  if (allowed.length === 0) {
    panel.append(h("p", { class: "muted" }, "Nothing for you to do on this RFC now."));
    return panel;
  }
  const run = async (
    errors: FieldErrors,
    mutation: string,
    vars: Record<string, unknown>,
    busy: HTMLElement,
  ): Promise<void> => {
    busy.setAttribute("aria-busy", "true");
    try {
      await gql(mutation, { id, ...vars });
      done();
    } catch (e) {
      errors.show(e);
    } finally {
      busy.removeAttribute("aria-busy");
    }
  };

  // one-click steps
  const simple = h("div", { class: "simple-actions" });
  const simpleErrors = new FieldErrors();
  if (allowed.includes("edit")) {
    simple.append(h("a", { class: "button-link", href: `#/rfc/${id}/edit` }, "Edit the draft"));
  }
  for (const action of ["submit", "assess", "schedule", "implement"] as const) {
    const s = SIMPLE[action];
    if (!allowed.includes(action) || !s) continue;
    const hint = h("span", { class: "visually-hidden", id: `hint-${action}` }, s.says);
    simple.append(
      button(s.label, () => void run(simpleErrors, M[action], {}, simple), {
        action,
        describedBy: hint.id,
      }),
      hint,
    );
  }
  if (simple.childElementCount) panel.append(simple, simpleErrors.general);

  // approval: Approve (green, check mark) and Reject (red, cross) never look alike
  if (allowed.includes("approve") || allowed.includes("reject")) {
    const errors = new FieldErrors();
    const comment = textarea();
    const box = h(
      "fieldset",
      { class: "decision" },
      h("legend", {}, "Your decision"),
      errors.general,
      errors.field("comment", "Comment or reason (a reason is required to reject)", comment),
    );
    const buttons = h("div", { class: "decision-buttons" });
    if (allowed.includes("approve")) {
      buttons.append(
        button(
          "Approve",
          () => void run(errors, M.approve, { text: comment.value.trim() || null }, box),
          { kind: "approve", icon: "✓", action: "approve" },
        ),
      );
    }
    buttons.append(
      button("Reject", () => void run(errors, M.reject, { text: comment.value }, box), {
        kind: "reject",
        icon: "✗",
        action: "reject",
      }),
    );
    box.append(buttons);
    panel.append(box);
  }

  // the window: assessed for another one (kept on the RFC), or implemented outside it (ADMIN)
  if (allowed.includes("assess")) {
    const errors = new FieldErrors();
    const start = h("input", { type: "datetime-local" }) as HTMLInputElement;
    const end = h("input", { type: "datetime-local" }) as HTMLInputElement;
    const box = h(
      "fieldset",
      { class: "text-action window" },
      h("legend", {}, "Assess it for another window"),
      h(
        "p",
        { class: "muted" },
        "Evaluate runs a new assessment for the window given here and keeps that window on the RFC.",
      ),
      errors.general,
      h(
        "div",
        { class: "row" },
        errors.field("plannedStart", "New planned start", start, { required: true }),
        errors.field("plannedEnd", "New planned end", end, { required: true }),
      ),
    );
    box.append(
      button(
        "Evaluate this window",
        () =>
          void run(
            errors,
            M.assessWindow,
            { start: instant(start.value), end: instant(end.value) },
            box,
          ),
        { action: "assessWindow" },
      ),
    );
    panel.append(box);
  }
  const now = Date.now();
  const outside =
    (context.plannedStart !== null && now < Date.parse(context.plannedStart)) ||
    (context.plannedEnd !== null && now > Date.parse(context.plannedEnd));
  if (allowed.includes("implement") && context.admin && context.type !== "EMERGENCY" && outside) {
    const errors = new FieldErrors();
    const reason = textarea(2);
    const box = h(
      "fieldset",
      { class: "text-action override" },
      h("legend", {}, "Implement outside its window (ADMIN)"),
      h(
        "p",
        { class: "muted" },
        "Now is outside the window it was scheduled for; the override and its reason are kept on the RFC.",
      ),
      errors.general,
      errors.field("windowOverride.reason", "Why it cannot wait for its window", reason, {
        required: true,
      }),
    );
    box.append(
      button(
        "Implement outside the window",
        () => void run(errors, M.implementOverride, { text: reason.value }, box),
        { action: "implementOverride", kind: "danger" },
      ),
    );
    panel.append(box);
  }

  const withText = (
    action: "backOut" | "cancel" | "retrospective",
    legend: string,
    label: string,
    apiField: string,
    submit: string,
    kind: string,
  ): void => {
    if (!allowed.includes(action)) return;
    const errors = new FieldErrors();
    const text = textarea();
    const box = h(
      "fieldset",
      { class: `text-action ${action}` },
      h("legend", {}, legend),
      errors.general,
      errors.field(apiField, label, text, { required: true }),
    );
    box.append(
      button(submit, () => void run(errors, M[action], { text: text.value }, box), {
        kind,
        action,
      }),
    );
    panel.append(box);
  };

  if (allowed.includes("close")) {
    const errors = new FieldErrors();
    const outcome = h(
      "select",
      {},
      ...["SUCCESSFUL", "PARTIALLY_SUCCESSFUL", "UNSUCCESSFUL"].map((o) =>
        h("option", { value: o }, o.replace("_", " ").toLowerCase()),
      ),
    ) as HTMLSelectElement;
    const notes = textarea(4);
    const box = h(
      "fieldset",
      { class: "text-action close" },
      h("legend", {}, "Close it with its post-implementation review"),
      errors.general,
      errors.field("review.outcome", "Outcome", outcome),
      errors.field("review.notes", "Review notes", notes, { required: true }),
    );
    box.append(
      button(
        "Close with review",
        () => void run(errors, M.close, { outcome: outcome.value, text: notes.value }, box),
        { action: "close" },
      ),
    );
    panel.append(box);
  }
  withText(
    "retrospective",
    "Emergency change: its retrospective review",
    "Retrospective notes",
    "notes",
    "Record retrospective",
    "",
  );
  withText("backOut", "Back it out", "Why back it out", "reason", "Back out", "danger");
  withText("cancel", "Cancel the RFC", "Why cancel it", "reason", "Cancel RFC", "danger");
  return panel;
}
