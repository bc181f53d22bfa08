import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import {
  buildWebPage,
  keep,
  keepPart,
  launch,
  systemChromium,
  watchedPage,
} from "../support/browser.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

interface Rect {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  in?: string;
}

interface Geometry {
  boxes: Rect[];
  containers: Rect[];
  labels: Rect[];
  frame: Rect;
  centre: Rect[];
}

/** Every box and edge label of the map on screen, as the browser placed them (run in the page). */
const GEOMETRY = `(() => {
  const rect = (el, id) => {
    const r = el.getBoundingClientRect();
    return { id, x: r.x, y: r.y, w: r.width, h: r.height };
  };
  const svg = document.querySelector("svg.map");
  const boxes = [];
  const containers = [];
  for (const g of svg.querySelectorAll("g.node")) {
    const r = rect(g.querySelector("rect.box"), g.dataset.id || "");
    if (g.dataset.in) r.in = g.dataset.in;
    (g.classList.contains("container") ? containers : boxes).push(r);
  }
  const labels = [...svg.querySelectorAll("g.edge-label rect")].map((l, i) =>
    rect(l, "label " + i + ": " + (l.parentElement.textContent || "")),
  );
  const centre = [...svg.querySelectorAll("g.node.centre > rect.box")].map((c) => rect(c, "centre"));
  return { boxes, containers, labels, frame: rect(svg, "frame"), centre };
})()`;

function geometry(page: Page): Promise<Geometry> {
  return page.evaluate<Geometry>(GEOMETRY);
}

const overlap = (a: Rect, b: Rect, slack = 0.5): boolean =>
  a.x + a.w - slack > b.x &&
  b.x + b.w - slack > a.x &&
  a.y + a.h - slack > b.y &&
  b.y + b.h - slack > a.y;
const inside = (a: Rect, b: Rect, slack = 1): boolean =>
  a.x >= b.x - slack &&
  a.y >= b.y - slack &&
  a.x + a.w <= b.x + b.w + slack &&
  a.y + a.h <= b.y + b.h + slack;

/** No two boxes overlap, no label lies on a box, members sit inside their group's box. */
function expectReadable(g: Geometry): void {
  const clashes: string[] = [];
  const solid = [...g.boxes];
  for (let i = 0; i < solid.length; i += 1) {
    for (let j = i + 1; j < solid.length; j += 1) {
      if (overlap(solid[i]!, solid[j]!)) clashes.push(`${solid[i]!.id} × ${solid[j]!.id}`);
    }
    for (const l of g.labels) if (overlap(solid[i]!, l)) clashes.push(`${solid[i]!.id} × ${l.id}`);
  }
  for (let i = 0; i < g.labels.length; i += 1) {
    for (let j = i + 1; j < g.labels.length; j += 1) {
      if (overlap(g.labels[i]!, g.labels[j]!))
        clashes.push(`${g.labels[i]!.id} × ${g.labels[j]!.id}`);
    }
  }
  for (const c of g.containers) {
    for (const b of g.boxes) {
      if (b.in === c.id) {
        if (!inside(b, c)) clashes.push(`${b.id} outside its group ${c.id}`);
      } else if (overlap(b, c)) clashes.push(`${b.id} × group ${c.id}`);
    }
  }
  expect(clashes).toEqual([]);
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("API token").fill(TEST_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function mapReady(page: Page): Promise<void> {
  await page.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 });
  // the first view is set once the frame has its size
  await page.waitForTimeout(200);
}

describe.skipIf(!chromiumPath)("the dependency map and the impact view in a real Chromium", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let browser: Browser;

  beforeAll(async () => {
    buildWebPage();
    browser = await launch(chromiumPath as string);
  }, 60_000);
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    const loaded = await loadDemoEstateIfEmpty(ctx().db.scope(), ctx().app, projectRoot());
    expect(loaded?.errors).toEqual([]);
  }, 120_000);

  it("opens a business service's map with the centre on screen, boxes apart and labels clear, and pans, zooms, fits and centres", async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, `${server().url}/#/map/bs-online-checkout`);
    await page.getByRole("heading", { name: "Dependency map of bs-online-checkout" }).waitFor();
    await mapReady(page);
    let g = await geometry(page);
    expect(g.boxes.length).toBeGreaterThanOrEqual(3);
    expect(g.centre).toHaveLength(1);
    // the centre is inside the frame on first paint
    expect(inside(g.centre[0]!, g.frame)).toBe(true);
    expectReadable(g);
    await page.getByRole("region", { name: "details of bs-online-checkout" }).waitFor();
    await keep(page, "map-business-service");

    // zoom in about the middle: boxes grow; fit: every box inside the frame
    const before = g.centre[0]!.w;
    await page.getByRole("button", { name: "Zoom in" }).click();
    g = await geometry(page);
    expect(g.centre[0]!.w).toBeGreaterThan(before * 1.2);
    await page.getByRole("button", { name: "Fit to screen" }).click();
    g = await geometry(page);
    for (const b of [...g.boxes, ...g.containers]) expect(inside(b, g.frame, 2)).toBe(true);
    // drag pans: everything moves by the drag
    const cx = g.centre[0]!.x;
    const f = g.frame;
    await page.mouse.move(f.x + 20, f.y + 20);
    await page.mouse.down();
    await page.mouse.move(f.x + 120, f.y + 60, { steps: 5 });
    await page.mouse.up();
    g = await geometry(page);
    expect(Math.round(g.centre[0]!.x - cx)).toBe(100);
    // centre on the centre CI: its box's middle is the frame's middle
    await page.getByRole("button", { name: "Centre on the centre CI" }).click();
    g = await geometry(page);
    const c = g.centre[0]!;
    expect(Math.abs(c.x + c.w / 2 - (f.x + f.w / 2))).toBeLessThan(2);
    expect(problems).toEqual([]);
  });

  it("draws a depth-4 map without overlaps, with an overview, and a folded fan-in", async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, `${server().url}/#/map/app-checkout?depth=4`);
    await mapReady(page);
    const g = await geometry(page);
    expect(g.boxes.length).toBeGreaterThan(40);
    expect(inside(g.centre[0]!, g.frame)).toBe(true);
    expectReadable(g);
    // the overview shows the whole drawing and where the frame is in it
    await page.locator(".minimap rect.mini-view").waitFor();
    expect(await page.locator(".minimap rect.mini-box").count()).toBeGreaterThan(40);
    await keep(page, "map-depth-4");
    expect(problems).toEqual([]);
  });

  it("expands a cluster from the keyboard: its members drawn inside it, the rest kept in place, the centre still marked", async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, `${server().url}/#/map/mq-events?depth=1`);
    await mapReady(page);
    const cluster = page.locator('svg.map g.node[data-key="cl-kafka"]');
    const at = await cluster.locator("rect.box").boundingBox();
    const others = await page.locator("svg.map g.node").count();
    // Tab reaches the CIs; Enter expands the one focused
    await cluster.focus();
    await page.keyboard.press("Enter");
    await page.locator('svg.map g.node[data-key="vm-kafka-01"]').waitFor({ timeout: 60_000 });
    await page.getByRole("region", { name: "details of cl-kafka" }).waitFor();
    await page.waitForTimeout(200);
    expect(await page.locator("svg.map g.node").count()).toBeGreaterThan(others);
    // the group holds its members
    const group = page.locator('svg.map g.node.container[data-key="cl-kafka"]');
    expect(await group.count()).toBe(1);
    for (const vm of ["vm-kafka-01", "vm-kafka-02", "vm-kafka-03"]) {
      expect(await page.locator(`svg.map g.node[data-key="${vm}"]`).getAttribute("data-in")).toBe(
        await group.getAttribute("data-id"),
      );
    }
    // the CI expanded stayed where it was on screen; the centre is still the one marked
    const after = await group.locator("rect.box").boundingBox();
    expect(Math.abs(after!.x - at!.x)).toBeLessThan(2);
    expect(Math.abs(after!.y - at!.y)).toBeLessThan(2);
    expect(await page.locator("svg.map g.node.centre").getAttribute("data-key")).toBe("mq-events");
    expect(await page.evaluate<string | null>("document.activeElement?.dataset.key ?? null")).toBe(
      "cl-kafka",
    );
    const g = await geometry(page);
    expectReadable(g);
    // the group's box ends right under its members: no empty room in it (in drawing units)
    const groupId = await group.getAttribute("data-id");
    const box = g.containers.find((c) => c.id === groupId)!;
    const members = g.boxes.filter((b) => b.in === box.id);
    const scale = members[0]!.w / 188;
    const lowest = Math.max(...members.map((b) => b.y + b.h));
    expect((box.y + box.h - lowest) / scale).toBeLessThanOrEqual(16);
    await page.getByRole("button", { name: "Fit to screen" }).click();
    await keep(page, "map-expanded-cluster");

    // the CI panel: who owns it, where it stands, its relationships, history and RFCs
    const panel = page.getByRole("region", { name: "details of cl-kafka" });
    const text = (await panel.textContent()) ?? "";
    for (const word of [
      "Owner",
      "Team",
      "Lifecycle",
      "Environment",
      "Version",
      "Criticality",
      "Attributes",
      "Relationships",
      "Recent history",
      "Open RFCs touching it",
    ]) {
      expect(text).toContain(word);
    }
    expect(
      await panel.getByRole("list", { name: "relationships" }).locator("li").count(),
    ).toBeGreaterThan(3);
    expect(
      await panel.getByRole("link", { name: "What changing cl-kafka hits" }).getAttribute("href"),
    ).toBe("#/impact?keys=cl-kafka");
    await keepPart(page.locator("aside.details"), "ci-panel");
    expect(problems).toEqual([]);
  });
  // the impact view's table (paged from the API): test/web/impact.e2e.test.ts
});
