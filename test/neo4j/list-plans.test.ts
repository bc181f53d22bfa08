import { int } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { generateEstate } from "../../src/demo/estate/generate-estate.js";
import type { CiEntry } from "../../src/domain/interchange/interchange-document.js";
import { ciListRoute, type CiListFilter } from "../../src/neo4j/ci.repository.js";
import { CYPHER_NAMES, type CypherName } from "../../src/neo4j/cypher-names.js";
import { ADMIN, READER } from "../support/actors.js";
import { indexesRead, profileStatement, type ProfiledStatement } from "../support/query-plan.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { testTarget, useTestDatabase } from "../support/test-database.js";

// A few thousand CIs, so that the planner's statistics make it choose as it would on a real
// estate; every figure asserted is a plan shape or a count of db hits, never a time.
const CI_COUNT = 3000;
const PAGE = 50;
const LIMIT = PAGE + 1;
/** What one page may cost: reading the page's ~15 properties per row plus a little index walking. */
const PAGE_BUDGET = 30 * LIMIT;
/** A page kept by a filter that passes one row in 7 (a requester's RFCs), each read checked. */
const SELECTIVE_BUDGET = 7 * 6 * LIMIT;
const SCANS = ["NodeByLabelScan", "AllNodesScan", "NodeIndexContainsScan", "NodeIndexEndsWithScan"];
const INDEX_READS =
  /^(NodeIndexSeek|NodeUniqueIndexSeek|NodeIndexSeekByRange|NodeUniqueIndexSeekByRange|NodeIndexScan|MultiNodeIndexSeek|ProcedureCall|NodeCountFromCountStore)$/;

const entries: CiEntry[] = [
  ...generateEstate({ ciCount: CI_COUNT, seed: 11 }).configurationItems(),
];
const sortedKeys = (pick: (c: CiEntry) => boolean): string[] =>
  entries
    .filter(pick)
    .map((c) => c.key)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** The most and the least common value of a field in the estate. */
function commonAndRare(field: (c: CiEntry) => string | null | undefined): [string, string] {
  const counts = new Map<string, number>();
  for (const c of entries) {
    const v = field(c);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return [byCount[0]?.[0] ?? "", byCount.at(-1)?.[0] ?? ""];
}
const [commonOwner, rareOwner] = commonAndRare((c) => c.owner);
const middleKey = sortedKeys(() => true)[Math.floor(CI_COUNT / 2)] ?? "";
const noFilter: CiListFilter = {
  types: null,
  lifecycles: null,
  environment: null,
  owner: null,
  search: null,
};

/** A plan that reads through an index in order: no scan, no sort of more rows than `runs` pages. */
function expectIndexBacked(plan: ProfiledStatement, runs = 1): void {
  const names = plan.operators.map((o) => o.operator);
  expect(names.filter((n) => SCANS.includes(n))).toEqual([]);
  expect(names.some((n) => INDEX_READS.test(n))).toBe(true);
  expect(names).not.toContain("Sort");
  for (const top of plan.operators.filter((o) => /^(Top|PartialTop|PartialSort)/.test(o.operator)))
    // a PartialTop reads one row past the page to see that its last group of equal keys ended
    expect(top.inputRows).toBeLessThanOrEqual(runs * LIMIT + 1);
}

describe("list statements read what they return (PROFILE on the real Neo4j)", () => {
  const ctx = useTestDatabase({
    seed: async ({ app, db }) => {
      const r = await app.imports.importDocument(db.scope(), ADMIN, {
        configurationItems: entries,
      });
      expect(r.errorCount).toBe(0);
      await runTestCypher(testTarget(), "seed-trail-fixtures", { n: int(CI_COUNT) });
    },
  });
  const profile = (name: CypherName, params: Record<string, unknown>) =>
    profileStatement(ctx().db, name, params);
  const page = (filter: Partial<CiListFilter>, after = "") => {
    const f = { ...noFilter, ...filter };
    const route = ciListRoute(f);
    return {
      route,
      params: {
        ...f,
        search: f.search?.toLowerCase() ?? null,
        query: route.query,
        after,
        limit: int(LIMIT),
      },
    };
  };

  it.each([
    ["no filter, first page", {}, "", "ci/list-cis", 1],
    ["no filter, a page from the middle", {}, middleKey, "ci/list-cis", 1],
    ["the most common owner", { owner: commonOwner }, "", "ci/list-cis-by-owner", 1],
    ["the rarest owner", { owner: rareOwner }, "", "ci/list-cis-by-owner", 1],
    [
      "three types",
      { types: ["VirtualMachine", "Server", "Database"] },
      "",
      "ci/list-cis-by-type",
      3,
    ],
    ["one environment", { environment: "test" }, middleKey, "ci/list-cis-by-environment", 1],
    ["two lifecycles", { lifecycles: ["TEST", "PLANNED"] }, "", "ci/list-cis-by-lifecycle", 2],
    [
      "type and lifecycle together",
      { types: ["Container"], lifecycles: ["PRODUCTION"] },
      "",
      "ci/list-cis-by-type",
      1,
    ],
    ["a search by a key's words", { search: middleKey }, "", "ci/list-cis-by-text", 1],
  ] as const)(
    "a page with %s uses an index in order and costs a page, not the estate",
    async (_label, filter, after, statement, runs) => {
      const { route, params } = page(filter as Partial<CiListFilter>, after);
      expect(route.list).toBe(statement);
      const plan = await profile(route.list, params);
      expectIndexBacked(plan, runs);
      expect(
        plan.dbHits,
        plan.operators
          .map((o) => `${o.operator}(${o.details}) rows ${String(o.rows)} hits ${String(o.dbHits)}`)
          .join(" | "),
      ).toBeLessThanOrEqual(PAGE_BUDGET);
      expect(plan.records).toBeGreaterThan(0);
    },
  );

  it("the unchanged scan would cost the estate (the budget above means something)", async () => {
    // the count of a search without a letter or digit is the one statement left reading every CI
    const plan = await profile("ci/count-cis", { ...page({ search: "-" }).params });
    expect(plan.operators.map((o) => o.operator)).toContain("NodeByLabelScan");
    expect(plan.dbHits).toBeGreaterThan(CI_COUNT);
  });

  it("a page of the CIs as of now walks the version key index", async () => {
    const plan = await profile("ci/list-cis-as-of", {
      ...page({}).params,
      asOf: new Date(Date.now() + 60_000).toISOString(),
    });
    expectIndexBacked(plan);
    expect(plan.dbHits).toBeLessThanOrEqual(PAGE_BUDGET);
    expect(plan.records).toBe(LIMIT);
  });

  it("the count with no filter comes from the store's counts, a filtered count from an index", async () => {
    const all = await profile("ci/count-all-cis", {});
    expect(all.operators.map((o) => o.operator)).toContain("NodeCountFromCountStore");
    expect(all.dbHits).toBeLessThanOrEqual(5);
    for (const filter of [
      { owner: rareOwner },
      { types: ["Server"] },
      { environment: "test" },
      { search: middleKey },
    ]) {
      const { route, params } = page(filter);
      const plan = await profile(route.count, params);
      expect(plan.operators.map((o) => o.operator).filter((n) => SCANS.includes(n))).toEqual([]);
      expect(plan.dbHits).toBeLessThanOrEqual(PAGE_BUDGET);
    }
  });

  it("a count by lifecycle and the integrity walk from lifecycles seek the (lifecycle, key) index (ci_lifecycle dropped, 0127)", async () => {
    const [, rareLifecycle] = commonAndRare((c) => c.lifecycle);
    const { route, params } = page({ lifecycles: [rareLifecycle] });
    expect(route.count).toBe("ci/count-cis-by-lifecycle");
    const walk = await profile("integrity/find-production-dependencies-on-lifecycles", {
      lifecycles: [rareLifecycle],
      sourceDependent: ["DEPENDS_ON", "RUNS_ON"],
      targetDependent: ["HOSTS"],
    });
    for (const plan of [await profile(route.count, params), walk]) {
      const names = plan.operators.map((o) => o.operator);
      expect(names.filter((n) => SCANS.includes(n))).toEqual([]);
      expect(names.some((n) => INDEX_READS.test(n))).toBe(true);
    }
  });

  it("every route lists the same CIs, page after page, with a totalCount that matches", async () => {
    const { app, db } = ctx();
    const filters: { filter: Parameters<typeof app.cis.list>[2]; want: string[] }[] = [
      { filter: { owner: rareOwner }, want: sortedKeys((c) => c.owner === rareOwner) },
      {
        filter: { type: "Database", includeSubtypes: false, lifecycles: ["TEST"] },
        want: sortedKeys((c) => c.type === "Database" && c.lifecycle === "TEST"),
      },
      {
        filter: { lifecycles: ["PLANNED", "PLANNED"] },
        want: sortedKeys((c) => c.lifecycle === "PLANNED"),
      },
      {
        filter: { environment: "development" },
        want: sortedKeys((c) => c.environment === "development"),
      },
      {
        filter: { search: middleKey.slice(0, 6).toUpperCase() },
        want: sortedKeys(
          (c) =>
            c.key.toLowerCase().includes(middleKey.slice(0, 6).toLowerCase()) ||
            c.name.toLowerCase().includes(middleKey.slice(0, 6).toLowerCase()),
        ),
      },
    ];
    for (const { filter, want } of filters) {
      expect(want.length).toBeGreaterThan(0);
      const got: string[] = [];
      let after: string | null = null;
      let total: number;
      for (;;) {
        const p = await app.cis.list(db.scope(), READER, filter, { first: PAGE, after });
        got.push(...p.items.map((c) => c.key));
        total = await p.totalCount();
        if (!p.hasNextPage) break;
        after = p.cursors.at(-1) ?? null;
      }
      expect({ filter, keys: got }).toEqual({ filter, keys: want });
      expect(total).toBe(want.length);
    }
  });

  const trail = {
    targetId: null,
    targetType: null,
    actor: null,
    issuedBy: null,
    from: null,
    to: null,
    afterAt: "9999-12-31T23:59:59.999Z",
    afterId: "",
    limit: int(LIMIT),
  };

  it.each([
    ["the audit trail, newest first", "audit/list-audit-entries", trail, 1],
    ["the audit trail of an actor", "audit/list-audit-entries", { ...trail, actor: "user-3" }, 1],
    [
      "the audit trail of one target",
      "audit/list-audit-entries-of-target",
      { ...trail, targetId: "target-42" },
      1,
    ],
    [
      "the RFCs, newest first",
      "change/list-rfcs",
      {
        states: null,
        type: null,
        requester: null,
        ciId: null,
        before: int(Number.MAX_SAFE_INTEGER),
        limit: int(LIMIT),
      },
      1,
    ],
    [
      "the RFCs below a cursor, of one requester",
      "change/list-rfcs",
      {
        states: ["DRAFT"],
        type: null,
        requester: "user-2",
        ciId: null,
        before: int(CI_COUNT / 2),
        limit: int(LIMIT),
      },
      1,
    ],
  ] as const)("a page of %s uses an index in order", async (_label, statement, params, runs) => {
    const plan = await profile(statement, params);
    expectIndexBacked(plan, runs);
    // a requester's page is a filter on the number walk: one RFC in 7 is theirs, so the walk
    // reads about 7 index entries (and their state and requester) per row it keeps; still a
    // fraction of the 3,000 RFCs a scan would read, and it follows the page, not the log
    const budget =
      "requester" in params && params.requester !== null ? SELECTIVE_BUDGET : PAGE_BUDGET;
    expect(plan.dbHits).toBeLessThanOrEqual(budget);
    expect(plan.records).toBeGreaterThan(0);
  });

  it("every index on CIs and their versions is read by some statement (an index no read uses only slows every write)", async () => {
    const { db } = ctx();
    const readers = new Map<string, string[]>();
    for (const name of CYPHER_NAMES) {
      for (const index of await indexesRead(db, name))
        readers.set(index, [...(readers.get(index) ?? []), name]);
    }
    const indexes = await runTestCypher(testTarget(), "show-indexes");
    const unread = indexes
      .filter((i) => ["CI", "CIVersion"].some((l) => (i.labelsOrTypes as string[]).includes(l)))
      .map((i) => ({
        name: String(i.name),
        on: `${(i.labelsOrTypes as string[]).join("|")}(${(i.properties as string[]).join(", ")})`,
      }))
      .filter((i) => !readers.has(i.on) && !readers.has(`name:${i.name}`));
    expect(unread).toEqual([]);
  }, 300_000);
});
