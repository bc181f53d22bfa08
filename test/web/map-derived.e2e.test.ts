import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoEstateIfEmpty } from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { buildWebPage, keep, launch, systemChromium } from "../support/browser.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";
import { signedInPage } from "../support/web-session.js";

const chromiumPath = systemChromium();
if (!chromiumPath && process.env.CI) {
  throw new Error("CI needs Debian's chromium for the web page tests (apt-get install chromium)");
}

interface DrawnEdge {
  from: string;
  to: string;
  classes: string;
  dash: string;
  stroke: string;
}

/** Every edge drawn, by its ends' keys, with the dash pattern and colour Chromium computed. */
const EDGES = `(() => {
  const keyOf = new Map([...document.querySelectorAll("svg.map g.node")].map((n) => [n.dataset.id, n.dataset.key || n.dataset.id]));
  return [...document.querySelectorAll("svg.map g.edge")].map((e) => {
    const style = getComputedStyle(e.querySelector("path"));
    return { from: keyOf.get(e.dataset.from), to: keyOf.get(e.dataset.to), classes: e.getAttribute("class"), dash: style.strokeDasharray, stroke: style.stroke };
  });
})()`;

const DRAWN = `[...document.querySelectorAll("svg.map g.node")].map((n) => ({ key: n.dataset.key, type: n.dataset.type }))`;

const SERVICE_TYPES = new Set(["BusinessService", "ApplicationService"]);
/** map.css's pattern for derived edges. */
const DERIVED_DASH = "10px, 5px";

describe.skipIf(!chromiumPath)("derived service-to-service dependencies on the map", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let browser: Browser;

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
  }, 120_000);

  type Via = { from: string; type: string; to: string };
  /**
   * What the API derives for each service: key → the services it depends on (DEPENDENTS: those
   * depending on it), with the edges.
   */
  const derivedOf = async (
    keys: readonly string[],
    direction: "DEPENDENCIES" | "DEPENDENTS" = "DEPENDENCIES",
  ): Promise<Map<string, Map<string, Via[]>>> => {
    const out = new Map<string, Map<string, Via[]>>();
    for (const key of keys) {
      type Edge = { from: { key: string }; type: string; to: { key: string } };
      const res = await server().gql<{
        derivedServiceDependencies: { from: { key: string }; to: { key: string }; via: Edge[] }[];
      }>(
        `query($key: String!, $dir: ImpactDirection!) { derivedServiceDependencies(service: { key: $key }, direction: $dir) { from { key } to { key } via { from { key } type to { key } } } }`,
        { key, dir: direction },
      );
      expect(res.errors).toEqual([]);
      out.set(
        key,
        new Map(
          res.data!.derivedServiceDependencies.map((d) => [
            direction === "DEPENDENCIES" ? d.to.key : d.from.key,
            d.via.map((e) => ({ from: e.from.key, type: e.type, to: e.to.key })),
          ]),
        ),
      );
    }
    return out;
  };
  /** The services the API reaches from these in `steps` derivations one way. */
  const reachedFrom = async (
    seeds: readonly string[],
    steps: number,
    direction: "DEPENDENCIES" | "DEPENDENTS",
  ): Promise<Set<string>> => {
    const reached = new Set(seeds);
    let frontier = [...seeds];
    for (let step = 0; step < steps; step += 1) {
      const found = await derivedOf(frontier, direction);
      frontier = [...found.values()].flatMap((m) => [...m.keys()]).filter((k) => !reached.has(k));
      for (const k of frontier) reached.add(k);
    }
    return reached;
  };
  /** The pairs the API derives between the services drawn, as "from → to". */
  const expectedPairs = (derived: Map<string, Map<string, Via[]>>, drawn: Set<string>) =>
    [...derived]
      .flatMap(([from, deps]) =>
        [...deps.keys()].filter((to) => drawn.has(to)).map((to) => `${from} → ${to}`),
      )
      .sort();

  const mapReady = async (page: Page) => {
    await page.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 });
    await page.waitForTimeout(200);
  };

  it("draws dashed exactly the derived dependencies the API returns between the services drawn, says what each comes from, and has a legend entry", async () => {
    const { page, problems } = await signedInPage(
      browser,
      `${server().url}/#/map/svc-checkout`,
      TEST_ADMIN_TOKEN,
    );
    await mapReady(page);
    const drawn = await page.evaluate<{ key: string; type: string }[]>(DRAWN);
    const services = drawn.filter((n) => SERVICE_TYPES.has(n.type)).map((n) => n.key);
    const derived = await derivedOf(services);
    const expected = expectedPairs(derived, new Set(drawn.map((n) => n.key)));
    // the demo estate's checkout consumes five other services
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const edges = await page.evaluate<DrawnEdge[]>(EDGES);
    const dashedDerived = edges.filter((e) => e.dash === DERIVED_DASH);
    expect(dashedDerived.map((e) => `${e.from} → ${e.to}`).sort()).toEqual(expected);
    for (const e of dashedDerived) expect(e.classes).toContain("derived");
    // every stored relationship drawn is a solid line, in another colour
    const stored = edges.filter((e) => !/derived|indirect|group-edge/.test(e.classes));
    expect(stored.length).toBeGreaterThan(0);
    for (const e of stored) expect(e.dash).toBe("none");
    expect(new Set(stored.map((e) => e.stroke)).has(dashedDerived[0]!.stroke)).toBe(false);

    // the legend has an entry for them
    await page
      .getByLabel("legend")
      .getByText(/^derived: a service depends on another/)
      .waitFor();
    // a derived edge's label says, and its panel lists, the component edges it comes from
    const [from, to] = expected[0]!.split(" → ") as [string, string];
    const via = derived.get(from)!.get(to)!;
    const label = page.getByRole("button", {
      name: new RegExp(`^derived: ${from} depends on ${to} through`),
    });
    for (const v of via)
      expect(await label.getAttribute("aria-label")).toContain(`${v.from} ${v.type} ${v.to}`);
    await label.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: `derived dependency ${from} to ${to}` });
    await panel.waitFor();
    const items = await panel
      .getByRole("list", { name: "component edges" })
      .locator("li")
      .allTextContents();
    expect(items.sort()).toEqual(via.map((v) => `${v.from} —${v.type}→ ${v.to}`).sort());
    await keep(page, "map-derived-edges");
    expect(problems).toEqual([]);
  });

  it("shows only the services, reached through derived dependencies both ways to the depth asked, joined by derived edges only", async () => {
    const { page, problems } = await signedInPage(
      browser,
      `${server().url}/#/map/svc-checkout`,
      TEST_ADMIN_TOKEN,
    );
    await mapReady(page);
    const seeds = (await page.evaluate<{ key: string; type: string }[]>(DRAWN))
      .filter((n) => SERVICE_TYPES.has(n.type))
      .map((n) => n.key);
    await page.getByRole("link", { name: "Services only (derived dependencies)" }).click();
    await page.getByText("Showing business and application services only").waitFor();
    await mapReady(page);

    // what the API reaches from the services of the full map in two derivations, each way
    const reached = new Set([
      ...(await reachedFrom(seeds, 2, "DEPENDENCIES")),
      ...(await reachedFrom(seeds, 2, "DEPENDENTS")),
    ]);
    const drawn = await page.evaluate<{ key: string; type: string }[]>(DRAWN);
    expect(drawn.map((n) => n.key).sort()).toEqual([...reached].sort());
    for (const n of drawn) expect(SERVICE_TYPES.has(n.type)).toBe(true);
    const expected = expectedPairs(await derivedOf([...reached]), reached);
    const edges = await page.evaluate<DrawnEdge[]>(EDGES);
    expect(edges.map((e) => `${e.from} → ${e.to}`).sort()).toEqual(expected);
    for (const e of edges) expect(e.dash).toBe(DERIVED_DASH);
    // one centre: the services found on the way are never drawn in its style
    expect(
      await page
        .locator("svg.map g.node.centre")
        .evaluateAll((ns) =>
          ns.map((n) => (n as unknown as { dataset: { key: string } }).dataset.key),
        ),
    ).toEqual(["svc-checkout"]);
    await page.getByRole("button", { name: "Fit to screen" }).click();
    await keep(page, "map-services-only");
    expect(problems).toEqual([]);
  });

  it("goes upwards in the services-only view with the map's direction control: the services depending on this one, drawn above it", async () => {
    const { page, problems } = await signedInPage(
      browser,
      `${server().url}/#/map/svc-payments?dir=DEPENDENTS`,
      TEST_ADMIN_TOKEN,
    );
    await mapReady(page);
    const seeds = (await page.evaluate<{ key: string; type: string }[]>(DRAWN))
      .filter((n) => SERVICE_TYPES.has(n.type))
      .map((n) => n.key);
    // the services-only view, downwards first; then the direction control turns it upwards
    await page.goto(`${server().url}/#/map/svc-payments?view=services&dir=DEPENDENCIES`);
    await mapReady(page);
    await page.getByLabel("direction").selectOption("DEPENDENTS");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("the services depending on them, above").waitFor();
    await page.locator("svg.map[data-ready]").waitFor({ timeout: 60_000 });
    expect(page.url()).toContain("view=services");
    await mapReady(page);

    const reached = await reachedFrom(seeds, 2, "DEPENDENTS");
    const drawn = await page.evaluate<{ key: string; type: string }[]>(DRAWN);
    expect(drawn.map((n) => n.key).sort()).toEqual([...reached].sort());
    // the derivation upwards found services the walk did not
    const above = [...reached].filter((k) => !seeds.includes(k));
    expect(above.length).toBeGreaterThan(0);
    const edges = await page.evaluate<DrawnEdge[]>(EDGES);
    expect(edges.map((e) => `${e.from} → ${e.to}`).sort()).toEqual(
      expectedPairs(await derivedOf([...reached]), reached),
    );
    // each service found upwards is drawn above a service it depends on
    const top = await page.evaluate<Record<string, number>>(
      `Object.fromEntries([...document.querySelectorAll("svg.map g.node")].map((n) => [n.dataset.key, n.querySelector("rect.box").getBoundingClientRect().y]))`,
    );
    for (const k of above) {
      const needs = edges.filter((e) => e.from === k).map((e) => e.to);
      expect(needs.length).toBeGreaterThan(0);
      expect(needs.some((to) => top[k]! < top[to]!)).toBe(true);
    }
    await page.getByRole("button", { name: "Fit to screen" }).click();
    await keep(page, "map-services-upwards");
    expect(problems).toEqual([]);
  });
});
