import { beforeEach, describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";

describe("graph-cmdb impact, spof, cycles, path", () => {
  const ctx = useTestDatabase();
  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  it("impact KEY prints the business services hit and each impacted CI with its explanation", async () => {
    const run = await cli("impact", "db-orders", "--depth", "2");
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "Impact of changing db-orders (depth ≤ 2): 4 CIs — 4 DOWN, 0 DEGRADED, 0 AT_RISK",
    );
    expect(run.out).toContain("DOWN     bs-shop (criticality 1, distance 2)");
    expect(run.out).toContain(
      "bs-shop (BusinessService)  db-orders -[DEPENDS_ON]- app-web -[DEPENDS_ON]- bs-shop",
    );
  });

  it("impact --json gives the same answer as the API", async () => {
    const run = await cli("impact", "vm-1", "--json");
    const report = JSON.parse(run.out) as { impacted: { key: string; level: string }[] };
    const api = await ctx().app.impact.analyse(ctx().db.scope(), ADMIN, { ciKeys: ["vm-1"] });
    expect(report.impacted.map((i) => [i.key, i.level])).toEqual(
      api.impacted.map((i) => [i.key, i.level]),
    );
  });

  it("a bad depth exits 2 and says why", async () => {
    const run = await cli("impact", "db-orders", "--depth", "zero");
    expect(run.code).toBe(2);
    expect(run.err).toContain("must be a whole number from 1 (got zero)");
  });

  it("spof, cycles and path answer too", async () => {
    expect((await cli("spof", "bs-report")).out).toContain(
      "bs-report: 4 single point(s) of failure among 4 CIs it needs",
    );
    expect((await cli("cycles")).out).toMatch(/^1 dependency cycle\(s\)/);
    expect((await cli("path", "app-report", "host-b")).out).toBe(
      "app-report -[DEPENDS_ON]- db-orders -[RUNS_ON]- vm-db -[HOSTED_ON]- host-b",
    );
  });
});
