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
  it("asks a word that follows a token break as a prefix, and only such words", () => {
    // "ctr" may end any indexed word; "066855" starts one wherever the value holds "ctr-066855"
    expect(fullTextQuery("CTR-066855")).toEqual({ query: "066855*", longestWord: 6 });
    expect(fullTextQuery("procurement-sync-37624 xjt4x3/sync")).toEqual({
      query: "sync* AND 37624* AND xjt4x3*",
      longestWord: 11,
    });
    for (const c of [" ", "\t", "-", "/", "(", ")", "@", "+", "#", "=", "|", "~", "[", "]"])
      expect(fullTextQuery(`a${c}word`)?.query, JSON.stringify(c)).toBe("word*");
  });

  it("asks the longest word anywhere in an indexed word when none follows a token break", () => {
    expect(fullTextQuery("Payment")).toEqual({ query: "*payment*", longestWord: 7 });
    // the tokenizer keeps "10.0.0.1", "a_b", "x:y", "it's" and "1,5" whole: no prefix there
    for (const c of [".", "_", ":", "'", ",", ";", '"', "\uFEFF"])
      expect(fullTextQuery(`ab${c}word`)?.query, JSON.stringify(c)).toBe("*word*");
    // a prefix of fewer than 3 characters matches too much to ask; a non-ASCII word may not
    // start a token (each ideograph is one)
    expect(fullTextQuery("payment-db")?.query).toBe("*payment*");
    expect(fullTextQuery("Bern-Zürich")?.query).toBe("*zürich*");
  });

  it("lets no Lucene syntax through: only letters and digits reach the query", () => {
    expect(fullTextQuery('a* OR "b" ~c\\ (d) +e')?.query).toBe("*or*");
    expect(fullTextQuery('x AND (y OR NOT zed) "quoted"')?.query).toBe("and* AND not* AND zed*");
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
      query: "*web*",
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
