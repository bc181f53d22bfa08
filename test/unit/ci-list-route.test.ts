import { describe, expect, it } from "vitest";
import { ciListRoute, type CiListFilter } from "../../src/neo4j/ci.repository.js";
import { fullTextQuery } from "../../src/neo4j/full-text.js";

const none: CiListFilter = {
  types: null,
  lifecycles: null,
  environment: null,
  owner: null,
  search: null,
};

describe("a search as a full-text query", () => {
  it("turns each word into a required wildcard term, lower-cased, once", () => {
    expect(fullTextQuery("Payment-DB payment")).toEqual({
      query: "*payment* AND *db*",
      longestWord: 7,
    });
  });

  it("lets no Lucene syntax through: only letters and digits reach the query", () => {
    expect(fullTextQuery('a* OR "b" ~c\\ (d) +e')?.query).toBe(
      "*a* AND *or* AND *b* AND *c* AND *d* AND *e*",
    );
    expect(fullTextQuery("Zürich-01")?.query).toBe("*zürich* AND *01*");
  });

  it("is none for a text without a letter or digit", () => {
    expect(fullTextQuery(" -_./ ")).toBeNull();
  });
});

describe("the statements that serve a CI list", () => {
  it("walk the key index and count from the store when nothing narrows", () => {
    expect(ciListRoute(none)).toEqual({
      list: "ci/list-cis",
      count: "ci/count-all-cis",
      query: null,
    });
  });

  it("are driven by owner, then type, then environment, then lifecycle", () => {
    const all = { ...none, owner: "o", types: ["T"], environment: "e", lifecycles: ["TEST"] };
    expect(ciListRoute(all).list).toBe("ci/list-cis-by-owner");
    expect(ciListRoute({ ...all, owner: null }).list).toBe("ci/list-cis-by-type");
    expect(ciListRoute({ ...all, owner: null, types: null }).list).toBe(
      "ci/list-cis-by-environment",
    );
    expect(ciListRoute({ ...none, lifecycles: ["TEST"] })).toMatchObject({
      list: "ci/list-cis-by-lifecycle",
      count: "ci/count-cis-by-lifecycle",
    });
  });

  it("use the full-text index for a search with a word of three characters or more", () => {
    expect(ciListRoute({ ...none, owner: "o", search: "web-01" })).toEqual({
      list: "ci/list-cis-by-text",
      count: "ci/count-cis-by-text",
      query: "*web* AND *01*",
    });
  });

  it("list a search of short words along another index, and count it by text", () => {
    expect(ciListRoute({ ...none, search: "db-1" })).toMatchObject({
      list: "ci/list-cis",
      count: "ci/count-cis-by-text",
    });
  });

  it("count by reading every CI only for a search without a letter or digit", () => {
    expect(ciListRoute({ ...none, search: "--" })).toMatchObject({
      list: "ci/list-cis",
      count: "ci/count-cis",
    });
    expect(ciListRoute({ ...none, search: "--", owner: "o" }).count).toBe("ci/count-cis-by-owner");
  });
});
