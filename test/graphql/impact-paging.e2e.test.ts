import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, REQUESTER } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

interface Shape {
  id: string;
  key: string;
  type: string;
  criticality: number | null;
  level: string;
  distance: number;
  reachedThrough: string[];
  pathSteps: { from: string; to: string; relationshipType: string; direction: string }[];
}
const SHAPE = `id key type criticality level distance reachedThrough
  pathSteps { from to relationshipType direction }`;
const SHAPE_KEYS = [
  "id",
  "key",
  "type",
  "criticality",
  "level",
  "distance",
  "reachedThrough",
  "pathSteps",
] as const;
const RANK: Record<string, number> = { DOWN: 0, DEGRADED: 1, AT_RISK: 2 };

interface PageOf<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE = `query($input: ImpactAnalysisInput!, $first: Int!, $after: String, $filter: ImpactedConfigurationItemFilter) {
  impactAnalysis(input: $input) {
    counts { total down degraded atRisk }
    impactedItems(first: $first, after: $after, filter: $filter) {
      totalCount nodes { key distance level type } pageInfo { hasNextPage endCursor }
    }
  }
}`;

type Row = { key: string; distance: number; level: string; type: string };

describe("impact answers a screen can page, in one shape everywhere", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  const page = async (
    vars: { first: number; after?: string | null; filter?: Record<string, unknown> },
    input: Record<string, unknown> = { ciKeys: ["host-b"] },
  ) => {
    const res = await server().gql<{
      impactAnalysis: { counts: Record<string, number>; impactedItems: PageOf<Row> };
    }>(PAGE, { input, ...vars });
    expect(res.errors).toEqual([]);
    return res.data!.impactAnalysis;
  };

  it("pages the impacted CIs by distance, level and key, with stable cursors and totalCount", async () => {
    const whole = await page({ first: 100 });
    const all = whole.impactedItems.nodes;
    expect(all.length).toBeGreaterThan(5);
    expect(whole.impactedItems.totalCount).toBe(all.length);
    expect(whole.counts.total).toBe(all.length);
    expect(whole.impactedItems.pageInfo.hasNextPage).toBe(false);
    const sorted = [...all].sort(
      (a, b) =>
        a.distance - b.distance ||
        (RANK[a.level] ?? 9) - (RANK[b.level] ?? 9) ||
        (a.key < b.key ? -1 : 1),
    );
    expect(all.map((r) => r.key)).toEqual(sorted.map((r) => r.key));
    // pages of 2 follow each other without repeats or gaps, and say where the list ends
    const walked: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: PageOf<Row> = (await page({ first: 2, after })).impactedItems;
      expect(p.totalCount).toBe(all.length);
      walked.push(...p.nodes.map((r) => r.key));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(walked).toEqual(all.map((r) => r.key));
    // the summary agrees with the list it sums up
    const count = (level: string) => all.filter((r) => r.level === level).length;
    expect(whole.counts).toEqual({
      total: all.length,
      down: count("DOWN"),
      degraded: count("DEGRADED"),
      atRisk: count("AT_RISK"),
    });
  });

  it("filters a page by level and CI type, and counts what the filter keeps", async () => {
    const all = (await page({ first: 100 })).impactedItems.nodes;
    const down = (await page({ first: 100, filter: { levels: ["DOWN"] } })).impactedItems;
    expect(down.nodes.map((r) => r.key)).toEqual(
      all.filter((r) => r.level === "DOWN").map((r) => r.key),
    );
    expect(down.totalCount).toBe(down.nodes.length);
    const services = (await page({ first: 100, filter: { ciTypes: ["BusinessService"] } }))
      .impactedItems;
    expect(services.nodes.map((r) => r.key).sort()).toEqual(["bs-report", "bs-shop"]);
    expect(services.totalCount).toBe(2);
  });

  it("refuses a cursor of another list, a page size out of range and an unknown CI type", async () => {
    const bad = (vars: Record<string, unknown>) =>
      server().gql(PAGE, { input: { ciKeys: ["host-b"] }, first: 10, ...vars });
    expect(errorCodes(await bad({ after: "bm90LWEtY3Vyc29y" }))).toEqual(["VALIDATION"]);
    expect(errorCodes(await bad({ first: 0 }))).toEqual(["VALIDATION"]);
    expect(errorCodes(await bad({ first: 1001 }))).toEqual(["VALIDATION"]);
    expect(errorCodes(await bad({ filter: { ciTypes: ["NoSuchType"] } }))).toEqual(["VALIDATION"]);
  });

  it("serves the CI fields the walk read without loading the CIs, and the others by loading", async () => {
    const res = await server().gql<{
      impactAnalysis: {
        impacted: { configurationItem: { key: string; type: string; name: string } }[];
      };
    }>(
      `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
        impacted { configurationItem { key type name } } } }`,
      { input: { ciKeys: ["db-orders"] } },
    );
    expect(res.errors).toEqual([]);
    const named = res.data!.impactAnalysis.impacted.map((i) => i.configurationItem);
    expect(named).toContainEqual({ key: "bs-shop", type: "BusinessService", name: "Web shop" });
  });

  it("GraphQL, an RFC's assessment and impact --json describe the same impacted CIs the same way", async () => {
    const scope = ctx().db.scope();
    const rfcs = ctx().app.rfcs;
    const draft = await rfcs.create(scope, REQUESTER, {
      title: "Upgrade the orders database",
      backOutPlan: "restore the previous version",
      affectedCiKeys: ["db-orders"],
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } }],
      plannedStart: new Date(Date.now() + 24 * 3600_000).toISOString(),
      plannedEnd: new Date(Date.now() + 26 * 3600_000).toISOString(),
    });
    await rfcs.submit(scope, REQUESTER, draft.id);
    await ctx().app.assessments.assess(scope, REQUESTER, draft.id);

    const api = await server().gql<{ impactAnalysis: { impactedItems: PageOf<Shape> } }>(
      `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
        impactedItems(first: 100) { totalCount nodes { ${SHAPE} } pageInfo { hasNextPage endCursor } } } }`,
      { input: { ciKeys: ["db-orders"] } },
    );
    expect(api.errors).toEqual([]);
    const rfc = await server().gql<{
      rfc: {
        assessment: {
          counts: { total: number };
          impactedItems: PageOf<Shape>;
          impacted: { key: string }[];
        };
      };
    }>(
      `query($id: ID!) { rfc(ref: { id: $id }) { assessment {
        counts { total } impacted { key }
        impactedItems(first: 100) { totalCount nodes { ${SHAPE} } pageInfo { hasNextPage endCursor } } } } }`,
      { id: draft.id },
    );
    expect(rfc.errors).toEqual([]);
    const run = await cli("impact", "db-orders", "--json");
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out) as { impacted: Record<string, unknown>[] };
    const pick = (i: Record<string, unknown>) =>
      Object.fromEntries(SHAPE_KEYS.map((k) => [k, i[k]]));

    const fromApi = api.data!.impactAnalysis.impactedItems.nodes;
    const assessment = rfc.data!.rfc.assessment;
    expect(fromApi.length).toBeGreaterThan(3);
    expect(fromApi.find((i) => i.key === "bs-shop")?.pathSteps).toEqual([
      { from: "db-orders", to: "app-web", relationshipType: "DEPENDS_ON", direction: "INCOMING" },
      { from: "app-web", to: "bs-shop", relationshipType: "DEPENDS_ON", direction: "INCOMING" },
    ]);
    expect(assessment.impactedItems.nodes).toEqual(fromApi);
    expect(printed.impacted.map(pick)).toEqual(fromApi);
    expect(assessment.counts.total).toBe(fromApi.length);
    expect(assessment.impactedItems.totalCount).toBe(fromApi.length);
    expect(assessment.impacted.map((i) => i.key).sort()).toEqual(fromApi.map((i) => i.key).sort());
  });
});
