import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebPage, keep, keepPart, launch, systemChromium } from "../support/browser.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { makeUnauthorizedChange, WEB_KEY } from "../support/unauthorized-change.js";
import { issueTestToken } from "../support/users.js";
import { signedInPage } from "../support/web-session.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

describe.skipIf(!chromiumPath)("unauthorized changes on the page, in a real Chromium", () => {
  useTestDatabase();
  const server = useTestServer();
  let browser: Browser;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
  }, 120_000);
  afterAll(async () => {
    await browser.close();
  });

  it("lists a change discovery found on a PRODUCTION CI field by field, marks the CI's panel, and lets an approver (only) open its retrospective RFC in one step", async () => {
    const changeId = await makeUnauthorizedChange(server());
    const reader = (await issueTestToken(server(), "rita", ["READER"])).secret;
    const approver = (await issueTestToken(server(), "alice", ["APPROVER"])).secret;

    // a reader sees the change, what differs and who saw it, and no button
    const asReader = await signedInPage(
      browser,
      `${server().url}/#/unauthorized?source=live`,
      reader,
    );
    const card = asReader.page.getByRole("article", { name: `unauthorized change of ${WEB_KEY}` });
    await card.waitFor({ timeout: 60_000 });
    const fields = card.getByRole("table", { name: `fields that differ on ${WEB_KEY}` });
    const row = fields.locator("tbody tr", { hasText: "attributes.replicas" });
    expect(await row.locator("td").allTextContents()).toEqual(["2", "3"]);
    expect(await card.textContent()).toContain("Seen by source live at ");
    expect(await card.getByRole("button").count()).toBe(0);
    expect(asReader.problems).toEqual([]);

    // the filter by source narrows to nothing for another source, by status to the open ones
    await asReader.page.getByLabel("Source").fill("elsewhere");
    await asReader.page.getByRole("button", { name: "Apply" }).click();
    await asReader.page.getByText("No unauthorized change matches.").waitFor();

    // the CI's panel (on its map) says it has an open unauthorized change
    const onMap = await signedInPage(
      browser,
      `${server().url}/#/map/${encodeURIComponent(WEB_KEY)}?depth=1`,
      reader,
    );
    const marker = onMap.page
      .getByRole("note", { name: "discovery warnings" })
      .getByText("1 open unauthorized change");
    await marker.waitFor({ timeout: 60_000 });
    await keepPart(onMap.page.locator("aside.details"), "ci-panel-unauthorized");
    expect(onMap.problems).toEqual([]);

    // an approver opens the retrospective RFC with one click, and lands on it
    const asApprover = await signedInPage(
      browser,
      `${server().url}/#/unauthorized?status=OPEN`,
      approver,
    );
    const open = asApprover.page.getByRole("button", {
      name: `Open the retrospective RFC for ${WEB_KEY}`,
    });
    await open.waitFor({ timeout: 60_000 });
    await keep(asApprover.page, "unauthorized-changes");
    await open.click();
    await asApprover.page.waitForURL(/#\/rfc\/[^/]+$/, { timeout: 60_000 });
    const rfcId = decodeURIComponent(new URL(asApprover.page.url()).hash.replace("#/rfc/", ""));

    // the API has it: the change is RFC_OPENED with that RFC, an EMERGENCY draft on the CI
    const after = await server().gql<{
      unauthorizedChangesConnection: {
        nodes: {
          id: string;
          status: string;
          rfcId: string;
          rfc: { id: string; type: string; state: string; requester: string } | null;
        }[];
      };
    }>(
      `{ unauthorizedChangesConnection(filter: { source: "live" }) { nodes { id status rfcId rfc { id type state requester } } } }`,
    );
    expect(after.errors).toEqual([]);
    expect(after.data!.unauthorizedChangesConnection.nodes).toEqual([
      {
        id: changeId,
        status: "RFC_OPENED",
        rfcId,
        rfc: { id: rfcId, type: "EMERGENCY", state: "DRAFT", requester: "alice" },
      },
    ]);
    // the list now links the RFC instead of offering the button
    await asApprover.page.goto(`${server().url}/#/unauthorized?source=live`);
    const done = asApprover.page.getByRole("article", {
      name: `unauthorized change of ${WEB_KEY}`,
    });
    await done.getByText("Retrospective RFC:").waitFor({ timeout: 60_000 });
    expect(await done.getByRole("button").count()).toBe(0);
    expect(asApprover.problems).toEqual([]);
  }, 300_000);
});
