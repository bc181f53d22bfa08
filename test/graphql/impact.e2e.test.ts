import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

interface Impacted {
  configurationItem: { key: string };
  distance: number;
  impactLevel: string;
  reachedThrough: string[];
  path: { key: string }[];
  pathRelationshipTypes: string[];
}

const IMPACT = `query($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) {
    direction truncated maxDepth depthReached
    changed { key }
    counts { down degraded atRisk }
    impacted { configurationItem { key } distance impactLevel reachedThrough path { key } pathRelationshipTypes }
    businessServices { configurationItem { key criticality } distance impactLevel }
  }
}`;

describe("impact analysis through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  it("answers what a change hits, how badly, why, and which business services", async () => {
    const res = await server().gql<{
      impactAnalysis: {
        changed: { key: string }[];
        counts: Record<string, number>;
        impacted: Impacted[];
        businessServices: {
          configurationItem: { key: string; criticality: number };
          impactLevel: string;
        }[];
        truncated: boolean;
      };
    }>(IMPACT, { input: { ciKeys: ["vm-1"] } });
    expect(res.errors).toEqual([]);
    const r = res.data!.impactAnalysis;
    expect(r.changed).toEqual([{ key: "vm-1" }]);
    expect(r.impacted.map((i) => [i.configurationItem.key, i.distance, i.impactLevel])).toEqual([
      ["cl-web", 1, "DEGRADED"],
      ["app-web", 2, "DEGRADED"],
      ["bs-shop", 3, "DEGRADED"],
    ]);
    expect(r.impacted[2]!.path.map((c) => c.key)).toEqual(["vm-1", "cl-web", "app-web", "bs-shop"]);
    expect(r.impacted[2]!.pathRelationshipTypes).toEqual(["MEMBER_OF", "RUNS_ON", "DEPENDS_ON"]);
    expect(r.counts).toEqual({ down: 0, degraded: 3, atRisk: 0 });
    expect(r.businessServices.map((b) => [b.configurationItem.key, b.impactLevel])).toEqual([
      ["bs-shop", "DEGRADED"],
    ]);
    expect(r.truncated).toBe(false);
  });

  it("lists single points of failure, cycles and a dependency path", async () => {
    const res = await server().gql<{
      singlePointsOfFailure: {
        service: { key: string };
        points: { configurationItem: { key: string } }[];
      };
      dependencyCycles: { count: number; cycles: { example: { key: string }[] }[] };
      dependencyPath: { configurationItems: { key: string }[]; relationshipTypes: string[] };
    }>(`{
      singlePointsOfFailure(ciKey: "bs-report") { service { key } points { configurationItem { key } } }
      dependencyCycles { count cycles { example { key } } }
      dependencyPath(fromKey: "app-report", toKey: "host-b") { configurationItems { key } relationshipTypes }
    }`);
    expect(res.errors).toEqual([]);
    expect(
      res.data!.singlePointsOfFailure.points.map((p) => p.configurationItem.key).sort(),
    ).toEqual(["app-report", "db-orders", "host-b", "vm-db"]);
    expect(res.data!.dependencyCycles.count).toBe(1);
    expect(res.data!.dependencyPath).toEqual({
      configurationItems: [
        { key: "app-report" },
        { key: "db-orders" },
        { key: "vm-db" },
        { key: "host-b" },
      ],
      relationshipTypes: ["DEPENDS_ON", "RUNS_ON", "HOSTED_ON"],
    });
  });

  it("refuses a request without CIs, naming the field", async () => {
    const res = await server().gql(IMPACT, { input: {} });
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]?.extensions).toMatchObject({ field: "ciKeys" });
  });
});
