import { token } from "../api.js";
import { h } from "../dom.js";
import type { Page } from "./layout.js";

/** The bundle scripts/bundle-explorer.ts builds from web/explorer (GraphiQL and React). */
interface ExplorerBundle {
  mountExplorer(el: HTMLElement, token: string | null): void;
}

const BUNDLE = "/app/explorer/graphiql.js";
const STYLES = "/app/explorer/graphiql.css";

function loadStyles(): void {
  if (document.querySelector(`link[href="${STYLES}"]`)) return;
  document.head.append(h("link", { rel: "stylesheet", href: STYLES }));
}

/**
 * GraphiQL, served by the product itself: the query editor with autocompletion and validation
 * from the schema, the docs pane, history and the saved example operations; every request
 * carries the token this tab signed in with.
 */
export async function explorerPage(): Promise<Page> {
  loadStyles();
  // a URL held in a variable: tsc leaves the import to the browser (the bundle is not a module of this build)
  const url: string = BUNDLE;
  const bundle = (await import(url)) as ExplorerBundle;
  const host = h("div", { class: "explorer-host", id: "graphiql" });
  const body = h(
    "section",
    { class: "explorer", "aria-label": "GraphQL explorer" },
    h(
      "p",
      { class: "hint" },
      "Queries run as you (your token is sent with each). Open the docs pane from the book icon; pick a saved question from the list icon; Ctrl-Space completes, Ctrl-Enter runs.",
    ),
    host,
  );
  // drawn once the page is in the document (React measures its container)
  queueMicrotask(() => {
    const draw = (): void => {
      if (host.isConnected) bundle.mountExplorer(host, token());
      else requestAnimationFrame(draw);
    };
    draw();
  });
  return { title: "GraphQL explorer", body };
}
