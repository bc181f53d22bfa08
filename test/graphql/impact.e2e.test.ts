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
      dependencyCycles: {
        cycles: {
          totalCount: number;
          nodes: { example: { key: string }[] }[];
          pageInfo: { hasNextPage: boolean };
        };
      };
      dependencyPath: { configurationItems: { key: string }[]; relationshipTypes: string[] };
    }>(`{
      singlePointsOfFailure(ci: { key: "bs-report" }) { service { key } points { configurationItem { key } } }
      dependencyCycles(first: 1) { cycles { totalCount nodes { example { key } } pageInfo { hasNextPage } } }
      dependencyPath(from: { key: "app-report" }, to: { key: "host-b" }) { configurationItems { key } relationshipTypes }
    }`);
    expect(res.errors).toEqual([]);
    expect(
      res.data!.singlePointsOfFailure.points.map((p) => p.configurationItem.key).sort(),
    ).toEqual(["app-report", "db-orders", "host-b", "vm-db"]);
    expect(res.data!.dependencyCycles.cycles.totalCount).toBe(1);
    expect(res.data!.dependencyCycles.cycles.nodes).toHaveLength(1);
    expect(res.data!.dependencyCycles.cycles.pageInfo.hasNextPage).toBe(false);
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

  it("names the ends of a dependency path by id or key (from, to), refusing an unknown one", async () => {
    const ids = await server().gql<{ configurationItem: { id: string } }>(
      '{ configurationItem(ref: { key: "app-report" }) { id } }',
    );
    const PATH = `query($from: CiReferenceInput!, $to: CiReferenceInput!) {
      dependencyPath(from: $from, to: $to) { configurationItems { key } }
    }`;
    const byId = await server().gql<{ dependencyPath: { configurationItems: { key: string }[] } }>(
      PATH,
      { from: { id: ids.data!.configurationItem.id }, to: { key: "vm-db" } },
    );
    expect(byId.errors).toEqual([]);
    expect(byId.data!.dependencyPath.configurationItems.map((c) => c.key)).toEqual([
      "app-report",
      "db-orders",
      "vm-db",
    ]);
    const unknown = await server().gql(PATH, { from: { key: "app-report" }, to: { key: "nope" } });
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
    const both = await server().gql(PATH, {
      from: { key: "app-report", id: ids.data!.configurationItem.id },
      to: { key: "vm-db" },
    });
    expect(errorCodes(both)).toEqual(["BAD_USER_INPUT"]);
  });

  it("pages dependency cycles, refusing a cursor of another list and a page over 1000", async () => {
    const CYCLES = `query($first: Int!, $after: String) {
      dependencyCycles(first: $first, after: $after) { examined cycles { totalCount nodes { configurationItems { key } } } }
    }`;
    const list = await server().gql<{ configurationItems: { pageInfo: { endCursor: string } } }>(
      "{ configurationItems(first: 1) { pageInfo { endCursor } } }",
    );
    const foreign = await server().gql(CYCLES, {
      first: 1,
      after: list.data!.configurationItems.pageInfo.endCursor,
    });
    expect(errorCodes(foreign)).toEqual(["VALIDATION"]);
    expect(foreign.errors[0]?.extensions?.field).toBe("after");
    expect(errorCodes(await server().gql(CYCLES, { first: 1001 }))).toEqual(["VALIDATION"]);
  });

  it("refuses a request without CIs, naming the field", async () => {
    const res = await server().gql(IMPACT, { input: {} });
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]?.extensions).toMatchObject({ field: "ciKeys" });
  });
});
