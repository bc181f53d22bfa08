import { execute, parse, type GraphQLSchema } from "graphql";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/graphql/context.js";
import { buildGraphqlSchema } from "../../src/graphql/schema.js";
import { ADMIN, READER } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

/**
 * Two fans beside the known estate: `db-few` needed by 3 applications, `db-fan` by 40 (and a
 * business service on one of them), so that the same query answers lists of 3 and of 41 CIs.
 */
const fan = (db: string, apps: number) => ({
  configurationItems: [
    { key: db, name: `Database ${db}`, type: "Database", owner: "team-db" },
    ...Array.from({ length: apps }, (_, i) => ({
      key: `${db}-app-${String(i).padStart(2, "0")}`,
      name: `App ${String(i)} on ${db}`,
      type: "Application",
      owner: `team-${String(i % 3)}`,
    })),
  ],
  relationships: Array.from({ length: apps }, (_, i) => ({
    from: `${db}-app-${String(i).padStart(2, "0")}`,
    to: db,
    type: "DEPENDS_ON",
  })),
});
const FEW = fan("db-few", 3);
const FAN = fan("db-fan", 40);

/** Every list of impacted CIs a report has (and a service's points), asking `ci` of each CI. */
const lists = (ci: string, extra = "", points = true) => `query($input: ImpactAnalysisInput!) {
  impactAnalysis(input: $input) {
    impacted { key distance level configurationItem { ${ci} } ${extra} }
    businessServices { key level configurationItem { ${ci} } ${extra} }
    impactedItems(first: 1000) {
      nodes { key distance configurationItem { ${ci} } ${extra} }
      edges { cursor node { key configurationItem { ${ci} } } }
    }
  }
  ${points ? `singlePointsOfFailure(ci: { key: "bs-shop" }) { points { key configurationItem { ${ci} } ${extra} } }` : ""}
}`;
/** What the walk read of each CI. */
const WALKED = "id key type criticality __typename";
/** More than the walk read: the CIs are loaded. */
const LOADED = `${WALKED} name owner lifecycle revision`;

type Ci = Record<string, unknown>;
interface Item {
  key: string;
  configurationItem: Ci;
  path?: { key: string; name: string }[];
}
interface Lists {
  impactAnalysis: {
    impacted: Item[];
    businessServices: Item[];
    impactedItems: { nodes: Item[]; edges: { cursor: string; node: Item }[] };
  };
  singlePointsOfFailure: { points: Item[] };
}

/** Each list's items, with only the walk's fields of each CI. */
function walkedView(l: Lists): Record<string, unknown[]> {
  const only = (i: Item) => ({
    ...i,
    configurationItem: Object.fromEntries(
      WALKED.split(" ").map((f) => [f, i.configurationItem[f]]),
    ),
  });
  const r = l.impactAnalysis;
  return {
    impacted: r.impacted.map(only),
    businessServices: r.businessServices.map(only),
    nodes: r.impactedItems.nodes.map(only),
    edges: r.impactedItems.edges.map((e) => ({ ...e, node: only(e.node) })),
    points: l.singlePointsOfFailure.points.map(only),
  };
}

describe("lists of impacted CIs through GraphQL: their CIs decided once per list", () => {
  const ctx = useTestDatabase();
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildGraphqlSchema();
  });

  beforeEach(async () => {
    for (const doc of [IMPACT_ESTATE, FEW, FAN])
      await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, doc);
  });

  /** One request's answer and the statements it sent to Neo4j. */
  async function run(
    query: string,
    ciKeys: string[],
  ): Promise<{ data: unknown; statements: number }> {
    const scope = ctx().db.scope();
    const result = await execute({
      schema,
      document: parse(query),
      variableValues: { input: { ciKeys } },
      contextValue: createContext(ctx().app, READER, scope),
    });
    expect(result.errors).toBeUndefined();
    return { data: result.data, statements: scope.roundTrips };
  }

  it("answers every list the same with and without CI fields beyond the walk's columns", async () => {
    for (const ciKeys of [["host-b"], ["host-a", "db-fan"]]) {
      const walked = (await run(lists(WALKED), ciKeys)).data as Lists;
      const loaded = (await run(lists(LOADED), ciKeys)).data as Lists;
      expect(walked.impactAnalysis.impacted.length).toBeGreaterThan(3);
      expect(walkedView(loaded)).toEqual(walkedView(walked));
      // and the loaded fields are the CIs' own
      const byKey = new Map(loaded.impactAnalysis.impacted.map((i) => [i.key, i]));
      expect(byKey.get("bs-shop")?.configurationItem).toMatchObject({
        name: "Web shop",
        type: "BusinessService",
        criticality: 1,
      });
      expect(typeof byKey.get("bs-shop")?.configurationItem.revision).toBe("number");
      for (const i of loaded.impactAnalysis.impacted) expect(i.configurationItem.key).toBe(i.key);
    }
    const fanned = ((await run(lists(LOADED), ["db-fan"])).data as Lists).impactAnalysis;
    expect(fanned.impacted.map((i) => i.configurationItem.owner).slice(0, 4)).toEqual([
      "team-0",
      "team-1",
      "team-2",
      "team-0",
    ]);
  });

  it("serves paths and aliased or fragment-selected CI fields in one list", async () => {
    const { data } = (await run(
      `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
        impacted { key a: configurationItem { key } path { key name } ...More } } }
      fragment More on ImpactedConfigurationItem { b: configurationItem { name } }`,
      ["vm-1"],
    )) as {
      data: {
        impactAnalysis: {
          impacted: { key: string; a: Ci; path: { key: string; name: string }[]; b: Ci }[];
        };
      };
    };
    const shop = data.impactAnalysis.impacted.find((i) => i.key === "bs-shop");
    expect(shop).toEqual({
      key: "bs-shop",
      a: { key: "bs-shop" },
      b: { name: "Web shop" },
      path: [
        { key: "vm-1", name: "VM 1" },
        { key: "cl-web", name: "Web cluster" },
        { key: "app-web", name: "Web app" },
        { key: "bs-shop", name: "Web shop" },
      ],
    });
  });

  it("loads a list's CIs in one statement whatever its length, and none when the walk read all it asks", async () => {
    const statements = async (ci: string, root: string, extra = "") =>
      (await run(lists(ci, extra, false), [root])).statements;
    // the first request also reads what the application keeps between requests (the catalogue)
    await statements(WALKED, "db-few");
    const walkedFew = await statements(WALKED, "db-few");
    const walkedFan = await statements(WALKED, "db-fan");
    const loadedFew = await statements(LOADED, "db-few");
    const loadedFan = await statements(LOADED, "db-fan");
    const withPathsFan = await statements(LOADED, "db-fan", "path { key name }");
    expect(walkedFan).toBe(walkedFew);
    // the report's lists (impacted, business services, a page) in one batch
    expect(loadedFew).toBe(walkedFew + 1);
    expect(loadedFan).toBe(loadedFew);
    expect(withPathsFan).toBe(loadedFew);
  });
});

describe("the cost limit on lists of impacted CIs", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const STEPS = "pathSteps { from to relationshipType direction }";
  const SHAPE = `id key type criticality level distance reachedThrough ${STEPS}`;

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  it("allows a page of 1000 impacted CIs with what a screen shows of each", async () => {
    const res = await server().gql<{
      impactAnalysis: { impactedItems: { totalCount: number; edges: unknown[] } };
    }>(
      `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
        truncated depthReached counts { total down degraded atRisk }
        businessServices { ${SHAPE} configurationItem { key name } }
        impactedItems(first: 1000) { totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { ${SHAPE}
            configurationItem { id key name type owner lifecycle environment responsibleTeam } } } } } }`,
      { input: { ciKeys: ["host-b"] } },
    );
    expect(res.errors).toEqual([]);
    expect(res.data?.impactAnalysis.impactedItems.edges).toHaveLength(
      res.data?.impactAnalysis.impactedItems.totalCount ?? -1,
    );
  });

  it("still refuses pages within pages before running them", async () => {
    for (const query of [
      `{ configurationItems(first: 500) { nodes { key
          relationships(first: 1000) { nodes { type other { key name } } } } } }`,
      `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
        impactedItems(first: 1000) { nodes { key configurationItem {
          relationships(first: 100) { nodes { type other { key } } } } } } } }`,
    ]) {
      const res = await server().gql(query, { input: { ciKeys: ["host-b"] } });
      expect(res.status).toBe(400);
      expect(res.errors[0]?.message).toMatch(/cost/i);
    }
  });

  it("counts page sizes given as variables as it counts written ones", async () => {
    const query = `query($input: ImpactAnalysisInput!, $page: Int, $inner: Int) {
      impactAnalysis(input: $input) {
        impactedItems(first: $page) { nodes { key configurationItem {
          relationships(first: $inner) { nodes { type other { key } } } } } } } }`;
    const nested = await server().gql(query, {
      input: { ciKeys: ["host-b"] },
      page: 1000,
      inner: 100,
    });
    expect(nested.status).toBe(400);
    expect(nested.errors[0]?.message).toMatch(/cost/i);
    expect(nested.errors[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");

    const small = await server().gql<{
      impactAnalysis: { impactedItems: { nodes: { key: string }[] } };
    }>(query, { input: { ciKeys: ["host-b"] }, page: 5, inner: 3 });
    expect(small.errors).toEqual([]);
    expect(small.data?.impactAnalysis.impactedItems.nodes.length).toBeGreaterThan(0);

    const pageOnly = await server().gql<{
      impactAnalysis: { impactedItems: { totalCount: number; nodes: unknown[] } };
    }>(
      `query($input: ImpactAnalysisInput!, $page: Int) { impactAnalysis(input: $input) {
        impactedItems(first: $page) { totalCount nodes { key level distance
          configurationItem { key name type owner } } } } }`,
      { input: { ciKeys: ["host-b"] }, page: 1000 },
    );
    expect(pageOnly.errors).toEqual([]);
    expect(pageOnly.data?.impactAnalysis.impactedItems.nodes).toHaveLength(
      pageOnly.data?.impactAnalysis.impactedItems.totalCount ?? -1,
    );
  });
});
