import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { testTarget, useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";
import { issueTestToken } from "../support/users.js";

/**
 * A CMDB made to break every rule once:
 *   svc (PRODUCTION) → app → db (PRODUCTION): db and app are single points of failure of svc
 *   APP (a key like app's), lonely and nobody (one name), cert-1 (its type redefined under it),
 *   db and db3 BACKS_UP db2 (the type redefined under them; db2 retired), a1 ⇄ a2 (a cycle),
 *   db (PRODUCTION) DEPENDS_ON vol (TEST).
 */
const BROKEN = {
  ciTypes: [{ name: "Cert", parent: null, attributes: [] }],
  relationshipTypes: [
    {
      name: "BACKS_UP",
      inverseName: "BACKED_UP_BY",
      dependent: "NONE",
      allowedSourceTypes: ["Database"],
      allowedTargetTypes: ["Database"],
    },
  ],
  configurationItems: [
    {
      key: "svc",
      name: "Shop",
      type: "BusinessService",
      criticality: 1,
      owner: "o",
      lifecycle: "PRODUCTION",
    },
    { key: "app", name: "Shop app", type: "Application", owner: "o", lifecycle: "PRODUCTION" },
    { key: "db", name: "Shop DB", type: "Database", owner: "o", lifecycle: "PRODUCTION" },
    { key: "db2", name: "Backup", type: "Database", owner: "o" },
    { key: "db3", name: "Other backup", type: "Database", owner: "o" },
    { key: "APP", name: "Shop app (old)", type: "Application", owner: "o" },
    { key: "lonely", name: "Shared name", type: "Application", owner: "o" },
    { key: "nobody", name: "shared NAME ", type: "Application" },
    { key: "a1", name: "A1", type: "Application", owner: "o" },
    { key: "a2", name: "A2", type: "Application", owner: "o" },
    { key: "cert-1", name: "Cert", type: "Cert", owner: "o", attributes: { serial: "abc" } },
    { key: "vol", name: "Volume", type: "Storage", owner: "o", lifecycle: "TEST" },
  ],
  relationships: [
    { from: "svc", to: "app", type: "DEPENDS_ON" },
    { from: "app", to: "db", type: "DEPENDS_ON" },
    { from: "nobody", to: "db", type: "DEPENDS_ON" },
    { from: "APP", to: "db", type: "DEPENDS_ON" },
    { from: "db", to: "db2", type: "BACKS_UP" },
    { from: "db3", to: "db2", type: "BACKS_UP" },
    { from: "a1", to: "a2", type: "CONSUMES" },
    { from: "a2", to: "a1", type: "CONSUMES" },
    { from: "db", to: "vol", type: "DEPENDS_ON" },
  ],
};

const RUN = `mutation { runIntegrityCheck(input: {}) { integrityReport { failed results { rule level count passed previousCount offenders(first: 20) { nodes { key detail } } } } } }`;

interface Result {
  rule: string;
  level: string;
  count: number;
  passed: boolean;
  previousCount: number | null;
  offenders: { nodes: { key: string; detail: string }[] };
}

interface Run<T = Result> {
  runIntegrityCheck: { integrityReport: { failed: boolean; results: T[] } };
}

describe("CMDB integrity checks", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();

  beforeEach(async () => {
    const scope = ctx().db.scope();
    const imported = await ctx().app.imports.importDocument(scope, ADMIN, BROKEN);
    expect(imported.errors).toEqual([]);
    // the catalogue moves under existing CIs and relationships
    const cert = (await ctx().app.catalogue.read(scope, ADMIN)).ciTypes.find(
      (t) => t.name === "Cert",
    );
    await ctx().app.catalogue.defineCiType(scope, ADMIN, {
      name: "Cert",
      revision: cert!.revision,
      attributes: [
        { name: "expires", type: "string", required: true },
        { name: "serial", type: "number" },
      ],
    });
    const backsUp = (await ctx().app.catalogue.read(scope, ADMIN)).relationshipTypes.find(
      (t) => t.name === "BACKS_UP",
    );
    await ctx().app.catalogue.defineRelationshipType(scope, ADMIN, {
      name: "BACKS_UP",
      inverseName: "BACKED_UP_BY",
      dependent: "NONE",
      allowedSourceTypes: ["Database"],
      allowedTargetTypes: ["Storage"],
      revision: backsUp!.revision,
    });
    const db2 = await ctx().app.cis.get(scope, ADMIN, { key: "db2" });
    await ctx().app.cis.retire(scope, ADMIN, { key: "db2" }, db2!.revision);
    await runTestCypher(testTarget(), "age-ci", { key: "lonely", days: 100 });
  });

  it("catches each rule on a graph made to break it, one line per rule with its offenders", async () => {
    const res = await server().gql<Run>(RUN);
    expect(res.errors).toEqual([]);
    const report = res.data!.runIntegrityCheck.integrityReport;
    const keys = Object.fromEntries(
      report.results.map((r) => [r.rule, r.offenders.nodes.map((o) => o.key)]),
    );
    expect(keys).toEqual({
      ORPHAN: ["cert-1", "lonely"],
      MISSING_OWNER: ["nobody"],
      MISSING_REQUIRED_ATTRIBUTE: ["cert-1"],
      CI_BREAKS_TYPE_RULES: ["cert-1"],
      RELATIONSHIP_BREAKS_TYPE_RULES: ["db", "db3"],
      DUPLICATE_KEY_OR_NAME: ["app", "APP", "lonely", "nobody"],
      DEPENDENCY_CYCLE: ["a1", "a2"],
      STALE: ["lonely"],
      PRODUCTION_WITHOUT_BASELINE: ["app", "db", "svc"],
      RELATIONSHIP_TO_RETIRED: ["db", "db3"],
      PRODUCTION_DEPENDS_ON_NON_PRODUCTION: ["db"],
      SINGLE_POINT_OF_FAILURE: ["svc"],
      UNAUTHORIZED_CHANGE: [],
    });
    const detail = (rule: string) =>
      report.results.find((r) => r.rule === rule)!.offenders.nodes[0]!.detail;
    expect(detail("MISSING_REQUIRED_ATTRIBUTE")).toBe(
      "attributes.expires: is required by type Cert (got nothing)",
    );
    expect(detail("SINGLE_POINT_OF_FAILURE")).toBe("3 single point(s) of failure: app, db, vol");
    expect(detail("PRODUCTION_DEPENDS_ON_NON_PRODUCTION")).toBe(
      "db DEPENDS_ON vol: db (PRODUCTION) depends on vol, which is TEST",
    );
    expect(detail("STALE")).toBe("never verified; created 100 days ago");
    expect(report.failed).toBe(true);
    expect(report.results.every((r) => r.previousCount === null)).toBe(true);
  });

  it("flags a PRODUCTION CI depending on a PLANNED or TEST one by each type's dependent end, as a WARNING", async () => {
    const more = await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, {
      configurationItems: [
        { key: "host", name: "Host", type: "Server", owner: "o", lifecycle: "PRODUCTION" },
        { key: "host-os", name: "Host OS", type: "OperatingSystem", owner: "o", lifecycle: "TEST" },
        { key: "old-host", name: "Old", type: "Server", owner: "o", lifecycle: "RETIRED" },
      ],
      relationships: [
        // TARGET: the host depends on the OS installed on it
        { from: "host-os", to: "host", type: "INSTALLED_ON" },
        // RETIRED is RELATIONSHIP_TO_RETIRED's; NONE is no dependency
        { from: "host", to: "old-host", type: "DEPENDS_ON" },
        { from: "db", to: "a1", type: "OWNED_BY" },
      ],
    });
    expect(more.errors).toEqual([]);
    const run = async (scope: string) =>
      (
        await server().gql<Run>(
          `mutation { runIntegrityCheck(input: {${scope}}) { integrityReport { results { rule level offenders(first: 20) { nodes { key detail } } } } } }`,
        )
      ).data!.runIntegrityCheck.integrityReport.results.find(
        (r) => r.rule === "PRODUCTION_DEPENDS_ON_NON_PRODUCTION",
      )!;
    const whole = await run("");
    expect(whole.level).toBe("WARNING");
    expect(whole.offenders.nodes).toEqual([
      { key: "db", detail: "db DEPENDS_ON vol: db (PRODUCTION) depends on vol, which is TEST" },
      {
        key: "host",
        detail: "host-os INSTALLED_ON host: host (PRODUCTION) depends on host-os, which is TEST",
      },
    ]);
    const scoped = await run(`scope: { kind: LIST, ciKeys: ["host"] }`);
    expect(scoped.offenders.nodes.map((o) => o.key)).toEqual(["host"]);
  });

  it("shows the trend, follows verification, baselines and configuration, and fails cron only on errors", async () => {
    await server().gql(RUN);
    const verified = await server().gql(
      `mutation { verifyConfigurationItem(input: { ci: { key: "lonely" } }) { configurationItem { key revision } } }`,
    );
    expect(verified.data).toEqual({
      verifyConfigurationItem: { configurationItem: { key: "lonely", revision: 1 } },
    });
    await server().gql(
      `mutation { takeBaseline(input: { name: "shop", scope: { kind: DEPENDENCIES, ciKey: "svc" } }) { baseline { id } } }`,
    );
    for (const rule of ["MISSING_REQUIRED_ATTRIBUTE", "CI_BREAKS_TYPE_RULES"]) {
      const set = await server().gql(
        `mutation($rule: IntegrityRule!) { configureIntegrityRule(input: { rule: $rule, level: WARNING }) { integrityRuleConfig { level } } }`,
        { rule },
      );
      expect(set.errors).toEqual([]);
    }
    const off = await server().gql(
      `mutation { configureIntegrityRule(input: { rule: RELATIONSHIP_BREAKS_TYPE_RULES, enabled: false }) { integrityRuleConfig { enabled } } }`,
    );
    expect(off.data).toEqual({
      configureIntegrityRule: { integrityRuleConfig: { enabled: false } },
    });

    const second = (await server().gql<Run>(RUN)).data!.runIntegrityCheck.integrityReport;
    const line = (rule: string) => second.results.find((r) => r.rule === rule)!;
    expect(line("STALE")).toMatchObject({ count: 0, previousCount: 1, passed: true });
    expect(line("PRODUCTION_WITHOUT_BASELINE")).toMatchObject({ count: 0, previousCount: 3 });
    expect(line("RELATIONSHIP_BREAKS_TYPE_RULES")).toMatchObject({ count: 0 });
    expect(line("MISSING_REQUIRED_ATTRIBUTE")).toMatchObject({ level: "WARNING", count: 1 });
    expect(second.failed).toBe(false);
    const ok = await cli("check");
    expect(ok.code).toBe(0);
    expect(ok.lines[0]).toMatch(/^integrity of the whole CMDB at .*: passed$/);

    await server().gql(
      `mutation { configureIntegrityRule(input: { rule: MISSING_OWNER, level: ERROR }) { integrityRuleConfig { level } } }`,
    );
    const failing = await cli("check", "--offenders", "1");
    expect(failing.code).toBe(4);
    expect(failing.lines).toContain("          nobody: owner is not set");
    const json = JSON.parse((await cli("check", "--json")).out) as { failed: boolean };
    expect(json.failed).toBe(true);
  });

  it("names a bad configuration and refuses it to a non-ADMIN", async () => {
    const bad = await server().gql(
      `mutation { configureIntegrityRule(input: { rule: STALE, threshold: 0 }) { integrityRuleConfig { rule } } }`,
    );
    expect(errorCodes(bad)).toEqual(["VALIDATION"]);
    expect(bad.errors[0]!.message).toBe("threshold: STALE needs a whole number from 1 (got 0)");
    const trend = await server().gql<{ integrityRuns: { nodes: unknown[] } }>(
      `{ integrityRuns { nodes { id } } }`,
    );
    expect(trend.data!.integrityRuns.nodes).toEqual([]);
    const editor = (await issueTestToken(server(), "eve", ["EDITOR"])).secret;
    const refused = await server().gql(
      `mutation { configureIntegrityRule(input: { rule: STALE, threshold: 10 }) { integrityRuleConfig { rule } } }`,
      {},
      { token: editor },
    );
    expect(errorCodes(refused)).toEqual(["FORBIDDEN"]);
    const reader = await issueTestToken(server(), "rita", ["READER"]);
    const run = await server().gql(
      `mutation { runIntegrityCheck(input: {}) { integrityReport { failed } } }`,
      {},
      { token: reader.secret },
    );
    expect(errorCodes(run)).toEqual(["FORBIDDEN"]);
  });
  it("pages the kept runs newest first, finds a run and its audit entry by id, and pages offenders", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await server().gql<{ runIntegrityCheck: { integrityReport: { id: string } } }>(
        `mutation { runIntegrityCheck(input: {}) { integrityReport { id } } }`,
      );
      expect(run.errors).toEqual([]);
      ids.push(run.data!.runIntegrityCheck.integrityReport.id);
    }
    const RUNS = `query($after: String) { integrityRuns(first: 2, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    interface Runs {
      integrityRuns: {
        totalCount: number;
        nodes: { id: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      };
    }
    const one = (await server().gql<Runs>(RUNS)).data!.integrityRuns;
    expect([one.nodes.map((r) => r.id), one.totalCount]).toEqual([[ids[2], ids[1]], 3]);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = (await server().gql<Runs>(RUNS, { after: one.pageInfo.endCursor })).data!
      .integrityRuns;
    expect([two.nodes.map((r) => r.id), two.pageInfo.hasNextPage]).toEqual([[ids[0]], false]);
    const tooMany = await server().gql(`{ integrityRuns(first: 101) { totalCount } }`);
    expect(errorCodes(tooMany)).toEqual(["VALIDATION"]);

    // the run and the audit entry that records it, by id alone
    const trail = await server().gql<{ auditTrail: { nodes: { id: string }[] } }>(
      `query($id: ID!) { auditTrail(filter: { targetId: $id }) { nodes { id } } }`,
      { id: ids[0] },
    );
    const entryId = trail.data!.auditTrail.nodes[0]!.id;
    const found = await server().gql<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) {
        __typename
        ... on IntegrityReport { id failed }
        ... on AuditEntry { operation targetType targetId } } }`,
      { ids: [ids[0], entryId] },
    );
    expect(found.errors).toEqual([]);
    expect(found.data!.nodes).toEqual([
      { __typename: "IntegrityReport", id: ids[0], failed: true },
      { __typename: "AuditEntry", operation: "RUN", targetType: "INTEGRITY_RUN", targetId: ids[0] },
    ]);

    // one rule's offenders a page at a time, by key; its cursor is refused by another rule
    const OFFENDERS = `query($id: ID!, $rule: IntegrityRule!, $after: String) { node(id: $id) {
      ... on IntegrityReport { results(rules: [$rule]) { rule
        offenders(first: 1, after: $after) { totalCount nodes { key } pageInfo { hasNextPage endCursor } } } } } }`;
    interface Offenders {
      node: {
        results: {
          rule: string;
          offenders: {
            totalCount: number;
            nodes: { key: string }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }[];
      };
    }
    const page = (rule: string, after?: string) =>
      server().gql<Offenders>(OFFENDERS, { id: ids[0], rule, after });
    const first = (await page("ORPHAN")).data!.node.results;
    expect(first.map((r) => r.rule)).toEqual(["ORPHAN"]);
    const orphans = first[0]!.offenders;
    expect([orphans.nodes.map((o) => o.key), orphans.totalCount]).toEqual([["cert-1"], 2]);
    expect(orphans.pageInfo.hasNextPage).toBe(true);
    const next = (await page("ORPHAN", orphans.pageInfo.endCursor)).data!.node.results[0]!
      .offenders;
    expect([next.nodes.map((o) => o.key), next.pageInfo.hasNextPage]).toEqual([["lonely"], false]);
    const crossed = await page("STALE", orphans.pageInfo.endCursor);
    expect(errorCodes(crossed)).toEqual(["VALIDATION"]);
    expect(crossed.errors[0]!.extensions?.field).toBe("after");
  });
});
