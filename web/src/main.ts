import { ApiError, forgetMe, gql, signIn, signOut, token, whoAmI } from "./api.js";
import { h, show } from "./dom.js";
import { explorerPage } from "./pages/explorer.js";
import { glancePage } from "./pages/glance.js";
import { impactPage } from "./pages/impact.js";
import { frame, notice, route, type Page } from "./pages/layout.js";
import { mapPage } from "./pages/map.js";
import { rfcPage, rfcsPage } from "./pages/rfcs.js";
import { searchPage } from "./pages/search.js";
import { unauthorizedPage } from "./pages/unauthorized.js";

const root = document.getElementById("app") as HTMLElement;

function signInPage(reason: string | null): void {
  document.title = "Sign in — graph-cmdb";
  const input = h("input", {
    id: "token",
    type: "password",
    autocomplete: "off",
    "aria-label": "API token",
    placeholder: "gcmdb_…",
  }) as HTMLInputElement;
  show(
    root,
    h(
      "main",
      { class: "signin" },
      h("h1", {}, "graph-cmdb"),
      h(
        "p",
        {},
        "Sign in with an API token (issue one with ",
        h("code", {}, "graph-cmdb token create"),
        "). It is kept for this browser tab only.",
      ),
      reason ? notice(reason, "error") : null,
      h(
        "form",
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            void trySignIn(input.value);
          },
        },
        h("label", { for: "token" }, "API token "),
        input,
        h("button", { type: "submit" }, "Sign in"),
      ),
    ),
  );
  input.focus();
}

async function trySignIn(secret: string): Promise<void> {
  signIn(secret);
  forgetMe();
  try {
    await gql(`{ me { user } }`);
    if (location.hash.startsWith("#/signin") || location.hash === "") location.hash = "#/search";
    else await render();
  } catch (err) {
    signOut();
    signInPage((err as Error).message);
  }
}

async function pageFor(hash: string): Promise<Page> {
  const { parts, params } = route(hash);
  const [first = "search", second] = parts;
  switch (first) {
    case "map":
      return mapPage(second ?? "", params);
    case "impact":
      return impactPage(params);
    case "rfcs":
      return rfcsPage(params);
    case "rfc":
      return rfcPage(second ?? "", () => void render());
    case "glance":
      return glancePage(params, () => void render());
    case "explorer":
      return explorerPage();
    case "unauthorized":
      return unauthorizedPage(params);
    default:
      return searchPage(params);
  }
}

let rendering = 0;

async function render(): Promise<void> {
  const mine = ++rendering;
  if (location.hash.startsWith("#/signout")) {
    signOut();
    forgetMe();
    location.hash = "#/signin";
    return;
  }
  if (!token() || location.hash.startsWith("#/signin")) {
    signInPage(null);
    return;
  }
  try {
    const me = await whoAmI();
    frame(root, me.user, me.roles, {
      title: "Loading…",
      body: h("p", { role: "status" }, "Loading…"),
    });
    const page = await pageFor(location.hash);
    // a later navigation has started its own page: this one is stale
    if (mine !== rendering) return;
    frame(root, me.user, me.roles, page);
    root.querySelector("h1")?.setAttribute("tabindex", "-1");
    root.querySelector<HTMLElement>("h1")?.focus();
  } catch (e) {
    if (e instanceof ApiError && e.code === "UNAUTHENTICATED") {
      signOut();
      forgetMe();
      signInPage(e.message);
      return;
    }
    show(
      root,
      h(
        "main",
        {},
        h("h1", {}, "Something went wrong"),
        notice((e as Error).message, "error"),
        h("a", { href: "#/search" }, "Back to the search"),
      ),
    );
  }
}

window.addEventListener("hashchange", () => void render());
void render();
