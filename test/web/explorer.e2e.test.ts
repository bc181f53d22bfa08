import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { buildWebPage, launch, shot, systemChromium } from "../support/browser.js";
import { issueFlowTokens } from "../support/change-flow.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { signedInPage } from "../support/web-session.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

describe.skipIf(!chromiumPath)("the GraphQL explorer (GraphiQL) in a real Chromium", () => {
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
    tokens = await issueFlowTokens(server());
  });

  it("opens its docs pane, completes a field, and runs a saved example with the user's token", async () => {
    const { page, problems } = await signedInPage(
      browser,
      `${server().url}/#/explorer`,
      tokens.rita!,
    );
    await page.locator(".graphiql-container").waitFor();
    // the query editor holds the first example (Monaco draws it once its workers answer)
    await page.locator(".graphiql-query-editor .view-lines").getByText("ImpactOfAChange").waitFor();

    // the docs pane opens on the schema's root types
    await page.getByRole("button", { name: /Show Documentation Explorer/i }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Root Types").waitFor();
    await docs.getByRole("link", { name: "Query" }).click();
    await docs.getByText("impactAnalysis").first().waitFor();
    await shot(page, "explorer-docs");

    // autocompletion from the schema: the fields of `me`
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("{ me { ro");
    await page.keyboard.press("Control+Space");
    const suggestion = page.locator(".suggest-widget .monaco-list-row", { hasText: "roles" });
    await suggestion.first().waitFor();
    await page.keyboard.press("Escape");

    // a saved example runs and shows the API's answer, sent with rita's token
    await page.getByRole("button", { name: /Show Examples/i }).click();
    await page.getByRole("button", { name: "Single points of failure of a service" }).click();
    await page
      .locator(".graphiql-query-editor .view-lines")
      .getByText("SinglePointsOfFailure")
      .first()
      .waitFor();
    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith("/graphql") &&
        (r.request().postData() ?? "").includes("singlePointsOfFailure"),
    );
    await page.getByRole("button", { name: /Execute query/i }).click();
    const response = await answered;
    expect(response.request().headers().authorization).toBe(`Bearer ${tokens.rita!}`);
    const body = (await response.json()) as {
      data: {
        singlePointsOfFailure: {
          service: { key: string };
          points: { configurationItem: { key: string } }[];
        };
      };
    };
    const expected = await server().gql<typeof body.data>(
      `{ singlePointsOfFailure(ci: { key: "bs-online-checkout" }) { service { key } points { configurationItem { key } } } }`,
    );
    expect(body.data.singlePointsOfFailure.points.map((p) => p.configurationItem.key)).toEqual(
      expected.data!.singlePointsOfFailure.points.map((p) => p.configurationItem.key),
    );
    expect(body.data.singlePointsOfFailure.points.length).toBeGreaterThan(0);
    const shown = page.locator(".graphiql-response .view-lines");
    await shown.getByText('"singlePointsOfFailure"').waitFor();
    await shown.getByText('"bs-online-checkout"').first().waitFor();
    await shot(page, "explorer");
    expect(problems).toEqual([]);
  }, 240_000);
});
