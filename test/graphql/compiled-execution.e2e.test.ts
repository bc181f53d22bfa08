import { getIntrospectionQuery } from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer, type TestServer } from "../support/test-server.js";

/**
 * graphql-jit runs the product's operations (the default); graphql-js is the reference. The same
 * request to both servers must give the same status and the same bytes: data, errors (messages,
 * paths, codes), null propagation, custom scalars, the compiled JSON serialiser's output.
 */
interface Raw {
  readonly status: number;
  readonly body: string;
}

async function post(server: TestServer, payload: Record<string, unknown>): Promise<Raw> {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.text() };
}

// names a JSON serialiser must escape, and attributes of every JSON kind
const TRICKY = 'quote " back \\ line-sep \u2028 emoji 🚀 é, and long enough for another path';
const CONTROL = "tab \t start-of-heading \u0001 newline \n";

const IMPACT = `query Impact($input: ImpactAnalysisInput!, $withPath: Boolean!) {
  impactAnalysis(input: $input) {
    truncated
    impacted {
      distance
      level
      ci: configurationItem { key name }
      ...Steps @include(if: $withPath)
    }
  }
}
fragment Steps on ImpactedConfigurationItem { pathSteps { relationshipType } }`;

const CI = `query($ref: CiReferenceInput!) {
  configurationItem(ref: $ref) { __typename key name attributes lifecycle createdAt revision }
}`;

describe("operations run by graphql-jit answer as graphql-js does", () => {
  useTestDatabase();
  const jit = useTestServer();
  const js = useTestServer({ GRAPH_CMDB_GRAPHQL_EXECUTOR: "graphql-js" });
  let ids: string[] = [];

  /** The same request to both; both answers, after checking they are the same bytes. */
  async function same(payload: Record<string, unknown>): Promise<Raw> {
    const [a, b] = [await post(jit(), payload), await post(js(), payload)];
    expect(a).toEqual(b);
    return a;
  }

  beforeEach(async () => {
    ids = [];
    const create = `mutation($input: CreateConfigurationItemInput!) {
      createConfigurationItem(input: $input) { configurationItem { id } }
    }`;
    for (const [key, name] of [
      ["jit-db", TRICKY],
      ["jit-app", "app"],
      ["jit-svc", "svc"],
    ] as const) {
      const res = await jit().gql<{
        createConfigurationItem: { configurationItem: { id: string } };
      }>(create, {
        input: {
          key,
          name,
          type: "Application",
          attributes: {
            n: 1.5,
            big: 2 ** 40,
            list: [true, null, "x"],
            nested: { s: TRICKY, c: CONTROL },
          },
        },
      });
      expect(res.errors).toEqual([]);
      ids.push(res.data?.createConfigurationItem.configurationItem.id ?? "");
    }
    const rel = `mutation($input: CreateRelationshipInput!) {
      createRelationship(input: $input) { relationship { type } }
    }`;
    for (const [from, to] of [
      ["jit-app", "jit-db"],
      ["jit-svc", "jit-app"],
    ] as const) {
      const res = await jit().gql(rel, {
        input: { from: { key: from }, to: { key: to }, type: "DEPENDS_ON" },
      });
      expect(res.errors).toEqual([]);
    }
  });

  it("gives the same impact answer, with fragments, aliases and @include", async () => {
    for (const withPath of [true, false]) {
      const res = await same({
        query: IMPACT,
        operationName: "Impact",
        variables: { input: { ciKeys: ["jit-db"], maxDepth: 5 }, withPath },
      });
      expect(res.status).toBe(200);
      // not an empty answer compared with itself
      expect(JSON.parse(res.body)).toMatchObject({
        data: {
          impactAnalysis: { impacted: [{ ci: { key: "jit-app" } }, { ci: { key: "jit-svc" } }] },
        },
      });
    }
  });

  it("gives the same strings, JSON attributes and date-times", async () => {
    const res = await same({ query: CI, variables: { ref: { key: "jit-db" } } });
    expect(JSON.parse(res.body)).toMatchObject({
      data: {
        configurationItem: { name: TRICKY, attributes: { nested: { s: TRICKY, c: CONTROL } } },
      },
    });
  });

  it("resolves the Node interface through node and nodes", async () => {
    const res = await same({
      query: `query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { __typename id ... on ConfigurationItem { key } }
        nodes(ids: $ids) { __typename ... on ConfigurationItem { key } }
      }`,
      variables: { id: ids[0], ids: [...ids, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(JSON.parse(res.body)).toMatchObject({
      data: { node: { __typename: "ConfigurationItem", key: "jit-db" } },
    });
  });

  it("gives the same errors: domain, variables, @oneOf, operation, nulls", async () => {
    // a domain error from a resolver: its code, message and details
    const unknownType = await same({
      query: `mutation { createConfigurationItem(input: {key: "jit-x", name: "x", type: "NoSuchType"}) { configurationItem { id } } }`,
    });
    expect(unknownType.body).toContain('"code":"VALIDATION"');
    // variables graphql-js refuses: BAD_USER_INPUT with status 400
    const badVariable = await same({ query: CI, variables: { ref: { key: 42, nope: 1 } } });
    expect(badVariable.status).toBe(400);
    // @oneOf (which graphql-jit does not check itself)
    const both = await same({ query: CI, variables: { ref: { key: "jit-db", id: ids[0] } } });
    expect(both.status).toBe(400);
    expect(both.body).toContain("Exactly one key must be specified for OneOf type");
    // no such operation in the document
    const noOperation = await same({ query: CI, operationName: "Nope", variables: {} });
    expect(noOperation.body).toContain("OPERATION_RESOLUTION_FAILURE");
    // an error on a non-null field nulls its nearest nullable parent, and siblings stay
    const nested = await same({
      query: `{ a: configurationItem(ref: {key: "jit-db"}) { key relationships(first: 5000) { totalCount } }
        b: configurationItem(ref: {key: "jit-app"}) { key } }`,
    });
    expect(JSON.parse(nested.body)).toMatchObject({ data: { a: null, b: { key: "jit-app" } } });
    // on a non-null root field, it nulls the whole answer
    const root = await same({
      query: `{ a: configurationItem(ref: {key: "jit-db"}) { key }
        b: impactAnalysis(input: {ciKeys: ["no-such-ci"]}) { truncated } }`,
    });
    expect(JSON.parse(root.body)).toMatchObject({ data: null });
  });

  it("gives the same introspection", async () => {
    const res = await same({ query: getIntrospectionQuery() });
    expect(res.body.length).toBeGreaterThan(100_000);
  });

  it("counts page sizes given as variables in the cost limit as before", async () => {
    const res = await same({
      query: `query($n: Int!) { configurationItems(first: $n) {
        nodes { key relationships(first: $n) { nodes { type } } } } }`,
      variables: { n: 500 },
    });
    expect(res.body).not.toContain('"data"');
  });
});
