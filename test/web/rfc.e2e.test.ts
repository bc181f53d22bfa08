import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { buildWebPage, launch, shot, systemChromium } from "../support/browser.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { signedInPage } from "../support/web-session.js";
import { issueTestToken } from "../support/users.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

/** Who drives the page: a requester who may also implement, and two approvers. */
const PAGE_USERS: Record<string, string[]> = {
  rick: ["REQUESTER", "EDITOR"],
  alice: ["APPROVER"],
  bob: ["APPROVER"],
};

interface RfcState {
  state: string;
  revision: number;
  review: { outcome: string; notes: string } | null;
  retrospective: { by: string; notes: string } | null;
  assessment: { requiredApprovals: number; risk: { level: string } } | null;
  implementation: { beforeImages: { operation: string; ciKey: string | null }[] } | null;
}

describe.skipIf(!chromiumPath)("the RFC pages in a real Chromium", () => {
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
    tokens = {};
    for (const [user, roles] of Object.entries(PAGE_USERS)) {
      tokens[user] = (await issueTestToken(server(), user, roles)).secret;
    }
  });

  const as = async <T>(user: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await server().gql<T>(query, variables, { token: tokens[user]! });
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  const rfcNow = async (id: string): Promise<RfcState> =>
    (
      await as<{ rfc: RfcState }>(
        "rick",
        `query($id: ID!) { rfc(ref: { id: $id }) { state revision review { outcome notes } retrospective { by notes } assessment { requiredApprovals risk { level } } implementation { beforeImages { operation ciKey } } } }`,
        { id },
      )
    ).rfc;
  const ciVersion = async (key: string): Promise<string | null> =>
    (
      await as<{ configurationItem: { version: string | null } }>(
        "rick",
        `query($k: String!) { configurationItem(ref: { key: $k }) { version } }`,
        { k: key },
      )
    ).configurationItem.version;
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  /** An RFC raised and moved on through the API (for the paths that start further on). */
  const raised = async (opts: { type?: string; version: string }) => {
    const created = await as<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: `Upgrade app-search to ${opts.version}`,
          type: opts.type ?? "NORMAL",
          affectedCiKeys: ["app-search"],
          operations: [{ updateCi: { ci: "app-search", changes: { version: opts.version } } }],
          backOutPlan: "set the version back",
          plannedStart: inHours(-0.25),
          plannedEnd: inHours(2),
        },
      },
    );
    return created.createRfc.rfc.id;
  };
  const step = (user: string, mutation: string, id: string, extra = "") =>
    as(user, `mutation($id: ID!) { ${mutation}(input: { id: $id${extra} }) { rfc { id } } }`, {
      id,
    });

  const open = (user: string, hash: string) =>
    signedInPage(browser, `${server().url}/${hash}`, tokens[user]!);
  const stateShown = (page: Page, state: string) =>
    page.locator(".rfc-facts .state-badge", { hasText: state }).waitFor();
  const act = async (page: Page, action: string) => {
    await page.locator(`button[data-action="${action}"]`).click();
  };

  it("carries an RFC from a draft to closed with its review, only through the page, by a requester and two approvers", async () => {
    // the requester raises it with the form
    const rick = await open("rick", "#/rfcs");
    await rick.page.getByRole("link", { name: "New RFC" }).click();
    await rick.page.getByRole("heading", { name: "New RFC" }).waitFor();
    // refused as it is: the server's message stands next to the field it names
    await rick.page.getByRole("button", { name: "Create the draft" }).click();
    const titleError = rick.page.locator('.field[data-field="title"] .field-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toContain("title: must not be blank");
    expect(await rick.page.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");

    await rick.page.getByLabel("Title").fill("Upgrade the search application");
    await rick.page.getByLabel("Priority (how urgent; not the risk)").selectOption("LOW");
    // the window, in the browser's own time zone (datetime-local)
    const local = (hours: number) =>
      rick.page.evaluate((h) => {
        const d = new Date(Date.now() + h * 3_600_000);
        const p = (n: number) => String(n).padStart(2, "0");
        return `${String(d.getFullYear())}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
      }, hours);
    await rick.page.getByLabel("Planned start").fill(await local(-0.25));
    await rick.page.getByLabel("Planned end").fill(await local(2));
    await rick.page.getByLabel("Description").fill("Search 9.9 fixes the slow facets.");
    // an affected CI, found as one types
    const affected = rick.page.getByRole("combobox", {
      name: "Find a CI by key or name to add it",
    });
    await affected.pressSequentially("app-sea", { delay: 30 });
    await rick.page
      .getByRole("option", { name: /^app-search\b/ })
      .first()
      .waitFor();
    await affected.press("Enter");
    await rick.page
      .getByRole("list", { name: "affected CIs chosen" })
      .getByText("app-search · Application")
      .waitFor();
    // an operation added from a CI: its version
    const opCi = rick.page.getByRole("combobox", { name: "Add an operation on a CI: find it" });
    await opCi.pressSequentially("app-search", { delay: 30 });
    await rick.page
      .getByRole("option", { name: /^app-search\b/ })
      .first()
      .click();
    await rick.page.getByLabel("What to do").selectOption("update");
    await rick.page.getByLabel("Field").selectOption("version");
    await rick.page.getByLabel("New value (empty: clear it)").fill("9.9");
    await rick.page.getByRole("button", { name: "Add operation" }).click();
    await rick.page
      .getByRole("list", { name: "operations to make" })
      .getByText('UPDATE_CI app-search {"version":"9.9"}')
      .waitFor();
    await rick.page.getByLabel("Back-out plan").fill("Set the version back to what it was.");
    await shot(rick.page, "rfc-create-form");
    await rick.page.getByRole("button", { name: "Create the draft" }).click();
    await rick.page
      .getByRole("heading", { name: /^RFC-\d+: Upgrade the search application$/ })
      .waitFor();
    const id = /#\/rfc\/([^/?]+)/.exec(rick.page.url())![1]!;
    await stateShown(rick.page, "draft");

    // edited: the priority (never to be read as the risk)
    await rick.page.getByRole("link", { name: "Edit the draft" }).click();
    await rick.page.getByRole("heading", { name: /^Edit RFC-\d+$/ }).waitFor();
    await rick.page.getByLabel("Priority (how urgent; not the risk)").selectOption("HIGH");
    await rick.page.getByRole("button", { name: "Save the draft" }).click();
    await stateShown(rick.page, "draft");
    await rick.page.locator(".rfc-facts dd", { hasText: "high" }).waitFor();
    expect((await rfcNow(id)).revision).toBe(2);

    await act(rick.page, "submit");
    await stateShown(rick.page, "submitted");
    await act(rick.page, "assess");
    await stateShown(rick.page, "assessed");
    const assessed = await rfcNow(id);
    // the premise of two approvers: a MEDIUM risk asks for two
    expect(assessed.assessment).toMatchObject({ requiredApprovals: 2, risk: { level: "MEDIUM" } });
    // risk stands apart from the priority, with its level in words
    expect(await rick.page.locator(".rfc-facts .risk-badge").textContent()).toMatch(
      /^Risk \d+ · MEDIUM$/,
    );
    expect(
      await rick.page.getByRole("table", { name: "impacted CIs" }).locator("tbody tr").count(),
    ).toBeGreaterThan(0);
    // the requester never sees Approve nor Reject
    expect(await rick.page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await rick.page.getByRole("button", { name: "Reject" }).count()).toBe(0);
    await shot(rick.page, "rfc-detail-assessed");

    // two approvers; Approve and Reject differ in colour and in mark
    const alice = await open("alice", `#/rfc/${id}`);
    const approve = alice.page.getByRole("button", { name: "Approve" });
    const reject = alice.page.getByRole("button", { name: "Reject" });
    await approve.waitFor();
    const look = async (b: typeof approve) => ({
      ...(await b.evaluate((el) => {
        // the page's window (this file is compiled without the DOM library)
        const style = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { backgroundColor: string; color: string };
          }
        ).getComputedStyle(el);
        return { bg: style.backgroundColor, fg: style.color };
      })),
      mark: await b.locator(".icon").textContent(),
    });
    const [a, r] = [await look(approve), await look(reject)];
    expect(a.mark).toBe("✓");
    expect(r.mark).toBe("✗");
    expect(a.bg).not.toBe(r.bg);
    expect(a.fg).not.toBe(r.fg);
    expect(await alice.page.getByRole("button", { name: "Submit" }).count()).toBe(0);
    await shot(alice.page, "rfc-approval");
    await alice.page.getByLabel("Comment or reason").fill("fine by the search team");
    await approve.click();
    await alice.page.getByRole("list", { name: "approvals" }).getByText("alice, ").waitFor();
    expect(await alice.page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await stateShown(alice.page, "assessed");

    const bob = await open("bob", `#/rfc/${id}`);
    await bob.page.getByRole("button", { name: "Approve" }).click();
    await stateShown(bob.page, "approved");

    // scheduled and implemented by the requester (who also edits the CMDB)
    await rick.page.reload();
    await act(rick.page, "schedule");
    await stateShown(rick.page, "scheduled");
    await act(rick.page, "implement");
    await stateShown(rick.page, "implemented");
    const images = rick.page.getByRole("table", { name: "before-images" });
    await images.waitFor();
    expect(await images.locator("tbody tr").first().textContent()).toContain("UPDATE_CI");
    expect(await ciVersion("app-search")).toBe("9.9");

    // closed with its review
    await rick.page.getByLabel("Outcome").selectOption("SUCCESSFUL");
    await rick.page.getByLabel("Review notes").fill("Facets answer in 80 ms now.");
    await act(rick.page, "close");
    await stateShown(rick.page, "closed");
    await rick.page
      .getByLabel("post-implementation review")
      .getByText("Facets answer in 80 ms now.")
      .waitFor();
    await shot(rick.page, "rfc-closed-review");
    await rick.page.getByRole("link", { name: "RFCs", exact: true }).click();
    await rick.page
      .getByRole("table", { name: "RFCs" })
      .getByText("Upgrade the search application")
      .waitFor();
    await shot(rick.page, "rfc-list");
    expect(await rfcNow(id)).toMatchObject({
      state: "CLOSED",
      review: { outcome: "SUCCESSFUL", notes: "Facets answer in 80 ms now." },
    });
    expect([...rick.problems, ...alice.problems, ...bob.problems]).toEqual([]);
  }, 420_000);

  it("starts a new RFC from a CI: affected, its operations offered, a retirement drafted", async () => {
    const { page, problems } = await open("rick", "#/rfc/new?ci=app-search");
    await page
      .getByRole("list", { name: "affected CIs chosen" })
      .getByText("app-search · Application")
      .waitFor();
    await page.getByRole("group", { name: "An operation on app-search (Application)" }).waitFor();
    await page.getByLabel("What to do").selectOption("retire");
    await page.getByRole("button", { name: "Add operation" }).click();
    await page.getByLabel("Title").fill("Retire the search application");
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.getByRole("heading", { name: /^RFC-\d+: Retire the search application$/ }).waitFor();
    expect(await page.getByRole("list", { name: "operations" }).textContent()).toBe(
      "RETIRE_CI app-search",
    );
    expect(problems).toEqual([]);
  }, 240_000);

  it("lets an approver cancel an RFC, the reason asked for next to its field", async () => {
    const id = await raised({ version: "9.8" });
    await step("rick", "submitRfc", id);
    await step("rick", "assessRfc", id);
    const { page, problems } = await open("alice", `#/rfc/${id}`);
    await act(page, "cancel");
    const error = page.locator('.cancel .field[data-field="reason"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("reason");
    await page.getByLabel("Why cancel it").fill("the vendor withdrew 9.8");
    await act(page, "cancel");
    await stateShown(page, "cancelled");
    expect(await page.locator("button[data-action]").count()).toBe(0);
    expect((await rfcNow(id)).state).toBe("CANCELLED");
    expect(problems).toEqual([]);
  }, 240_000);

  it("backs out an implemented RFC and restores what it changed", async () => {
    const before = await ciVersion("app-search");
    const id = await raised({ version: "9.7" });
    await step("rick", "submitRfc", id);
    await step("rick", "assessRfc", id);
    await step("alice", "approveRfc", id);
    await step("bob", "approveRfc", id);
    await step("rick", "scheduleRfc", id);
    await step("rick", "implementRfc", id);
    expect(await ciVersion("app-search")).toBe("9.7");

    // an approver may not back out (EDITOR): the page offers it only to whom may
    const alice = await open("alice", `#/rfc/${id}`);
    await alice.page.getByRole("heading", { name: "What you can do" }).waitFor();
    expect(await alice.page.locator('button[data-action="backOut"]').count()).toBe(0);
    const { page, problems } = await open("rick", `#/rfc/${id}`);
    await page.getByLabel("Why back it out").fill("searches time out since");
    await act(page, "backOut");
    await stateShown(page, "backed out");
    expect(await ciVersion("app-search")).toBe(before);
    expect((await rfcNow(id)).state).toBe("BACKED_OUT");
    expect([...alice.problems, ...problems]).toEqual([]);
  }, 240_000);

  it("records an emergency change's retrospective by an approver, never the requester", async () => {
    const id = await raised({ type: "EMERGENCY", version: "9.6" });
    await step("rick", "submitRfc", id);
    await step("rick", "assessRfc", id);
    await step("alice", "approveRfc", id);
    await step("rick", "implementRfc", id);

    const rick = await open("rick", `#/rfc/${id}`);
    await stateShown(rick.page, "implemented");
    expect(await rick.page.locator('button[data-action="retrospective"]').count()).toBe(0);

    const bob = await open("bob", `#/rfc/${id}`);
    await bob.page
      .getByLabel("Retrospective notes")
      .fill("The hotfix was right; page the owner sooner.");
    await act(bob.page, "retrospective");
    await bob.page
      .getByLabel("retrospective review")
      .getByText("The hotfix was right; page the owner sooner.")
      .waitFor();
    expect(await bob.page.locator('button[data-action="retrospective"]').count()).toBe(0);
    expect((await rfcNow(id)).retrospective).toEqual({
      by: "bob",
      notes: "The hotfix was right; page the owner sooner.",
    });
    expect([...rick.problems, ...bob.problems]).toEqual([]);
  }, 240_000);
});
