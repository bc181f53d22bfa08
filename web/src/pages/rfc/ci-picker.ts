import { gql } from "../../api.js";
import { h } from "../../dom.js";

export interface PickedCi {
  key: string;
  name: string;
  type: string;
}

let pickers = 0;

/**
 * A search-as-you-type combobox over configurationItems (key or name): arrows move through the
 * matches, Enter or a click picks one. ARIA 1.2 combobox with a listbox popup.
 */
export function ciPicker(opts: { label: string; onPick: (ci: PickedCi) => void; id?: string }): {
  element: HTMLElement;
  input: HTMLInputElement;
} {
  pickers += 1;
  const id = opts.id ?? `ci-picker-${String(pickers)}`;
  const listId = `${id}-list`;
  const input = h("input", {
    id,
    type: "text",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder: "key or name…",
  }) as HTMLInputElement;
  const list = h("ul", {
    id: listId,
    role: "listbox",
    class: "ci-options",
    "aria-label": opts.label,
    hidden: true,
  });
  const status = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  let found: PickedCi[] = [];
  let active = -1;
  let asked = 0;
  let timer: number | undefined;

  const close = (): void => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (): void => {
    [...list.children].forEach((li, i) => {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${String(active)}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (ci: PickedCi): void => {
    close();
    input.value = "";
    opts.onPick(ci);
    input.focus();
  };
  const search = async (text: string): Promise<void> => {
    const mine = (asked += 1);
    const data = await gql<{ configurationItems: { nodes: PickedCi[] } }>(
      `query FindCi($s: String!) { configurationItems(filter: { search: $s }, first: 12) { nodes { key name type } } }`,
      { s: text },
    );
    if (mine !== asked) return;
    found = data.configurationItems.nodes;
    active = found.length ? 0 : -1;
    list.replaceChildren(
      ...found.map((ci, i) =>
        h(
          "li",
          {
            id: `${listId}-${String(i)}`,
            role: "option",
            "data-key": ci.key,
            onmousedown: (e: Event) => e.preventDefault(),
            onclick: () => pick(ci),
          },
          h("strong", {}, ci.key),
          ` ${ci.name} · ${ci.type}`,
        ),
      ),
    );
    status.textContent = found.length
      ? `${String(found.length)} CIs match; arrows to choose, Enter to add.`
      : "No CI matches.";
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    mark();
  };
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      close();
      return;
    }
    timer = window.setTimeout(() => void search(text), 180);
  });
  input.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" && found.length) {
      e.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      active = (active + 1) % found.length;
      mark();
    } else if (e.key === "ArrowUp" && found.length) {
      e.preventDefault();
      active = (active - 1 + found.length) % found.length;
      mark();
    } else if (e.key === "Enter") {
      const ci = found[active];
      e.preventDefault();
      if (!list.hidden && ci) pick(ci);
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));
  return { element: h("div", { class: "ci-picker" }, input, list, status), input };
}
