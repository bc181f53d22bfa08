import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

const CREATE = `mutation($input: CreateConfigurationItemInput!) {
  createConfigurationItem(input: $input) { configurationItem { id } }
}`;

const PAGE = `query($first: Int!, $after: String) {
  configurationItems(first: $first, after: $after, filter: {search: "relay-"}) {
    totalCount
    edges { cursor node { key } }
    nodes { key }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface PageAnswer {
  configurationItems: {
    totalCount: number;
    edges: { cursor: string; node: { key: string } }[];
    nodes: { key: string }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

describe("the Relay conventions of schema v1", () => {
  useTestDatabase();
  const server = useTestServer();

  async function createCis(keys: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const key of keys) {
      const res = await server().gql<{
        createConfigurationItem: { configurationItem: { id: string } };
      }>(CREATE, {
        input: { key, name: key, type: "Server" },
      });
      expect(res.errors).toEqual([]);
      ids.push(res.data!.createConfigurationItem.configurationItem.id);
    }
    return ids;
  }

  it("finds a CI and an RFC again by id alone, through node and nodes", async () => {
    const [ciId] = await createCis(["relay-a"]);
    const rfc = await server().gql<{ createRfc: { rfc: { id: string } } }>(
      `mutation { createRfc(input: {title: "Patch relay-a", type: NORMAL,
        operations: [{updateCi: {ci: "relay-a", changes: {version: "2"}}}]}) { rfc { id } } }`,
    );
    const rfcId = rfc.data?.createRfc.rfc.id ?? "";
    const res = await server().gql<{
      node: { __typename: string; key: string } | null;
      nodes: ({ __typename: string; id: string } | null)[];
    }>(
      `query($ci: ID!, $ids: [ID!]!) {
        node(id: $ci) { __typename ... on ConfigurationItem { key } }
        nodes(ids: $ids) { __typename id }
      }`,
      { ci: ciId, ids: [rfcId, "00000000-0000-4000-8000-000000000000", ciId] },
    );
    expect(res.errors).toEqual([]);
    expect(res.data?.node).toEqual({ __typename: "ConfigurationItem", key: "relay-a" });
    expect(rfc.errors).toEqual([]);
    expect(res.data?.nodes).toEqual([
      { __typename: "Rfc", id: rfcId },
      null,
      { __typename: "ConfigurationItem", id: ciId },
    ]);
  });

  it("refuses more than 100 ids in one nodes call", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `id-${String(i)}`);
    const res = await server().gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
  });

  it("pages a connection forward with edges, cursors, totalCount and both page flags", async () => {
    await createCis(["relay-c", "relay-a", "relay-b"]);
    const first = await server().gql<PageAnswer>(PAGE, { first: 2 });
    expect(first.errors).toEqual([]);
    const one = first.data!.configurationItems;
    expect(one.nodes.map((n) => n.key)).toEqual(["relay-a", "relay-b"]);
    expect(one.edges.map((e) => e.node.key)).toEqual(["relay-a", "relay-b"]);
    expect(one.totalCount).toBe(3);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(one.pageInfo.startCursor).toBe(one.edges[0]!.cursor);
    expect(one.pageInfo.endCursor).toBe(one.edges[1]!.cursor);

    // a CI written between two pages lands where its key sorts, nothing repeats or vanishes
    await createCis(["relay-bb"]);
    const second = await server().gql<PageAnswer>(PAGE, {
      first: 2,
      after: one.pageInfo.endCursor,
    });
    const two = second.data!.configurationItems;
    expect(two.nodes.map((n) => n.key)).toEqual(["relay-bb", "relay-c"]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(two.totalCount).toBe(4);
  });

  it("refuses a cursor of another list, naming after", async () => {
    const rfc = await server().gql(
      `mutation { createRfc(input: {title: "x", type: NORMAL}) { rfc { id } } }`,
    );
    expect(rfc.errors).toEqual([]);
    const page = await server().gql<{ rfcs: { pageInfo: { endCursor: string } } }>(
      `{ rfcs(first: 1) { pageInfo { endCursor } } }`,
    );
    const res = await server().gql(PAGE, {
      first: 2,
      after: page.data!.rfcs.pageInfo.endCursor,
    });
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]?.extensions?.field).toBe("after");
  });
});
