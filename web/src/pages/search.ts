import { gql } from "../api.js";
import { h, link } from "../dom.js";
import { notice, type Page } from "./layout.js";

interface Found {
  configurationItems: {
    nodes: {
      key: string;
      name: string;
      type: string;
      lifecycle: string;
      environment: string | null;
    }[];
  };
  ciTypes: { name: string }[];
}

/** Find a CI by key, name or type. */
export async function searchPage(params: URLSearchParams): Promise<Page> {
  const q = params.get("q") ?? "";
  const type = params.get("type") ?? "";
  const data = await gql<Found>(
    `query($f: ConfigurationItemFilter) { configurationItems(filter: $f, first: 50) { nodes { key name type lifecycle environment } } ciTypes { name } }`,
    { f: { search: q || null, type: type || null } },
  );
  const input = h("input", {
    id: "q",
    name: "q",
    type: "search",
    value: q,
    placeholder: "key or name",
    "aria-label": "key or name",
  }) as HTMLInputElement;
  const select = h(
    "select",
    { id: "type", name: "type", "aria-label": "CI type" },
    h("option", { value: "" }, "any type"),
    ...data.ciTypes.map((t) => h("option", { value: t.name, selected: t.name === type }, t.name)),
  ) as HTMLSelectElement;
  const form = h(
    "form",
    {
      class: "search",
      role: "search",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const p = new URLSearchParams();
        if (input.value.trim()) p.set("q", input.value.trim());
        if (select.value) p.set("type", select.value);
        location.hash = `#/search?${p.toString()}`;
      },
    },
    input,
    select,
    h("button", { type: "submit" }, "Search"),
  );
  const rows = data.configurationItems.nodes;
  return {
    title: "Find a configuration item",
    body: h(
      "section",
      {},
      form,
      rows.length === 0
        ? notice(q || type ? "No CI matches." : "Type a key or a name.")
        : h(
            "table",
            { class: "results", "aria-label": "configuration items found" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, "Key"),
                h("th", {}, "Name"),
                h("th", {}, "Type"),
                h("th", {}, "Lifecycle"),
                h("th", {}, ""),
              ),
            ),
            h(
              "tbody",
              {},
              ...rows.map((c) =>
                h(
                  "tr",
                  {},
                  h(
                    "td",
                    {},
                    link(`#/map/${encodeURIComponent(c.key)}`, c.key, {
                      "aria-label": `dependency map of ${c.key}`,
                    }),
                  ),
                  h("td", {}, c.name),
                  h("td", {}, c.type),
                  h("td", {}, c.lifecycle),
                  h("td", {}, link(`#/impact?keys=${encodeURIComponent(c.key)}`, "impact")),
                ),
              ),
            ),
          ),
    ),
  };
}
