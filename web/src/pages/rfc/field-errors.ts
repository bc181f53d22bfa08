import { ApiError, type FieldIssue } from "../../api.js";
import { h } from "../../dom.js";
import { notice } from "../layout.js";

let counter = 0;
const nextId = (base: string): string => `${base}-${String((counter += 1))}`;

interface Slot {
  readonly control: HTMLElement;
  readonly message: HTMLElement;
}

/**
 * The errors of one form: each input registers the API field it stands for (`title`,
 * `operations`, `review.notes` …); a refused write puts each of the server's messages next to
 * the field it names, and anything it cannot place at the top of the form.
 */
export class FieldErrors {
  private readonly slots = new Map<string, Slot>();
  /** Where messages that name no registered field go. */
  readonly general: HTMLElement = h("div", { class: "form-errors", tabindex: "-1" });

  /** A labelled control for `field`, with its error slot under it. */
  field(
    field: string,
    label: string,
    control: HTMLElement,
    opts: { hint?: string; required?: boolean } = {},
  ): HTMLElement {
    const id = control.id || nextId(`f-${field.replace(/[^a-z0-9]/gi, "-")}`);
    control.id = id;
    control.setAttribute("name", field);
    if (opts.required) control.setAttribute("aria-required", "true");
    const message = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const hint = opts.hint ? h("p", { class: "field-hint", id: `${id}-hint` }, opts.hint) : null;
    if (hint) control.setAttribute("aria-describedby", hint.id);
    const slot = { control, message };
    this.slots.set(field, slot);
    // an edited field no longer carries the message about what it held
    const edited = () => this.clearSlot(slot);
    control.addEventListener("input", edited);
    control.addEventListener("change", edited);
    return h(
      "div",
      { class: "field", "data-field": field },
      h(
        "label",
        { for: id },
        label,
        opts.required ? h("span", { class: "req" }, " (required)") : null,
      ),
      control,
      hint,
      message,
    );
  }

  /** Registers a group (a CI picker, a list of operations) under `field`, its errors beside it. */
  group(field: string, control: HTMLElement): HTMLElement {
    const message = h("p", { class: "field-error", id: nextId("g-error"), hidden: true });
    this.slots.set(field, { control, message });
    return message;
  }

  clear(): void {
    this.general.replaceChildren();
    for (const slot of this.slots.values()) this.clearSlot(slot);
  }

  private clearSlot({ control, message }: Slot): void {
    message.hidden = true;
    message.replaceChildren();
    control.removeAttribute("aria-invalid");
    const described = (control.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((x) => x && x !== message.id);
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
  }

  /** The registered field an API field path falls under (the longest that prefixes it). */
  private slotFor(path: string): Slot | null {
    let best: [string, Slot] | null = null;
    for (const entry of this.slots) {
      const [key] = entry;
      const under = path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
      if (under && (!best || key.length > best[0].length)) best = entry;
    }
    return best ? best[1] : null;
  }

  /**
   * Shows a refused write's messages; focuses the first field in error. `placed` may name, for
   * an issue, the form's path of the field it is about (when the server's differs).
   */
  show(error: unknown, placed: (issue: FieldIssue) => string = (i) => i.field): void {
    this.clear();
    const issues = (error instanceof ApiError ? error.issues : []).map((i) => ({
      ...i,
      field: placed(i),
    }));
    let first: HTMLElement | null = null;
    const unplaced: string[] = [];
    for (const issue of issues) {
      const slot = this.slotFor(issue.field);
      if (!slot) {
        unplaced.push(issue.message);
        continue;
      }
      slot.message.hidden = false;
      slot.message.append(h("span", {}, issue.message));
      slot.control.setAttribute("aria-invalid", "true");
      const described = slot.control.getAttribute("aria-describedby") ?? "";
      if (!described.includes(slot.message.id)) {
        slot.control.setAttribute("aria-describedby", `${described} ${slot.message.id}`.trim());
      }
      first ??= slot.control;
    }
    if (issues.length === 0) unplaced.push((error as Error).message);
    if (unplaced.length) this.general.append(...unplaced.map((m) => notice(m, "error")));
    (first ?? this.general).focus();
    if (!first) this.general.scrollIntoView({ block: "nearest" });
  }
}
