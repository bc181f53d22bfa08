/*
 * The GraphQL explorer: GraphiQL (Monaco editors, docs pane, autocompletion from the schema),
 * bundled by scripts/bundle-explorer.ts into dist/web/explorer/ and loaded by the page's
 * #/explorer view. Its requests carry the page's token; nothing is fetched from elsewhere.
 */
import { useGraphiQL, type GraphiQLPlugin } from "@graphiql/react";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { createElement as h, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { EXAMPLES, type ExampleOperation } from "./examples.js";
import "graphiql/style.css";

// Monaco's workers, bundled beside this file (same origin: the page's CSP allows them)
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const name = label === "graphql" ? "graphql" : label === "json" ? "json" : "editor";
    return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { name: `${name} worker` });
  },
};

interface FetchParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

function fetcherWith(token: string | null) {
  return async (params: FetchParams): Promise<unknown> => {
    const res = await fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(params),
    });
    return res.json();
  };
}

function ExamplesIcon(): ReactElement {
  return h(
    "svg",
    { viewBox: "0 0 24 24", width: 20, height: 20, "aria-hidden": true, focusable: false },
    h("path", {
      d: "M5 4h14v2H5zM5 9h14v2H5zM5 14h9v2H5zM5 19h9v2H5z",
      fill: "currentColor",
    }),
  );
}

function ExamplesPane(): ReactElement {
  const editors = useGraphiQL((s) => ({ query: s.queryEditor, variables: s.variableEditor }));
  const open = (e: ExampleOperation): void => {
    editors.query?.setValue(e.query);
    editors.variables?.setValue(JSON.stringify(e.variables, null, 2));
  };
  return h(
    "section",
    { className: "gcmdb-examples", "aria-label": "example operations" },
    h("div", { className: "graphiql-doc-explorer-title" }, "Examples"),
    h(
      "p",
      null,
      "Questions a change assessor asks. Pick one, then run it (Ctrl-Enter) or edit it first.",
    ),
    h(
      "ul",
      null,
      ...EXAMPLES.map((e) =>
        h(
          "li",
          { key: e.title },
          h(
            "button",
            { type: "button", className: "graphiql-un-styled", onClick: () => open(e) },
            e.title,
          ),
        ),
      ),
    ),
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = {
  title: "Examples",
  icon: ExamplesIcon,
  content: ExamplesPane,
};

const STORAGE_PREFIX = "graph-cmdb:graphiql:";

/** localStorage under the product's own prefix (no other GraphiQL of this origin mixes in). */
const storage: Storage = {
  get length() {
    return localStorage.length;
  },
  clear: () => {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith(STORAGE_PREFIX)) localStorage.removeItem(k);
    }
  },
  key: (i) => localStorage.key(i),
  getItem: (k) => localStorage.getItem(STORAGE_PREFIX + k),
  setItem: (k, v) => localStorage.setItem(STORAGE_PREFIX + k, v),
  removeItem: (k) => localStorage.removeItem(STORAGE_PREFIX + k),
};

let mounted: Root | null = null;
let watching: MutationObserver | null = null;

/**
 * Accessibility fixes to GraphiQL's own markup, kept applied as React redraws it.
 * GraphiQL marks each operation tab's <li> as the tab and puts a button inside it (a focusable
 * control inside another: axe's nested-interactive); the tab role moves to the button, which is
 * what keyboard users reach, and the <li> becomes presentation.
 */
function fixTabs(root: HTMLElement): void {
  // a history entry's button is named "Set active" over its own text (label-content-name-mismatch):
  // it is named by the text people see
  for (const label of root.querySelectorAll<HTMLElement>(
    ".graphiql-history-item-label[aria-label]",
  )) {
    label.removeAttribute("aria-label");
  }
  for (const li of root.querySelectorAll<HTMLElement>(".graphiql-tabs > li")) {
    const active = li.classList.contains("graphiql-tab-active") ? "true" : "false";
    if (li.getAttribute("role") !== "presentation") li.setAttribute("role", "presentation");
    if (li.hasAttribute("aria-selected")) li.removeAttribute("aria-selected");
    const button = li.querySelector<HTMLElement>(".graphiql-tab-button");
    if (!button) continue;
    if (button.getAttribute("role") !== "tab") button.setAttribute("role", "tab");
    if (button.getAttribute("aria-selected") !== active)
      button.setAttribute("aria-selected", active);
  }
}

/** Draws GraphiQL in `el`, sending `token` with every request; unmounts any earlier one. */
export function mountExplorer(el: HTMLElement, token: string | null): void {
  mounted?.unmount();
  watching?.disconnect();
  watching = new MutationObserver(() => fixTabs(el));
  watching.observe(el, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["role", "aria-selected", "aria-label", "class"],
  });
  mounted = createRoot(el);
  const first = EXAMPLES[0] as ExampleOperation;
  mounted.render(
    h(GraphiQL, {
      fetcher: fetcherWith(token),
      plugins: [EXAMPLES_PLUGIN, HISTORY_PLUGIN],
      defaultQuery: first.query,
      initialVariables: JSON.stringify(first.variables, null, 2),
      defaultEditorToolsVisibility: "variables",
      isHeadersEditorEnabled: false,
      shouldPersistHeaders: false,
      storage,
      forcedTheme: "light",
    }),
  );
}

export function unmountExplorer(): void {
  watching?.disconnect();
  watching = null;
  mounted?.unmount();
  mounted = null;
}
