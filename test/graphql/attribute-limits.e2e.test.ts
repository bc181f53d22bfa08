import { afterAll, describe, expect, it } from "vitest";
import { setAttributeLimits } from "../../src/domain/ci/configuration-item.js";
import { READER } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

const CREATE = `mutation($i: CreateConfigurationItemInput!) { createConfigurationItem(input: $i) { configurationItem { key } } }`;

describe("attribute limits set by the operator", () => {
  const ctx = useTestDatabase();
  const server = useTestServer({
    GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH: "3",
    GRAPH_CMDB_MAX_ATTRIBUTES_CHARS: "2048",
  });
  afterAll(() => {
    setAttributeLimits({ maxDepth: 16, maxChars: 64 * 1024 });
  });

  const create = (key: string, attributes: unknown) =>
    server().gql(CREATE, { i: { key, name: key, type: "Application", attributes } });

  it("refuses attributes deeper than GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH, and takes them at that depth", async () => {
    const deep = await create("deep", { a: { b: { c: { d: 1 } } } });
    expect(errorCodes(deep)).toEqual(["VALIDATION"]);
    expect(deep.errors[0]?.message).toContain("more than 3 deep");
    expect(await ctx().app.cis.get(ctx().db.scope(), READER, { key: "deep" })).toBeNull();
    expect(errorCodes(await create("level", { a: { b: { c: 1 } } }))).toEqual([]);
  });

  it("refuses attribute maps larger than GRAPH_CMDB_MAX_ATTRIBUTES_CHARS", async () => {
    const big = await create("big", { blob: "x".repeat(3000) });
    expect(errorCodes(big)).toEqual(["VALIDATION"]);
    expect(big.errors[0]?.message).toContain("at most 2048 characters as JSON");
    expect(errorCodes(await create("small", { blob: "x".repeat(1500) }))).toEqual([]);
  });
});
