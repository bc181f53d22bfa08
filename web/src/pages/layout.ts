import { h, link, show } from "../dom.js";

export interface Page {
  readonly title: string;
  readonly body: HTMLElement;
}

/** A message in the page's status area (errors keep their server text: it names field and value). */
export function notice(text: string, kind: "error" | "info" = "info"): HTMLElement {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function frame(root: Element, user: string, roles: string[], page: Page): void {
  document.title = `${page.title} — graph-cmdb`;
  show(
    root,
    h(
      "header",
      {},
      h("strong", { class: "brand" }, "graph-cmdb"),
      h(
        "nav",
        { "aria-label": "main" },
        link("#/search", "Find a CI"),
        link("#/impact", "Impact"),
        link("#/rfcs", "RFCs"),
        link("#/glance", "Baselines, integrity, releases"),
        link("#/unauthorized", "Unauthorized changes"),
        link("#/explorer", "GraphQL explorer"),
      ),
      h("span", { class: "who" }, `${user} (${roles.join(", ")}) `, link("#/signout", "Sign out")),
    ),
    h("main", {}, h("h1", {}, page.title), page.body),
  );
}

/** Reads `#/path?x=1&y=2` into its path parts and parameters. */
export function route(hash: string): { parts: string[]; params: URLSearchParams } {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  return {
    parts: path.split("/").filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
  };
}
