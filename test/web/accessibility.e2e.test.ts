import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { buildWebPage, launch, systemChromium } from "../support/browser.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { signedInPage } from "../support/web-session.js";
import { makeUnauthorizedChange, WEB_KEY } from "../support/unauthorized-change.js";
import { issueTestToken } from "../support/users.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

/** axe-core, as the package ships it for browsers. */
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page (injected over the DevTools protocol: the page's CSP stays on). */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  );
  return (found as Violation[]).filter((v) => v.impact === "serious" || v.impact === "critical");
}

function summary(vs: Violation[]): string[] {
  return vs.map(
    (v) =>
      `${v.id} (${v.impact ?? "?"}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
}

describe.skipIf(!chromiumPath)("accessibility of every view (axe-core in Chromium)", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let browser: Browser;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
  }, 120_000);
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    const loaded = await loadDemoEstateIfEmpty(ctx().db.scope(), ctx().app, projectRoot());
    expect(loaded?.errors).toEqual([]);
    tokens = { admin: TEST_ADMIN_TOKEN };
    for (const [user, roles] of [
      ["rick", ["REQUESTER", "EDITOR"]],
      ["alice", ["APPROVER"]],
    ] as const) {
      tokens[user] = (await issueTestToken(server(), user, roles)).secret;
    }
  });

  const ok = async <T>(user: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await server().gql<T>(query, variables, { token: tokens[user]! });
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const assessedRfc = async (): Promise<string> => {
    const { createRfc } = await ok<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Upgrade the search application",
          affectedCiKeys: ["app-search"],
          operations: [{ updateCi: { ci: "app-search", changes: { version: "9.9" } } }],
          backOutPlan: "set the version back",
          plannedStart: soon(-0.25),
          plannedEnd: soon(2),
        },
      },
    );
    const id = createRfc.rfc.id;
    for (const m of ["submitRfc", "assessRfc"]) {
      await ok("rick", `mutation($id: ID!) { ${m}(input: { id: $id }) { rfc { id } } }`, { id });
    }
    return id;
  };

  /** Opens `hash` as `user`, waits for `ready`, and checks the view. */
  const check = async (
    view: string,
    user: string,
    hash: string,
    ready: (page: Page) => Promise<void>,
  ): Promise<Page> => {
    const { page, problems } = await signedInPage(
      browser,
      `${server().url}/${hash}`,
      tokens[user]!,
    );
    await ready(page);
    await expectClean(view, page);
    expect(problems).toEqual([]);
    return page;
  };
  /** Every view, the map drawing included, has no serious or critical finding. */
  const expectClean = async (view: string, page: Page) => {
    expect(summary(await seriousViolations(page)), view).toEqual([]);
  };

  it("the sign-in page, the search, the map, the impact view and the glance", async () => {
    const { page, problems } = await (async () => {
      const { watchedPage } = await import("../support/browser.js");
      return watchedPage(browser);
    })();
    await page.goto(server().url);
    await page.getByLabel("API token").waitFor();
    await expectClean("sign-in", page);
    expect(problems).toEqual([]);

    await check("search", "admin", "#/search?q=db-orders", (p) =>
      p.getByRole("link", { name: "dependency map of db-orders", exact: true }).waitFor(),
    );
    await check("map", "admin", "#/map/db-orders", async (p) => {
      await p.locator("svg.map g.node").first().waitFor();
    });
    await check("impact", "admin", "#/impact?keys=db-orders", (p) =>
      p.getByRole("list", { name: "business services hit" }).waitFor(),
    );
    await check("glance", "admin", "#/glance", (p) => p.locator("main h2").first().waitFor());
  });

  it("the services-only map, a derived dependency's panel, the unauthorized changes and a CI panel that marks one", async () => {
    const map = await check("map with derived edges", "admin", "#/map/svc-checkout", (p) =>
      p.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 }),
    );
    // a derived edge's label is a button that opens its panel
    const derived = map.getByRole("button", { name: /^derived: svc-checkout depends on / });
    await derived.first().focus();
    await map.keyboard.press("Enter");
    await map.getByRole("list", { name: "component edges" }).waitFor();
    await expectClean("derived dependency panel", map);
    await check("services-only map", "admin", "#/map/svc-checkout?view=services", (p) =>
      p.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 }),
    );
    // a long key on a box: drawn whole (clipped), its name the words drawn
    await check("map of a long key", "admin", "#/map/bs-employee-self-service?depth=1", (p) =>
      p.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 }),
    );

    await makeUnauthorizedChange(server());
    await check("unauthorized changes (approver)", "alice", "#/unauthorized", (p) =>
      p.getByRole("button", { name: `Open the retrospective RFC for ${WEB_KEY}` }).waitFor(),
    );
    await check("unauthorized changes (reader)", "rick", "#/unauthorized?status=OPEN", (p) =>
      p.getByRole("table", { name: `fields that differ on ${WEB_KEY}` }).waitFor(),
    );
    await check(
      "CI panel with an unauthorized change",
      "rick",
      `#/map/${encodeURIComponent(WEB_KEY)}`,
      (p) => p.getByRole("note", { name: "discovery warnings" }).waitFor({ timeout: 60_000 }),
    );
  }, 300_000);

  it("the RFC list, the form with its errors, the detail with its approval, and a closed RFC", async () => {
    const id = await assessedRfc();
    await check("rfc list", "rick", "#/rfcs", (p) =>
      p.getByRole("table", { name: "RFCs" }).waitFor(),
    );
    const form = await check("rfc form", "rick", "#/rfc/new", (p) =>
      p.getByRole("heading", { name: "New RFC" }).waitFor(),
    );
    // refused: errors next to their fields, the combobox open on matches
    await form.getByRole("button", { name: "Create the draft" }).click();
    await form.locator(".field-error").first().waitFor();
    await form
      .getByRole("combobox", { name: "Find a CI by key or name to add it" })
      .pressSequentially("app-", { delay: 30 });
    await form.getByRole("listbox", { name: "matching CIs" }).getByRole("option").first().waitFor();
    await expectClean("rfc form with errors", form);

    await check("rfc detail (approver)", "alice", `#/rfc/${id}`, (p) =>
      p.getByRole("button", { name: "Approve" }).waitFor(),
    );
    await check("rfc edit form", "rick", `#/rfc/${id}/edit`, (p) =>
      p.getByRole("heading", { name: /can no longer be edited/ }).waitFor(),
    );
    // carried through and closed with its review
    await ok("alice", `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });
    await ok("admin", `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });
    for (const m of ["scheduleRfc", "implementRfc"]) {
      await ok("rick", `mutation($id: ID!) { ${m}(input: { id: $id }) { rfc { id } } }`, { id });
    }
    await ok(
      "rick",
      `mutation($id: ID!) { closeRfc(input: { id: $id, review: { outcome: SUCCESSFUL, notes: "fine" } }) { rfc { id } } }`,
      { id },
    );
    await check("rfc closed", "rick", `#/rfc/${id}`, (p) =>
      p.getByLabel("post-implementation review").waitFor(),
    );
  }, 300_000);

  it("the GraphQL explorer, its docs pane and its examples", async () => {
    const page = await check("explorer", "rick", "#/explorer", (p) =>
      p.locator(".graphiql-query-editor .view-lines").getByText("ImpactOfAChange").waitFor(),
    );
    await page.getByRole("button", { name: /Show Documentation Explorer/i }).click();
    await page.locator(".graphiql-doc-explorer").getByText("Root Types").waitFor();
    await expectClean("explorer docs pane", page);
    await page.getByRole("button", { name: /Show Examples/i }).click();
    await page.getByRole("region", { name: "example operations" }).waitFor();
    await expectClean("explorer examples", page);
  }, 300_000);
});
