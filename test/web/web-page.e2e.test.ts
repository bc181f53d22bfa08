import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { buildWebPage, launch, shot, systemChromium, watchedPage } from "../support/browser.js";
import { issueFlowTokens } from "../support/change-flow.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

// Outside CI, a machine without chromium skips these (and says so); CI installs it and runs them.
describe.skipIf(!chromiumPath)("the web page in a real Chromium", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let browser: Browser;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
  }, 60_000);
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    // as `npm start` loads it: the demo estate and its production baseline
    const loaded = await loadDemoEstateIfEmpty(ctx().db.scope(), ctx().app, projectRoot());
    expect(loaded?.errors).toEqual([]);
    tokens = await issueFlowTokens(server());
  });

  it("signs in, finds a CI, opens its map, expands a node, and shows what a change hits", async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(server().url);
    await page.getByLabel("API token").fill(TEST_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Find a configuration item" }).waitFor();

    await page.getByLabel("key or name").fill("db-orders");
    await page.getByRole("button", { name: "Search" }).click();
    const first = page.getByRole("link", { name: "dependency map of db-orders", exact: true });
    await first.waitFor();
    await first.click();
    await page.getByRole("heading", { name: "Dependency map of db-orders", exact: true }).waitFor();
    const nodes = page.locator("svg.map g.node:not(.group)");
    const before = await nodes.count();
    expect(before).toBeGreaterThan(1);
    expect(page.url()).toContain("#/map/db-orders");
    // every drawn relationship has an arrow and a type
    expect(await page.locator("svg.map g.edge path[marker-end]").count()).toBeGreaterThan(0);
    await shot(page, "map");

    // expand the farthest CI drawn: its neighbours join the map
    const keys: (string | null)[] = [];
    for (let i = 0; i < before; i += 1) keys.push(await nodes.nth(i).getAttribute("data-key"));
    const centre = "db-orders";
    let grown = false;
    for (const key of keys.filter((k): k is string => k !== null && k !== centre).reverse()) {
      // the keyboard reaches a CI wherever the view is: focus brings it into view, Enter expands
      await page.locator(`svg.map g.node[data-key="${key}"]`).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: key, exact: true }).waitFor();
      await page.waitForTimeout(300);
      if ((await nodes.count()) > before) {
        grown = true;
        break;
      }
    }
    expect(grown).toBe(true);
    await shot(page, "map-expanded");

    // impact view
    await page.goto(`${server().url}/#/impact?keys=db-orders`);
    await page.getByRole("list", { name: "business services hit" }).waitFor();
    const services = await page
      .getByRole("list", { name: "business services hit" })
      .locator("li")
      .allTextContents();
    expect(services.length).toBeGreaterThan(0);
    // a CI three or more steps away: its whole explanation path lights up
    const report = await server().gql<{
      impactAnalysis: {
        impacted: {
          configurationItem: { key: string };
          distance: number;
          path: { key: string }[];
        }[];
      };
    }>(
      `{ impactAnalysis(input: { ciKeys: ["db-orders"] }) { impacted { configurationItem { key } distance path { key } } } }`,
    );
    const deep = report.data!.impactAnalysis.impacted.filter((i) => i.distance >= 3);
    expect(deep.length).toBeGreaterThan(0);
    let clicked: (typeof deep)[number] | null = null;
    for (const candidate of deep) {
      const node = page.locator(`svg.map g.node[data-key="${candidate.configurationItem.key}"]`);
      if ((await node.count()) === 0) continue;
      await node.focus();
      await page.keyboard.press("Enter");
      clicked = candidate;
      break;
    }
    expect(clicked).not.toBeNull();
    const why = page.getByLabel("explanation path");
    await why.waitFor();
    // each step with its relationship type, arrows from source to target
    expect(await why.textContent()).toMatch(
      new RegExp(`^${clicked!.path.map((p) => p.key).join(" (←[A-Z_]+—|—[A-Z_]+→) ")}$`),
    );
    expect(await page.locator("svg.map g.edge.lit").count()).toBe(clicked!.path.length - 1);
    expect(await page.locator("svg.map g.node.lit").count()).toBe(clicked!.path.length);
    await shot(page, "impact");

    // the explorer (GraphiQL, served locally) runs its first example
    await page.goto(`${server().url}/#/explorer`);
    await page.locator(".graphiql-query-editor .view-lines").getByText("ImpactOfAChange").waitFor();
    await page.getByRole("button", { name: /Execute query/i }).click();
    await page.locator(".graphiql-response .view-lines").getByText('"impactAnalysis"').waitFor();
    expect(problems).toEqual([]);
  });

  const gql = async (user: string, query: string, variables: Record<string, unknown>) => {
    const res = await server().gql<Record<string, { rfc: { id: string; name: string } }>>(
      query,
      variables,
      {
        token: tokens[user]!,
      },
    );
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  it("shows the approve button to an approver, not to the requester, and approves", async () => {
    const created = await gql(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Patch the orders database",
          affectedCiKeys: ["db-orders"],
          operations: [{ updateCi: { ci: "db-orders", changes: { version: "16", owner: null } } }],
          backOutPlan: "restore",
          plannedStart: inHours(24),
          plannedEnd: inHours(26),
        },
      },
    );
    const id = created.createRfc!.rfc.id;
    await gql("rick", `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });
    await gql("rick", `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });

    const asRequester = await watchedPage(browser);
    await asRequester.page.goto(`${server().url}/#/rfc/${id}`);
    await asRequester.page.getByLabel("API token").fill(tokens.rick!);
    await asRequester.page.getByRole("button", { name: "Sign in" }).click();
    await asRequester.page
      .getByRole("heading", { name: /RFC-\d+: Patch the orders database/ })
      .waitFor();
    await asRequester.page.getByRole("list", { name: "risk reasons" }).waitFor();
    expect(
      await asRequester.page.getByText('UPDATE_CI db-orders {"version":"16","owner":null}').count(),
    ).toBe(1);
    expect(await asRequester.page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await asRequester.page.getByRole("button", { name: "Assess" }).count()).toBe(1);
    await shot(asRequester.page, "rfc-requester");

    const asApprover = await watchedPage(browser);
    await asApprover.page.goto(`${server().url}/#/rfc/${id}`);
    await asApprover.page.getByLabel("API token").fill(tokens.alice!);
    await asApprover.page.getByRole("button", { name: "Sign in" }).click();
    const approve = asApprover.page.getByRole("button", { name: "Approve" });
    await approve.waitFor();
    expect(await asApprover.page.getByRole("button", { name: "Submit" }).count()).toBe(0);
    await asApprover.page.getByLabel("comment or reason").fill("looks fine");
    await approve.click();
    await asApprover.page.getByText("alice, ").first().waitFor();
    expect(await asApprover.page.getByText("looks fine").count()).toBeGreaterThan(0);
    // a second approval by the same approver would be refused: the button is gone, Reject stays
    await asApprover.page.getByRole("button", { name: "Reject" }).waitFor();
    expect(await asApprover.page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await shot(asApprover.page, "rfc-approver");
    expect([...asRequester.problems, ...asApprover.problems]).toEqual([]);
  });

  it("shows why an RFC's assessment is stale and offers only to assess it again", async () => {
    const raise = async (title: string) => {
      const created = await gql(
        "rick",
        `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id name } } }`,
        {
          i: {
            title,
            affectedCiKeys: ["db-orders"],
            plannedStart: inHours(24),
            plannedEnd: inHours(26),
          },
        },
      );
      const { id, name } = created.createRfc!.rfc;
      await gql("rick", `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, {
        id,
      });
      await gql("rick", `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { id } } }`, {
        id,
      });
      return { id, name };
    };
    const first = await raise("Patch the orders database");
    // assessed after the first, in the same window, on the same CI
    const second = await raise("Move the orders database");

    const { page, problems } = await watchedPage(browser);
    await page.goto(`${server().url}/#/rfc/${first.id}`);
    await page.getByLabel("API token").fill(tokens.alice!);
    await page.getByRole("button", { name: "Sign in" }).click();
    const reasons = page.getByRole("list", { name: "stale reasons" });
    await reasons.waitFor();
    expect(await reasons.textContent()).toContain(`${second.name} collides with it`);
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Assess" }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("shows a baseline's drift, the integrity report and the release calendar at a glance", async () => {
    const admin = (query: string) => server().gql(query);
    expect(
      (
        await admin(
          `mutation { takeBaseline(input: { name: "orders", scope: { kind: DEPENDENCIES, ciKey: "db-orders" } }) { baseline { id } } }`,
        )
      ).errors,
    ).toEqual([]);
    // drift a CI the database needs (not the centre of the map)
    const needs = await server().gql<{
      impactAnalysis: { impacted: { configurationItem: { key: string; revision: number } }[] };
    }>(
      `{ impactAnalysis(input: { ciKeys: ["db-orders"], direction: DEPENDENCIES, maxDepth: 1 }) { impacted { configurationItem { key revision } } } }`,
    );
    const drifted = needs.data!.impactAnalysis.impacted[0]!.configurationItem;
    const edit = await admin(
      `mutation { updateConfigurationItem(input: { ci: { key: "${drifted.key}" }, revision: ${String(drifted.revision)}, changes: { version: "17" } }) { configurationItem { id } } }`,
    );
    expect(edit.errors).toEqual([]);
    expect(
      (await admin(`mutation { runIntegrityCheck(input: {}) { integrityReport { id } } }`)).errors,
    ).toEqual([]);

    const { page, problems } = await watchedPage(browser);
    await page.goto(`${server().url}/#/glance?baseline=orders`);
    await page.getByLabel("API token").fill(TEST_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    const drift = page.getByLabel("drift from orders");
    await drift.waitFor();
    expect(await drift.textContent()).toMatch(
      new RegExp(`~ ${drifted.key}: version ("[^"]*"|null) → "17"`),
    );
    expect(
      await page.getByRole("table", { name: "integrity report" }).locator("tbody tr").count(),
    ).toBe(13);
    await shot(page, "glance");
    await page.getByRole("link", { name: "Show the drift on the map" }).click();
    await page.locator("svg.map g.node.lit").first().waitFor();
    expect(await page.locator(`svg.map g.node.lit[data-key="${drifted.key}"]`).count()).toBe(1);
    expect(await page.locator("svg.map g.node.lit").count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
