import { describe, expect, it } from "vitest";
import {
  DEMO_BASELINE,
  loadDemoEstateIfEmpty,
} from "../../src/application/interchange/demo-estate.js";
import { projectRoot } from "../../src/config/project-root.js";
import { ADMIN } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

/** What the demo estate teaches when loaded as `npm start` loads it (docs/demo-estate.md). */
describe("the demo estate, loaded into an empty CMDB", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const load = () => loadDemoEstateIfEmpty(scope(), ctx().app, projectRoot());

  it("loads without an error, baselines production, and leaves a CMDB with data alone", async () => {
    const loaded = await load();
    expect(loaded?.errorCount).toBe(0);
    expect(loaded?.configurationItems.created).toBeGreaterThan(250);
    const baselines = await ctx().app.baselines.list(scope(), ADMIN, { first: 10, after: null });
    expect(baselines.items.map((b) => b.name)).toEqual([DEMO_BASELINE]);
    expect(await load()).toBeNull();
  });

  it("shows a handful of real integrity findings, each rule with its known offenders", async () => {
    await load();
    const report = await ctx().app.integrity.run(scope(), ADMIN);
    const found = Object.fromEntries(
      report.results
        .filter((r) => r.count > 0)
        .map((r) => [r.rule, [...new Set(r.offenders.map((o) => o.key))]]),
    );
    expect(found).toEqual({
      ORPHAN: ["app-fax-gateway", "vm-legacy-ftp"],
      MISSING_OWNER: ["db-reporting"],
      DEPENDENCY_CYCLE: ["app-inventory", "app-orders", "svc-inventory", "svc-orders"],
      // every business service needs at least the application that provides it
      SINGLE_POINT_OF_FAILURE: [
        "bs-customer-portal",
        "bs-employee-self-service",
        "bs-management-reporting",
        "bs-online-checkout",
        "bs-order-management",
        "bs-payments",
        "bs-payroll",
        "bs-search",
      ],
    });
    expect(report.failed).toBe(false);
    const payroll = await ctx().app.impact.singlePointsOfFailure(scope(), ADMIN, {
      key: "bs-payroll",
    });
    expect(payroll.points.map((p) => p.key)).toContain("srv-fra1-bm-01");
  });
});
