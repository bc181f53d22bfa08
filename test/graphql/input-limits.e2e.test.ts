import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, READER } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

const CREATE = `mutation($i: CreateConfigurationItemInput!) { createConfigurationItem(input: $i) { configurationItem { key } } }`;

describe("bad input through GraphQL: refused, briefly, with nothing written", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });
  const countCis = async () =>
    (await ctx().app.cis.list(ctx().db.scope(), READER, {}, { first: 500, after: null })).items
      .length;

  it("answers a 1 MB key with a short VALIDATION error", async () => {
    const before = await countCis();
    const res = await fetch(`${server().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: CREATE,
        variables: { i: { key: `k${"x".repeat(1_000_000)}`, name: "n", type: "Application" } },
      }),
    });
    const text = await res.text();
    expect(text.length).toBeLessThan(4000);
    expect(
      (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions
        .code,
    ).toBe("VALIDATION");
    expect(await countCis()).toBe(before);
  });

  it("refuses attributes nested 5,000 deep as VALIDATION, not an internal error", async () => {
    // written by hand: JSON.stringify itself overflows the stack on an object this deep
    const attributes = `${'{"deeper":'.repeat(5000)}{"leaf":1}${"}".repeat(5000)}`;
    const res = await fetch(`${server().url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: `{"query":${JSON.stringify(CREATE)},"variables":{"i":{"key":"deep","name":"Deep","type":"Application","attributes":${attributes}}}}`,
    });
    const body = (await res.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(["VALIDATION"]);
    expect(body.errors[0]?.message).toContain("must not nest objects or arrays more than 16 deep");
    expect(await ctx().app.cis.get(ctx().db.scope(), READER, { key: "deep" })).toBeNull();
  });

  it("refuses NUL, BEL and bidi overrides in names", async () => {
    for (const name of ["Orders\u0000DB", "Orders\u0007DB", "Orders \u202EBD"]) {
      const res = await server().gql(CREATE, { i: { key: "odd", name, type: "Application" } });
      expect(errorCodes(res)).toEqual(["VALIDATION"]);
      expect(res.errors[0]?.extensions?.field).toBe("name");
    }
    expect(await ctx().app.cis.get(ctx().db.scope(), READER, { key: "odd" })).toBeNull();
  });

  it("refuses a search longer than a key or a name as VALIDATION, and takes one as long", async () => {
    const LIST = `query($s: String!) { configurationItems(first: 5, filter: { search: $s }) { totalCount } }`;
    const long = await server().gql(LIST, { s: "s".repeat(1_000_000) });
    expect(errorCodes(long)).toEqual(["VALIDATION"]);
    expect(long.errors[0]?.extensions?.field).toBe("filter.search");
    expect(long.errors[0]?.message).toContain("must be at most 200 characters");
    const longest = await server().gql<{ configurationItems: { totalCount: number } }>(LIST, {
      s: "s".repeat(200),
    });
    expect(errorCodes(longest)).toEqual([]);
    expect(longest.data?.configurationItems.totalCount).toBe(0);
  });

  it("refuses a baseline of keys that do not exist, naming them", async () => {
    const res = await server().gql(
      `mutation { takeBaseline(input: { name: "ghosts", scope: { kind: LIST, ciKeys: ["app-web", "no-such-ci", "nor-this"] } }) { baseline { id } } }`,
    );
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]?.message).toBe(
      'scope.ciKeys: no CI has these keys (got ["no-such-ci","nor-this"])',
    );
    const list = await server().gql<{ baselines: { totalCount: number } }>(
      `{ baselines { totalCount } }`,
    );
    expect(list.data?.baselines.totalCount).toBe(0);
  });
});
