import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { buildWebPage, keep, keepPart, launch, systemChromium } from "../support/browser.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { issueTestToken } from "../support/users.js";
import { signedInPage } from "../support/web-session.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

const pad = (n: number, width = 3) => String(n).padStart(width, "0");
const APPS = 270;
const CONTAINERS = 40;
const CLUSTER_USERS = 15;

/**
 * A hub database that more than 250 CIs depend on, so its impact fills three pages and more:
 *
 *   app-000 … app-269 ─DEPENDS_ON→ db-hub ─MEMBER_OF→ cl-hub (Cluster, minimumMembers 1) ←MEMBER_OF─ db-hub-2
 *   ctr-00 … ctr-39 ─DEPENDS_ON→ app-000 … app-039;  app-cl-00 … app-cl-14 ─DEPENDS_ON→ cl-hub
 *   bs-hub (BusinessService, criticality 2) ─DEPENDS_ON→ app-007
 *
 * Changing db-hub: the apps DOWN at 1, cl-hub DEGRADED at 1 (one member survives) and so its
 * users at 2, the containers DOWN at 2, bs-hub DOWN at 2. And a Cache type with a required port.
 */
const HUB_ESTATE = {
  ciTypes: [
    {
      name: "Cache",
      parent: "Application",
      attributes: [{ name: "port", type: "number", required: true }],
    },
  ],
  configurationItems: [
    { key: "db-hub", name: "Hub database", type: "Database" },
    { key: "db-hub-2", name: "Hub database replica", type: "Database" },
    { key: "cl-hub", name: "Hub cluster", type: "Cluster", attributes: { minimumMembers: 1 } },
    { key: "bs-hub", name: "Hub service", type: "BusinessService", criticality: 2 },
    ...Array.from({ length: APPS }, (_, i) => ({
      key: `app-${pad(i)}`,
      name: `Application ${pad(i)}`,
      type: "Application",
    })),
    ...Array.from({ length: CONTAINERS }, (_, i) => ({
      key: `ctr-${pad(i, 2)}`,
      name: `Container ${pad(i, 2)}`,
      type: "Container",
    })),
    ...Array.from({ length: CLUSTER_USERS }, (_, i) => ({
      key: `app-cl-${pad(i, 2)}`,
      name: `Cluster user ${pad(i, 2)}`,
      type: "Application",
    })),
  ],
  relationships: [
    { from: "db-hub", to: "cl-hub", type: "MEMBER_OF" },
    { from: "db-hub-2", to: "cl-hub", type: "MEMBER_OF" },
    { from: "bs-hub", to: "app-007", type: "DEPENDS_ON" },
    ...Array.from({ length: APPS }, (_, i) => ({
      from: `app-${pad(i)}`,
      to: "db-hub",
      type: "DEPENDS_ON",
    })),
    ...Array.from({ length: CONTAINERS }, (_, i) => ({
      from: `ctr-${pad(i, 2)}`,
      to: `app-${pad(i)}`,
      type: "DEPENDS_ON",
    })),
    ...Array.from({ length: CLUSTER_USERS }, (_, i) => ({
      from: `app-cl-${pad(i, 2)}`,
      to: "cl-hub",
      type: "DEPENDS_ON",
    })),
  ],
};

interface ApiRow {
  key: string;
  type: string;
  level: string;
  distance: number;
  pathSteps: { from: string; to: string; relationshipType: string; direction: string }[];
  configurationItem: { name: string } | null;
}
interface ApiPage {
  totalCount: number;
  nodes: ApiRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const ROW = `key type level distance pathSteps { from to relationshipType direction } configurationItem { name }`;

/** The documented path text: the changed CI, then each step's type with its arrow, source to target. */
function documentedPath(r: ApiRow): string {
  let text = r.pathSteps[0]?.from ?? r.key;
  for (const s of r.pathSteps) {
    text +=
      s.direction === "OUTGOING"
        ? ` —${s.relationshipType}→ ${s.to}`
        : ` ←${s.relationshipType}— ${s.to}`;
  }
  return text;
}

/** RFC 4180 fields of one CSV text (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 1;
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

const PAGE_USERS: Record<string, string[]> = {
  rick: ["REQUESTER", "EDITOR"],
  alice: ["APPROVER"],
  bob: ["APPROVER"],
  ann: ["ADMIN"],
};

describe.skipIf(!chromiumPath)("the impact table paged from the API, in a real Chromium", () => {
  useTestDatabase({
    seed: async (t) => {
      const report = await t.app.imports.importDocument(t.db.scope(), ADMIN, HUB_ESTATE);
      expect(report.errors).toEqual([]);
    },
  });
  const server = useTestServer();
  let browser: Browser;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
    tokens = {};
    for (const [user, roles] of Object.entries(PAGE_USERS)) {
      tokens[user] = (await issueTestToken(server(), user, roles)).secret;
    }
  }, 180_000);
  afterAll(async () => {
    await browser.close();
  });

  const as = async <T>(user: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await server().gql<T>(query, variables, { token: tokens[user]! });
    expect(res.errors).toEqual([]);
    return res.data!;
  };
  /** A page of db-hub's impact as the API gives it. */
  const apiPage = async (
    first: number,
    after: string | null,
    filter: Record<string, unknown> | null = null,
  ): Promise<ApiPage> =>
    (
      await as<{ impactAnalysis: { impactedItems: ApiPage } }>(
        "rick",
        `query($first: Int!, $after: String, $f: ImpactedConfigurationItemFilter) {
          impactAnalysis(input: { ciKeys: ["db-hub"] }) {
            impactedItems(first: $first, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ROW} } }
          }
        }`,
        { first, after, f: filter },
      )
    ).impactAnalysis.impactedItems;
  const open = (user: string, hash: string) =>
    signedInPage(browser, `${server().url}/${hash}`, tokens[user]!);
  const shownKeys = (page: Page, table = "impacted CIs") =>
    page
      .getByRole("table", { name: table })
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { dataset: { key: string } }).dataset.key),
      );
  const status = (page: Page) => page.locator(".impact-table .rows-shown");

  it("pages through a 300-CI impact as the API pages it, with its total and summary", async () => {
    const first = await apiPage(100, null);
    const second = await apiPage(100, first.pageInfo.endCursor);
    const third = await apiPage(100, second.pageInfo.endCursor);
    const total = first.totalCount;
    expect(total).toBe(APPS + CONTAINERS + CLUSTER_USERS + 2);
    expect(total).toBeGreaterThan(250);

    const { page, problems } = await open("rick", "#/impact?keys=db-hub");
    await page.getByRole("table", { name: "impacted CIs" }).locator("tbody tr").first().waitFor({
      timeout: 120_000,
    });
    await page.locator("svg.map[data-ready]").waitFor({ timeout: 120_000 });
    // the summary at once: counts by level, depth reached, services by name with criticality
    const summary = (await page.locator(".impact-summary").textContent()) ?? "";
    expect(summary).toContain(`${String(total)} CIs impacted`);
    expect(summary).toContain(`${String(APPS + CONTAINERS + 1)} DOWN`);
    expect(summary).toContain(`${String(CLUSTER_USERS + 1)} DEGRADED`);
    expect(summary).toContain("0 AT RISK");
    expect(summary).toContain("depth reached 2");
    const services = page.getByRole("list", { name: "business services hit" });
    expect(await services.textContent()).toMatch(/^Hub service \(bs-hub\) — DOWN, criticality 2/);

    expect(await status(page).textContent()).toBe(`Rows 1–100 of ${String(total)} · page 1 of 4`);
    expect(await shownKeys(page)).toEqual(first.nodes.map((n) => n.key));
    await page.getByRole("button", { name: "Next" }).click();
    await status(page).filter({ hasText: "Rows 101–200" }).waitFor();
    // page 2 holds what the API gives for page 2, in its order
    expect(await shownKeys(page)).toEqual(second.nodes.map((n) => n.key));
    await keep(page, "impact-paged");
    await page.getByRole("button", { name: "Next" }).click();
    await status(page).filter({ hasText: "Rows 201–300" }).waitFor();
    expect(await shownKeys(page)).toEqual(third.nodes.map((n) => n.key));
    await page.getByRole("button", { name: "Next" }).click();
    await status(page)
      .filter({ hasText: `Rows 301–${String(total)}` })
      .waitFor();
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous" }).click();
    await status(page).filter({ hasText: "Rows 201–300" }).waitFor();
    expect(await shownKeys(page)).toEqual(third.nodes.map((n) => n.key));

    // sorting reorders the page shown, and says so
    await page
      .getByRole("table", { name: "impacted CIs" })
      .getByRole("button", { name: /^CI/ })
      .click();
    const sorted = await shownKeys(page);
    expect(sorted).toEqual(third.nodes.map((n) => n.key).sort((a, b) => a.localeCompare(b)));
    expect(await page.locator(".impact-table .table-note").textContent()).toContain(
      "sorts the page shown only",
    );
    expect(problems).toEqual([]);
  }, 420_000);

  it("filters by level and CI type on the server, exports every page as CSV, and lights a row's path", async () => {
    const { page, problems } = await open("rick", "#/impact?keys=db-hub");
    const table = page.getByRole("table", { name: "impacted CIs" });
    await table.locator("tbody tr").first().waitFor({ timeout: 120_000 });
    await page.locator("svg.map[data-ready]").waitFor({ timeout: 120_000 });

    // level DEGRADED: what the API counts for that filter
    const degraded = await apiPage(100, null, { levels: ["DEGRADED"] });
    expect(degraded.totalCount).toBe(CLUSTER_USERS + 1);
    await page
      .getByRole("group", { name: "Levels (none ticked: all)" })
      .getByLabel("DEGRADED")
      .check();
    await status(page)
      .filter({ hasText: `of ${String(degraded.totalCount)} matching the filters` })
      .waitFor();
    expect(await shownKeys(page)).toEqual(degraded.nodes.map((n) => n.key));
    await page
      .getByRole("group", { name: "Levels (none ticked: all)" })
      .getByLabel("DEGRADED")
      .uncheck();
    // type Container and level DOWN together
    const containers = await apiPage(100, null, { levels: ["DOWN"], ciTypes: ["Container"] });
    expect(containers.totalCount).toBe(CONTAINERS);
    await page.getByLabel("CI type", { exact: true }).selectOption("Container");
    await page.getByRole("group", { name: "Levels (none ticked: all)" }).getByLabel("DOWN").check();
    await status(page)
      .filter({ hasText: `Rows 1–${String(CONTAINERS)} of ${String(CONTAINERS)} matching` })
      .waitFor();
    expect(await shownKeys(page)).toEqual(containers.nodes.map((n) => n.key));

    // CSV of the filtered list: read page by page, the same rows as the API's
    const asked: number[] = [];
    page.on("request", (r) => {
      const body = r.postData() ?? "";
      if (body.includes("ImpactPage")) {
        asked.push((JSON.parse(body) as { variables: { first: number } }).variables.first);
      }
    });
    const csvOf = async (): Promise<string[][]> => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ]);
      return parseCsv(readFileSync(await download.path(), "utf8"));
    };
    const expectRows = (csv: string[][], rows: ApiRow[], services: (r: ApiRow) => string) => {
      expect(csv[0]).toEqual(["level", "distance", "key", "name", "type", "services", "path"]);
      expect(csv.slice(1)).toEqual(
        rows.map((r) => [
          r.level,
          String(r.distance),
          r.key,
          r.configurationItem?.name ?? "",
          r.type,
          services(r),
          documentedPath(r),
        ]),
      );
    };
    expectRows(await csvOf(), containers.nodes, () => "");
    // and the whole list, unfiltered
    await page.getByLabel("CI type", { exact: true }).selectOption("");
    await page
      .getByRole("group", { name: "Levels (none ticked: all)" })
      .getByLabel("DOWN")
      .uncheck();
    await status(page)
      .filter({ hasText: /^Rows 1–100 of \d+ ·/ })
      .waitFor();
    asked.length = 0;
    const all = await apiPage(1000, null);
    const whole = await csvOf();
    expectRows(whole, all.nodes, (r) =>
      // bs-hub is hit through app-007 and itself
      ["app-007", "bs-hub", "db-hub"].includes(r.key) ? "Hub service" : "",
    );
    expect(whole).toHaveLength(all.totalCount + 1);
    // pages of at most 1,000 rows, as many as the list needs
    expect(asked).toEqual([1000]);
    expect(whole.find((r) => r[2] === "ctr-05")?.[6]).toBe(
      "db-hub ←DEPENDS_ON— app-005 ←DEPENDS_ON— ctr-05",
    );

    // a row clicked lights its path in the drawing; the root stays drawn and marked
    const row = all.nodes.find((n) => n.key === "ctr-05")!;
    await page.getByLabel("CI type", { exact: true }).selectOption("Container");
    await status(page).filter({ hasText: "matching the filters" }).waitFor();
    await page.getByRole("button", { name: "light the path to ctr-05" }).click();
    const why = page.getByLabel("explanation path");
    await why.waitFor();
    expect(await why.textContent()).toBe(documentedPath(row));
    expect(await page.locator("svg.map g.node.lit").count()).toBe(row.pathSteps.length + 1);
    expect(await page.locator("svg.map g.edge.lit").count()).toBe(row.pathSteps.length);
    expect(await page.locator('svg.map g.node.centre[data-key="db-hub"]').count()).toBe(1);
    expect(await table.locator("tr.lit").count()).toBe(1);
    expect(await table.locator("tr.lit").getAttribute("data-key")).toBe("ctr-05");
    await keep(page, "impact-table");
    expect(problems).toEqual([]);
  }, 420_000);

  it("shows an RFC's assessment a page at a time from the pages it stored", async () => {
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const created = await as<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Patch the hub database",
          type: "NORMAL",
          affectedCiKeys: ["db-hub"],
          plannedStart: inHours(24),
          plannedEnd: inHours(26),
        },
      },
    );
    const id = created.createRfc.rfc.id;
    for (const m of ["submitRfc", "assessRfc"]) {
      await as("rick", `mutation($id: ID!) { ${m}(input: { id: $id }) { rfc { id } } }`, { id });
    }
    const stored = async (after: string | null) =>
      (
        await as<{ rfc: { assessment: { impactedItems: ApiPage } } }>(
          "rick",
          `query($id: ID!, $after: String) { rfc(ref: { id: $id }) { assessment { impactedItems(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ROW} } } } } }`,
          { id, after },
        )
      ).rfc.assessment.impactedItems;
    const p1 = await stored(null);
    const p2 = await stored(p1.pageInfo.endCursor);
    const { page, problems } = await open("rick", `#/rfc/${id}`);
    await page.getByRole("table", { name: "impacted CIs" }).locator("tbody tr").first().waitFor();
    expect(await status(page).textContent()).toBe(
      `Rows 1–100 of ${String(p1.totalCount)} · page 1 of ${String(Math.ceil(p1.totalCount / 100))}`,
    );
    expect(await shownKeys(page)).toEqual(p1.nodes.map((n) => n.key));
    await page.getByRole("button", { name: "Next" }).click();
    await status(page).filter({ hasText: "Rows 101–200" }).waitFor();
    expect(await shownKeys(page)).toEqual(p2.nodes.map((n) => n.key));
    await keepPart(
      page.locator('section[aria-labelledby="assessment-title"]'),
      "rfc-assessment-paged",
    );
    expect(problems).toEqual([]);
  }, 300_000);

  it("creates a CI through an RFC built in the page, the server's errors next to the new CI's fields", async () => {
    const rick = await open("rick", "#/rfc/new");
    const p = rick.page;
    await p.getByLabel("Title").fill("Add the session cache");
    const local = (hours: number) =>
      p.evaluate((h) => {
        const d = new Date(Date.now() + h * 3_600_000);
        const q = (n: number) => String(n).padStart(2, "0");
        return `${String(d.getFullYear())}-${q(d.getMonth() + 1)}-${q(d.getDate())}T${q(d.getHours())}:${q(d.getMinutes())}`;
      }, hours);
    await p.getByLabel("Planned start").fill(await local(-0.25));
    await p.getByLabel("Planned end").fill(await local(2));
    await p.getByLabel("Back-out plan").fill("Retire the cache again.");
    await p.getByRole("button", { name: "Add a new CI (CREATE_CI)" }).click();
    await p.getByLabel("New CI's type").selectOption("Cache");
    expect(
      await p
        .locator('.field[data-field="operations[0].createCi.attributes"] .field-hint')
        .textContent(),
    ).toContain("port (number, required)");
    // a key the server refuses: its message next to the key
    await p.getByLabel("New CI's key").fill("cache sessions");
    await p.getByLabel("New CI's name").fill("Session cache");
    await p.getByLabel("New CI's attributes").fill('{"port": "6379"}');
    await p.getByRole("button", { name: "Create the draft" }).click();
    const keyError = p.locator('.field[data-field="operations[0].createCi.key"] .field-error');
    await keyError.waitFor();
    expect(await keyError.textContent()).toContain("must start with a letter or digit");
    expect(await p.getByLabel("New CI's key").getAttribute("aria-invalid")).toBe("true");
    // then an attribute of the wrong JSON type: next to the attributes
    await p.getByLabel("New CI's key").fill("cache-sessions");
    await p.getByRole("button", { name: "Create the draft" }).click();
    const attrError = p.locator(
      '.field[data-field="operations[0].createCi.attributes"] .field-error',
    );
    await attrError.waitFor();
    expect(await attrError.textContent()).toContain("port");
    expect(await attrError.textContent()).toContain("number");
    await keepPart(p.getByRole("group", { name: /^Operations/ }), "rfc-create-ci-errors");
    // text that is not JSON is caught before it is sent
    await p.getByLabel("New CI's attributes").fill("{port: 6379");
    await p.getByRole("button", { name: "Create the draft" }).click();
    await attrError.filter({ hasText: "must be a JSON object" }).waitFor();
    await p.getByLabel("New CI's attributes").fill('{"port": 6379}');
    await keep(p, "rfc-create-ci");
    await p.getByRole("button", { name: "Create the draft" }).click();
    await p.getByRole("heading", { name: /^RFC-\d+: Add the session cache$/ }).waitFor();
    expect(await p.getByRole("list", { name: "operations" }).textContent()).toBe(
      "CREATE_CI cache-sessions (Cache)",
    );
    const id = /#\/rfc\/([^/?]+)/.exec(p.url())![1]!;
    const badge = (state: string) =>
      p.locator(".rfc-facts .state-badge", { hasText: state }).waitFor();

    // through the page to implemented: submit, assess, the approvals it needs, schedule, implement
    await p.locator('button[data-action="submit"]').click();
    await badge("submitted");
    await p.locator('button[data-action="assess"]').click();
    await badge("assessed");
    const needed = (
      await as<{ rfc: { assessment: { requiredApprovals: number } } }>(
        "rick",
        `query($id: ID!) { rfc(ref: { id: $id }) { assessment { requiredApprovals } } }`,
        { id },
      )
    ).rfc.assessment.requiredApprovals;
    const approvers = ["alice", "bob"].slice(0, needed);
    expect(approvers).toHaveLength(needed);
    const others: string[] = [];
    for (const who of approvers) {
      const a = await open(who, `#/rfc/${id}`);
      await a.page.getByRole("button", { name: "Approve" }).click();
      await a.page.getByRole("list", { name: "approvals" }).getByText(`${who}, `).waitFor();
      others.push(...a.problems);
    }
    await p.reload();
    await p.locator('button[data-action="schedule"]').click();
    await badge("scheduled");
    await p.locator('button[data-action="implement"]').click();
    await badge("implemented");
    const ci = await as<{
      configurationItem: { type: string; name: string; attributes: Record<string, unknown> } | null;
    }>("rick", `{ configurationItem(ref: { key: "cache-sessions" }) { type name attributes } }`);
    expect(ci.configurationItem).toEqual({
      type: "Cache",
      name: "Session cache",
      attributes: { port: 6379 },
    });
    expect([...rick.problems, ...others]).toEqual([]);
  }, 420_000);

  it("assesses an RFC for another window from its page, the window kept on the RFC", async () => {
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const created = await as<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Restart app-150",
          type: "NORMAL",
          affectedCiKeys: ["app-150"],
          plannedStart: inHours(30),
          plannedEnd: inHours(31),
        },
      },
    );
    const id = created.createRfc.rfc.id;
    await as("rick", `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, { id });
    const { page, problems } = await open("rick", `#/rfc/${id}`);
    const box = page.locator(".window");
    // the window in the browser's own time zone (datetime-local), three days on
    const local = (hours: number) =>
      page.evaluate((h) => {
        const d = new Date(Date.now() + h * 3_600_000);
        const q = (n: number) => String(n).padStart(2, "0");
        return `${String(d.getFullYear())}-${q(d.getMonth() + 1)}-${q(d.getDate())}T${q(d.getHours())}:${q(d.getMinutes())}`;
      }, hours);
    const [start, end] = [await local(72), await local(74)];
    await box.getByLabel("New planned start").fill(start);
    await box.getByLabel("New planned end").fill(end);
    const expected = await page.evaluate(
      ([a, b]) => [new Date(a!).toISOString(), new Date(b!).toISOString()],
      [start, end],
    );
    await page.locator('button[data-action="assessWindow"]').click();
    await page.locator(".rfc-facts .state-badge", { hasText: "assessed" }).waitFor();
    const now = await as<{
      rfc: { plannedStart: string; plannedEnd: string; assessment: { number: number } | null };
    }>(
      "rick",
      `query($id: ID!) { rfc(ref: { id: $id }) { plannedStart plannedEnd assessment { number } } }`,
      { id },
    );
    expect([now.rfc.plannedStart, now.rfc.plannedEnd]).toEqual(expected);
    expect(now.rfc.assessment?.number).toBe(1);
    expect(problems).toEqual([]);
  }, 300_000);

  it("lets an ADMIN implement outside the window with a reason, and offers a change from a CI's panel", async () => {
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const created = await as<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Upgrade app-100 tonight",
          type: "NORMAL",
          affectedCiKeys: ["app-100"],
          operations: [{ updateCi: { ci: "app-100", changes: { version: "2.0" } } }],
          backOutPlan: "set the version back",
          plannedStart: inHours(20),
          plannedEnd: inHours(22),
        },
      },
    );
    const id = created.createRfc.rfc.id;
    const step = (who: string, m: string) =>
      as(who, `mutation($id: ID!) { ${m}(input: { id: $id }) { rfc { id } } }`, { id });
    await step("rick", "submitRfc");
    await step("rick", "assessRfc");
    const needed = (
      await as<{ rfc: { assessment: { requiredApprovals: number } } }>(
        "rick",
        `query($id: ID!) { rfc(ref: { id: $id }) { assessment { requiredApprovals } } }`,
        { id },
      )
    ).rfc.assessment.requiredApprovals;
    for (const who of ["alice", "bob"].slice(0, needed)) await step(who, "approveRfc");
    await step("rick", "scheduleRfc");

    // the requester (EDITOR, not ADMIN) is not offered the override
    const rick = await open("rick", `#/rfc/${id}`);
    await rick.page.getByRole("heading", { name: "What you can do" }).waitFor();
    expect(await rick.page.locator('button[data-action="implementOverride"]').count()).toBe(0);
    const ann = await open("ann", `#/rfc/${id}`);
    await ann.page.locator('button[data-action="implementOverride"]').click();
    const reasonError = ann.page.locator(
      '.override .field[data-field="windowOverride.reason"] .field-error',
    );
    await reasonError.waitFor();
    await ann.page
      .getByLabel("Why it cannot wait for its window")
      .fill("the vendor's fix expires at noon");
    await ann.page.locator('button[data-action="implementOverride"]').click();
    await ann.page.locator(".rfc-facts .state-badge", { hasText: "implemented" }).waitFor();
    await ann.page.getByText("Implemented outside its window").waitFor();
    const now = await as<{
      rfc: { state: string; windowOverride: { by: string; reason: string } | null };
    }>("rick", `query($id: ID!) { rfc(ref: { id: $id }) { state windowOverride { by reason } } }`, {
      id,
    });
    expect(now.rfc).toEqual({
      state: "IMPLEMENTED",
      windowOverride: { by: "ann", reason: "the vendor's fix expires at noon" },
    });

    // a CI's panel (beside its map) links to a new RFC on it, its operations offered
    const map = await open("rick", "#/map/app-200");
    await map.page.locator("svg.map[data-ready]").waitFor({ timeout: 120_000 });
    const node = map.page.locator('svg.map g.node[data-key="app-200"]');
    await node.focus();
    await map.page.keyboard.press("Enter");
    await map.page.getByRole("region", { name: "details of app-200" }).waitFor();
    await map.page.getByRole("link", { name: "Raise an RFC to change app-200" }).click();
    await map.page.getByRole("group", { name: "An operation on app-200 (Application)" }).waitFor();
    expect(
      await map.page.getByRole("list", { name: "affected CIs chosen" }).textContent(),
    ).toContain("app-200 · Application");
    expect([...rick.problems, ...ann.problems, ...map.problems]).toEqual([]);
  }, 420_000);
});
