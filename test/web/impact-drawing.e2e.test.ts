import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { buildWebPage, keep, launch, systemChromium } from "../support/browser.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { signedInPage } from "../support/web-session.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const APPS = 1100;
const CONTAINERS = 30;
const CLUSTER_USERS = 280;

/**
 * An impact larger than the drawing (the nearest 1,000), and a cluster with many users:
 *
 *   app-0000 … app-1099 ─DEPENDS_ON→ db-big ─MEMBER_OF→ cl-big (Cluster, minimumMembers 1) ←MEMBER_OF─ db-big-2
 *   ctr-00 … ctr-29 ─DEPENDS_ON→ app-1070 … app-1099;  clu-000 … clu-279 ─DEPENDS_ON→ cl-big
 *
 * Changing db-big: 1,100 apps and cl-big at 1, the containers and the cluster's users at 2
 * (1,411 CIs): the containers are past the nearest 1,000 the drawing is given.
 */
const BIG_ESTATE = {
  configurationItems: [
    { key: "db-big", name: "Big database", type: "Database" },
    { key: "db-big-2", name: "Big database replica", type: "Database" },
    { key: "cl-big", name: "Big cluster", type: "Cluster", attributes: { minimumMembers: 1 } },
    ...Array.from({ length: APPS }, (_, i) => ({
      key: `app-${pad(i, 4)}`,
      name: `Application ${pad(i, 4)}`,
      type: "Application",
    })),
    ...Array.from({ length: CONTAINERS }, (_, i) => ({
      key: `ctr-${pad(i, 2)}`,
      name: `Container ${pad(i, 2)}`,
      type: "Container",
    })),
    ...Array.from({ length: CLUSTER_USERS }, (_, i) => ({
      key: `clu-${pad(i, 3)}`,
      name: `Cluster user ${pad(i, 3)}`,
      type: "Application",
    })),
  ],
  relationships: [
    { from: "db-big", to: "cl-big", type: "MEMBER_OF" },
    { from: "db-big-2", to: "cl-big", type: "MEMBER_OF" },
    ...Array.from({ length: APPS }, (_, i) => ({
      from: `app-${pad(i, 4)}`,
      to: "db-big",
      type: "DEPENDS_ON",
    })),
    ...Array.from({ length: CONTAINERS }, (_, i) => ({
      from: `ctr-${pad(i, 2)}`,
      to: `app-${pad(APPS - CONTAINERS + i, 4)}`,
      type: "DEPENDS_ON",
    })),
    ...Array.from({ length: CLUSTER_USERS }, (_, i) => ({
      from: `clu-${pad(i, 3)}`,
      to: "cl-big",
      type: "DEPENDS_ON",
    })),
  ],
};

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Box extends Rect {
  key: string;
  id: string;
  lit: boolean;
  container: boolean;
  in: string | null;
}

/** The boxes in the DOM and the frame, as Chromium placed them on screen (run in the page). */
const BOXES = `(() => {
  const rect = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
  const svg = document.querySelector("svg.map");
  const boxes = [...svg.querySelectorAll("g.node")].map((g) => ({
    ...rect(g.querySelector("rect.box")),
    key: g.dataset.key || "",
    id: g.dataset.id || "",
    lit: g.classList.contains("lit"),
    container: g.classList.contains("container"),
    in: g.dataset.in || null,
  }));
  return { boxes, frame: rect(svg), layout: svg.dataset.layout, virtual: svg.dataset.virtual };
})()`;

interface Drawing {
  boxes: Box[];
  frame: Rect;
  layout: string;
  virtual: string;
}
const drawing = (page: Page): Promise<Drawing> => page.evaluate<Drawing>(BOXES);

const inside = (a: Rect, b: Rect, slack = 1): boolean =>
  a.x >= b.x - slack &&
  a.y >= b.y - slack &&
  a.x + a.w <= b.x + b.w + slack &&
  a.y + a.h <= b.y + b.h + slack;
const overlap = (a: Rect, b: Rect, slack = 0.5): boolean =>
  a.x + a.w - slack > b.x &&
  b.x + b.w - slack > a.x &&
  a.y + a.h - slack > b.y &&
  b.y + b.h - slack > a.y;

/** No two boxes overlap; members lie inside their group's box, nothing else on it. */
function expectApart(boxes: readonly Box[]): void {
  const clashes: string[] = [];
  const solid = boxes.filter((b) => !b.container);
  for (let i = 0; i < solid.length; i += 1)
    for (let j = i + 1; j < solid.length; j += 1)
      if (overlap(solid[i]!, solid[j]!)) clashes.push(`${solid[i]!.key} × ${solid[j]!.key}`);
  for (const c of boxes.filter((b) => b.container))
    for (const b of solid) {
      if (b.in === c.id) {
        if (!inside(b, c)) clashes.push(`${b.key} outside its group ${c.key}`);
      } else if (overlap(b, c)) clashes.push(`${b.key} × group ${c.key}`);
    }
  expect(clashes).toEqual([]);
}

describe.skipIf(!chromiumPath)("the impact drawing and large maps, in a real Chromium", () => {
  useTestDatabase({
    seed: async (t) => {
      const report = await t.app.imports.importDocument(t.db.scope(), ADMIN, BIG_ESTATE);
      expect(report.errors).toEqual([]);
    },
  });
  const server = useTestServer();
  let browser: Browser;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
  }, 180_000);
  afterAll(async () => {
    await browser.close();
  });

  const open = (hash: string) => signedInPage(browser, `${server().url}/${hash}`, TEST_ADMIN_TOKEN);
  const ready = async (page: Page): Promise<void> => {
    await page.locator("svg.map[data-ready]").waitFor({ timeout: 180_000 });
    await page.waitForTimeout(300);
  };
  /** Opens a fold from the keyboard (focusing it brings it into the frame). */
  const openFold = async (page: Page, label: string): Promise<void> => {
    await page
      .getByRole("button", { name: `${label}, folded: click to show them`, exact: true })
      .focus();
    await page.keyboard.press("Enter");
  };
  const boxOf = async (page: Page, key: string): Promise<Box | undefined> =>
    (await drawing(page)).boxes.find((b) => b.key === key);
  /** Waits until this CI's box is lit and wholly inside the frame. */
  const litInView = async (page: Page, key: string): Promise<void> => {
    await expect
      .poll(
        async () => {
          const d = await drawing(page);
          const b = d.boxes.find((x) => x.key === key);
          return b ? { lit: b.lit, inside: inside(b, d.frame) } : null;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toEqual({ lit: true, inside: true });
  };

  it("brings a row's CI and its path into view when its row is clicked, the root still marked", async () => {
    const { page, problems } = await open("#/impact?keys=db-big");
    const table = page.getByRole("table", { name: "impacted CIs" });
    await table.locator("tbody tr").first().waitFor({ timeout: 180_000 });
    await ready(page);
    // zoomed in and panned away from the root: the CIs of the rows are out of the frame
    for (let i = 0; i < 3; i += 1) await page.getByRole("button", { name: "Zoom in" }).click();
    const f = (await drawing(page)).frame;
    const panAway = async (key: string): Promise<void> => {
      for (let i = 0; i < 6; i += 1) {
        const b = await boxOf(page, key);
        if (!b || !overlap(b, f)) return;
        await page.mouse.move(f.x + f.w - 20, f.y + f.h - 20);
        await page.mouse.down();
        await page.mouse.move(f.x + 20, f.y + 20, { steps: 8 });
        await page.mouse.up();
      }
    };
    await panAway("app-0003");

    // a CI drawn, out of the frame
    const drawn = await boxOf(page, "app-0003");
    expect(drawn).toBeDefined();
    expect(inside(drawn!, f)).toBe(false);
    await page.getByRole("button", { name: "light the path to app-0003" }).click();
    await litInView(page, "app-0003");
    let d = await drawing(page);
    const root = d.boxes.find((b) => b.key === "db-big")!;
    expect(root.lit).toBe(true);
    expect(inside(root, d.frame)).toBe(true);
    expect(await page.locator('svg.map g.node.centre[data-key="db-big"]').count()).toBe(1);

    // a CI folded into its group: drawn beside it, and brought into view with its path
    await page.getByRole("button", { name: "Zoom in" }).click();
    await panAway("app-0003");
    await panAway("db-big");
    const folded = await boxOf(page, "app-0050");
    expect(folded === undefined || !inside(folded, f)).toBe(true);
    await page.getByRole("button", { name: "light the path to app-0050" }).click();
    await litInView(page, "app-0050");
    d = await drawing(page);
    expect(
      inside(
        d.boxes.find((b) => b.key === "db-big")!,
        d.frame,
      ),
    ).toBe(true);
    expect(d.boxes.filter((b) => b.lit).map((b) => b.key)).toEqual(
      expect.arrayContaining(["db-big", "app-0050"]),
    );
    expect(await page.locator('svg.map g.node.centre[data-key="db-big"]').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 600_000);

  it("says on the drawing that it shows the nearest 1,000 of the answer, and draws a page of the table's filter in its place", async () => {
    const res = await server().gql<{ impactAnalysis: { counts: { total: number } } }>(
      `{ impactAnalysis(input: { ciKeys: ["db-big"] }) { counts { total } } }`,
    );
    expect(res.errors).toEqual([]);
    const total = res.data!.impactAnalysis.counts.total;
    expect(total).toBe(APPS + 1 + CONTAINERS + CLUSTER_USERS);
    const { page, problems } = await open("#/impact?keys=db-big");
    const table = page.getByRole("table", { name: "impacted CIs" });
    await table.locator("tbody tr").first().waitFor({ timeout: 180_000 });
    await ready(page);
    const note = page.locator(".map-frame .map-note");
    expect(await note.textContent()).toContain(
      `Showing the nearest 1,000 of ${total.toLocaleString("en")} impacted CIs; the table lists all`,
    );

    // the containers are past the nearest 1,000: none drawn
    expect(await page.locator('svg.map g.node[data-key^="ctr-"]').count()).toBe(0);
    await page.getByLabel("CI type", { exact: true }).selectOption("Container");
    await page
      .locator(".impact-table .rows-shown")
      .filter({ hasText: `of ${String(CONTAINERS)} matching` })
      .waitFor();
    await page.getByRole("button", { name: "Show these on the map" }).click();
    await note.filter({ hasText: `Lit: the table's page, ${String(CONTAINERS)} CIs` }).waitFor({
      timeout: 180_000,
    });
    await ready(page);
    const d = await drawing(page);
    const byKey = new Map(d.boxes.map((b) => [b.key, b]));
    for (let i = 0; i < CONTAINERS; i += 1) {
      const ctr = byKey.get(`ctr-${pad(i, 2)}`);
      const app = byKey.get(`app-${pad(APPS - CONTAINERS + i, 4)}`);
      // each drawn in its place (a row past the app it depends on, drawn too), lit
      expect(ctr?.lit).toBe(true);
      expect(app?.lit).toBe(true);
      expect(ctr!.y).toBeGreaterThan(app!.y);
    }
    // the first of the page is in the frame, readable (30 side by side are not, fitted)
    const first = byKey.get("ctr-00")!;
    expect(inside(first, d.frame)).toBe(true);
    expect(first.w).toBeGreaterThanOrEqual(188 * 0.5 - 1);
    // the steps of their paths are drawn: container → app → db-big
    const idOf = new Map(d.boxes.map((b) => [b.id, b.key]));
    const edges = await page.evaluate<{ from: string; to: string }[]>(
      `[...document.querySelectorAll("svg.map g.edge")].map((e) => ({ from: e.dataset.from, to: e.dataset.to }))`,
    );
    const pairs = new Set(edges.map((e) => `${idOf.get(e.from) ?? ""}→${idOf.get(e.to) ?? ""}`));
    expect(pairs.has(`ctr-07→app-${pad(APPS - CONTAINERS + 7, 4)}`)).toBe(true);
    expect(pairs.has(`app-${pad(APPS - CONTAINERS + 7, 4)}→db-big`)).toBe(true);
    expect(await page.locator('svg.map g.node.centre[data-key="db-big"]').count()).toBe(1);
    expectApart(d.boxes);
    await keep(page, "impact-page-on-map");
    expect(problems).toEqual([]);
  }, 600_000);

  it("draws a map with a redundancy group in rows at once, the group a box holding its members, then ELK's drawing without empty room in the group", async () => {
    const { page, problems } = await open("#/map/cl-big");
    await ready(page);
    // keep the first drawing of the next draw, as the page showed it
    await page.evaluate(`(() => {
      window.__rows = null;
      window.__elk = false;
      document.querySelector(".map-canvas").addEventListener("map-drawn", (e) => {
        if (window.__rows === null && e.detail.provisional) window.__rows = ${BOXES};
        else if (window.__rows !== null && !e.detail.provisional) window.__elk = true;
      });
    })()`);
    await openFold(page, `and ${String(CLUSTER_USERS - 6)} more Applications`);
    await expect
      .poll(() => page.evaluate<boolean>("window.__rows !== null"), { timeout: 120_000 })
      .toBe(true);
    const first = await page.evaluate<Drawing>("window.__rows");
    expect(first.layout).toBe("rows");
    expect(first.boxes.filter((b) => b.key.startsWith("clu-")).length).toBeGreaterThan(6);
    const group = first.boxes.find((b) => b.key === "cl-big")!;
    expect(group.container).toBe(true);
    const members = first.boxes.filter((b) => b.in === group.id).map((b) => b.key);
    expect(members.sort()).toEqual(["db-big", "db-big-2"]);
    expectApart(first.boxes);
    // ELK takes seconds on this graph: the rows are usually still on screen
    if ((await page.locator("svg.map").getAttribute("data-layout")) === "rows") {
      await keep(page, "map-group-rows");
    }

    // then ELK's drawing: still apart, and the group's box ends right under its members
    await expect
      .poll(() => page.evaluate<boolean>("window.__elk"), { timeout: 300_000, interval: 500 })
      .toBe(true);
    await page.waitForTimeout(300);
    const d = await drawing(page);
    expectApart(d.boxes);
    const box = d.boxes.find((b) => b.key === "cl-big")!;
    const inner = d.boxes.filter((b) => b.in === box.id);
    const scale = inner[0]!.w / 188;
    const lowest = Math.max(...inner.map((b) => b.y + b.h));
    expect((box.y + box.h - lowest) / scale).toBeLessThanOrEqual(16);
    await page.getByRole("button", { name: "Centre on the centre CI" }).click();
    await keep(page, "map-group-laid-out");
    expect(problems).toEqual([]);
  }, 600_000);

  it("keeps only the boxes in and near the frame in the page for a large map, and draws the others as the view moves", async () => {
    const { page, problems } = await open("#/map/db-big");
    await ready(page);
    await openFold(page, `and ${String(APPS - 6)} more Applications`);
    await page.locator('svg.map[data-virtual="true"]').waitFor({ timeout: 120_000 });
    const status = (await page.locator(".map-status").textContent()) ?? "";
    const total = Number(/^(\d+) CIs drawn/.exec(status)?.[1]);
    expect(total).toBeGreaterThanOrEqual(300);
    const near = (b: Rect, f: Rect) =>
      overlap(b, { x: f.x - f.w, y: f.y - f.h, w: 3 * f.w, h: 3 * f.h });
    let d = await drawing(page);
    // far fewer elements than CIs, every one of them in or near the frame, the frame filled
    expect(d.boxes.length).toBeLessThan(total / 3);
    for (const b of d.boxes) expect(near(b, d.frame)).toBe(true);
    const seen = new Set(d.boxes.filter((b) => inside(b, d.frame)).map((b) => b.key));
    expect(seen.size).toBeGreaterThan(0);
    // a long pan sideways: other boxes come in, those left behind go
    for (let i = 0; i < 4; i += 1) {
      const f = d.frame;
      await page.mouse.move(f.x + f.w - 20, f.y + f.h / 2);
      await page.mouse.down();
      await page.mouse.move(f.x + 20, f.y + f.h / 2, { steps: 6 });
      await page.mouse.up();
      d = await drawing(page);
    }
    for (const b of d.boxes) expect(near(b, d.frame)).toBe(true);
    const now = d.boxes.filter((b) => inside(b, d.frame)).map((b) => b.key);
    expect(now.length).toBeGreaterThan(0);
    expect(now.some((k) => !seen.has(k))).toBe(true);
    // Tab goes from CI to CI, each brought into the frame
    await page.locator("svg.map g.node").first().focus();
    const keys: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate<{ key: string; inside: boolean } | null>(`(() => {
        const g = document.activeElement.closest && document.activeElement.closest("g.node");
        if (!g) return null;
        const r = g.querySelector("rect.box").getBoundingClientRect();
        const f = document.querySelector("svg.map").getBoundingClientRect();
        return { key: g.dataset.key, inside: r.x >= f.x - 1 && r.y >= f.y - 1 && r.right <= f.right + 1 && r.y + Math.min(r.height, 60) <= f.bottom + 1 };
      })()`);
      expect(focused?.inside).toBe(true);
      expect(keys).not.toContain(focused?.key);
      keys.push(focused?.key ?? "");
    }
    await keep(page, "map-virtual");
    expect(problems).toEqual([]);
  }, 600_000);
});
