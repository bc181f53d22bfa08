import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { carryThrough, flowRequests, issueFlowTokens } from "../support/change-flow.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer } from "../support/test-server.js";

/** A shop in PRODUCTION and its web app, in PRODUCTION and in TEST. */
const SHOP = {
  configurationItems: [
    {
      key: "bs-shop",
      name: "Shop",
      type: "BusinessService",
      criticality: 1,
      lifecycle: "PRODUCTION",
    },
    { key: "web-prod", name: "Web", type: "Application", version: "1.0", lifecycle: "PRODUCTION" },
    { key: "web-test", name: "Web (test)", type: "Application", version: "1.0", lifecycle: "TEST" },
  ],
  relationships: [{ from: "bs-shop", to: "web-prod", type: "DEPENDS_ON" }],
};

const PLANNED = new Date(Date.now() + 7 * 86_400_000).toISOString();

describe("releases and deployments through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const tokens: Record<string, string> = {};

  beforeEach(async () => {
    const imported = await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, SHOP);
    expect(imported.errors).toEqual([]);
    Object.assign(tokens, await issueFlowTokens(server()));
  });

  const { as, ok } = flowRequests(server, tokens);
  const version = async (key: string) =>
    (
      await ok<{ configurationItem: { version: string } }>(
        "rita",
        `query($k: String!) { configurationItem(ref: { key: $k }) { version } }`,
        { k: key },
      )
    ).configurationItem.version;
  const prepare = async (id: string, stage: string) =>
    (
      await ok<{ prepareReleaseDeployment: { rfc: { id: string } } }>(
        "rick",
        `mutation($id: ID!, $stage: DeploymentStage!) { prepareReleaseDeployment(input: { release: { id: $id }, stage: $stage }) { rfc { id } } }`,
        { id, stage },
      )
    ).prepareReleaseDeployment.rfc.id;
  const DEPLOY = `mutation($id: ID!, $stage: DeploymentStage!, $rfc: ID!, $b: BaselineReferenceInput) {
    deployRelease(input: { release: { id: $id }, stage: $stage, rfcId: $rfc, baseline: $b }) { release { status deployments { stage outcome } } } }`;
  const STEP = (mutation: string) =>
    `mutation($id: ID!) { ${mutation}(input: { release: { id: $id } }) { release { status } } }`;

  it("refuses production before test, then deploys to test, to production, and rolls back to the baseline", async () => {
    const created = await ok<{
      createRelease: { release: { id: string; status: string; serviceKeys: string[] } };
    }>(
      "rick",
      `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id status serviceKeys } } }`,
      {
        input: {
          name: "shop",
          version: "2.0",
          type: "MINOR",
          plannedDate: PLANNED,
          contents: [
            { ciKey: "web-prod", version: "2.0" },
            { ciKey: "web-test", version: "2.0" },
          ],
          deploymentPlan: [
            { stage: "TEST", description: "deploy to test, run the suite" },
            { stage: "PRODUCTION", description: "blue/green switch" },
          ],
          rollbackPlan: "switch back to blue",
        },
      },
    );
    expect(created.createRelease.release).toMatchObject({
      status: "PLANNED",
      serviceKeys: ["bs-shop"],
    });
    const id = created.createRelease.release.id;
    await ok("rick", STEP("markReleaseBuilt"), { id });

    // production first: its RFC approved and scheduled, but no TEST deployment yet
    const prodRfc = await prepare(id, "PRODUCTION");
    await carryThrough(server(), tokens, prodRfc, { implement: false });
    // nor can its RFC be implemented around the release's gates
    const around = await as(
      "eddie",
      `mutation($id: ID!) { implementRfc(input: { id: $id }) { rfc { state } } }`,
      { id: prodRfc },
    );
    expect(errorCodes(around)).toEqual(["CONFLICT"]);
    expect(around.errors[0]!.message).toContain("is implemented by deployRelease");
    const early = await as("eddie", DEPLOY, { id, stage: "PRODUCTION", rfc: prodRfc });
    expect(errorCodes(early)).toEqual(["CONFLICT"]);
    expect(early.errors[0]!.message).toBe(
      "release shop 2.0 cannot be deployed to PRODUCTION: missing gate TEST_DEPLOYMENT: no successful deployment of this release to TEST",
    );
    expect(early.errors[0]!.extensions?.gate).toBe("TEST_DEPLOYMENT");
    expect(await version("web-prod")).toBe("1.0");

    // test
    const testRfc = await prepare(id, "TEST");
    const unapproved = await as("eddie", DEPLOY, { id, stage: "TEST", rfc: testRfc });
    expect(unapproved.errors[0]!.extensions?.gate).toBe("APPROVED_RFC");
    await carryThrough(server(), tokens, testRfc, { implement: false });
    const tested = await ok<{ deployRelease: { release: { status: string } } }>("eddie", DEPLOY, {
      id,
      stage: "TEST",
      rfc: testRfc,
    });
    expect(tested.deployRelease.release.status).toBe("DEPLOYED_TO_TEST");
    expect(await version("web-test")).toBe("2.0");
    expect(await version("web-prod")).toBe("1.0");

    const notAccepted = await as("eddie", DEPLOY, { id, stage: "PRODUCTION", rfc: prodRfc });
    expect(notAccepted.errors[0]!.extensions?.gate).toBe("ACCEPTANCE");
    const self = await as("rick", STEP("acceptRelease"), { id });
    expect(errorCodes(self)).toEqual(["FORBIDDEN"]);
    await ok("alice", STEP("acceptRelease"), { id });
    const noBaseline = await as("eddie", DEPLOY, { id, stage: "PRODUCTION", rfc: prodRfc });
    expect(noBaseline.errors[0]!.extensions?.gate).toBe("PRODUCTION_BASELINE");
    const narrow = await ok<{ takeBaseline: { baseline: { id: string } } }>(
      "eddie",
      `mutation { takeBaseline(input: { name: "just the shop", scope: { kind: LIST, ciKeys: ["bs-shop"] } }) { baseline { id } } }`,
    );
    const wrong = await as("eddie", DEPLOY, {
      id,
      stage: "PRODUCTION",
      rfc: prodRfc,
      b: { id: narrow.takeBaseline.baseline.id },
    });
    expect(wrong.errors[0]!.message).toContain("baseline just the shop does not hold web-prod");

    // production, behind its baseline
    await ok(
      "eddie",
      `mutation { takeBaseline(input: { name: "before shop 2.0", scope: { kind: DEPENDENCIES, ciKey: "bs-shop" } }) { baseline { id } } }`,
    );
    const live = await ok<{
      deployRelease: {
        release: { status: string; deployments: { stage: string; outcome: string }[] };
      };
    }>("eddie", DEPLOY, {
      id,
      stage: "PRODUCTION",
      rfc: prodRfc,
      b: { name: "before shop 2.0" },
    });
    expect(live.deployRelease.release).toEqual({
      status: "DEPLOYED_TO_PRODUCTION",
      deployments: [
        { stage: "TEST", outcome: "SUCCEEDED" },
        { stage: "PRODUCTION", outcome: "SUCCEEDED" },
      ],
    });
    expect(await version("web-prod")).toBe("2.0");
    const drift = await ok<{ compareBaseline: { empty: boolean } }>(
      "rita",
      `{ compareBaseline(baseline: { name: "before shop 2.0" }) { empty } }`,
    );
    expect(drift.compareBaseline.empty).toBe(false);

    // rollback: back to the baseline
    const rolled = await ok<{ rollbackRelease: { release: { status: string } } }>(
      "eddie",
      `mutation($id: ID!) { rollbackRelease(input: { release: { id: $id }, reason: "checkout errors" }) { release { status } } }`,
      { id },
    );
    expect(rolled.rollbackRelease.release.status).toBe("ROLLED_BACK");
    expect(await version("web-prod")).toBe("1.0");
    const back = await ok<{ compareBaseline: { empty: boolean } }>(
      "rita",
      `{ compareBaseline(baseline: { name: "before shop 2.0" }) { empty } }`,
    );
    expect(back.compareBaseline.empty).toBe(true);
  });

  const createShop = async (version: string): Promise<string> =>
    (
      await ok<{ createRelease: { release: { id: string } } }>(
        "rick",
        `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id } } }`,
        {
          input: {
            name: "shop",
            version,
            type: "MINOR",
            plannedDate: PLANNED,
            contents: [
              { ciKey: "web-prod", version },
              { ciKey: "web-test", version },
            ],
          },
        },
      )
    ).createRelease.release.id;

  it("deploys only inside its RFC's window, as any implementation", async () => {
    const id = await createShop("2.0");
    await ok("rick", STEP("markReleaseBuilt"), { id });
    const testRfc = await prepare(id, "TEST");
    // approved and scheduled for the release's planned date, a week ahead
    await carryThrough(server(), tokens, testRfc, { implement: false, keepWindow: true });
    const early = await as("eddie", DEPLOY, { id, stage: "TEST", rfc: testRfc });
    expect(errorCodes(early)).toEqual(["CONFLICT"]);
    expect(early.errors[0]!.message).toContain("may be implemented only inside its window");
    expect(early.errors[0]!.message).toContain("too early");
    expect(await version("web-test")).toBe("1.0");
    const release = await ok<{ release: { status: string; deployments: unknown[] } }>(
      "rita",
      `query($ref: ReleaseReferenceInput!) { release(ref: $ref) { status deployments { stage } } }`,
      { ref: { id } },
    );
    expect(release.release).toEqual({ status: "BUILT", deployments: [] });
  });

  it("cancels the open RFCs that would deploy a release cancelled, with the release's name, audited", async () => {
    const id = await createShop("2.0");
    await ok("rick", STEP("markReleaseBuilt"), { id });
    const scheduled = await prepare(id, "TEST");
    await carryThrough(server(), tokens, scheduled, { implement: false });
    const draft = await prepare(id, "PRODUCTION");
    await ok("rick", STEP("cancelRelease"), { id });
    interface Seen {
      state: string;
      history: {
        nodes: { kind: string; toState: string | null; actor: string; text: string | null }[];
      };
    }
    const seen = await ok<{ a: Seen; b: Seen }>(
      "rita",
      `query($a: ID!, $b: ID!) { a: rfc(ref: { id: $a }) { state history { nodes { kind toState actor text } } }
        b: rfc(ref: { id: $b }) { state history { nodes { kind toState actor text } } } }`,
      { a: scheduled, b: draft },
    );
    const cancel = {
      kind: "TRANSITION",
      toState: "CANCELLED",
      actor: "rick",
      text: "release shop 2.0 was cancelled",
    };
    expect([seen.a.state, seen.a.history.nodes.at(-1)]).toEqual(["CANCELLED", cancel]);
    expect([seen.b.state, seen.b.history.nodes.at(-1)]).toEqual(["CANCELLED", cancel]);
    const trail = await ok<{ auditTrail: { nodes: { operation: string; reason: string }[] } }>(
      "rita",
      `query($f: AuditFilter) { auditTrail(filter: $f, first: 1) { nodes { operation reason } } }`,
      { f: { targetId: scheduled } },
    );
    expect(trail.auditTrail.nodes).toEqual([
      { operation: "RFC_CANCEL", reason: "release shop 2.0 was cancelled" },
    ]);
  });

  it("lists releases on a calendar with their services and the frequency per service", async () => {
    for (const [version, type] of [
      ["2.1", "MINOR"],
      ["2.1.1", "EMERGENCY"],
    ] as const) {
      await ok(
        "rick",
        `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id } } }`,
        {
          input: {
            name: "shop",
            version,
            type,
            plannedDate: PLANNED,
            contents: [{ ciKey: "web-prod", version }],
          },
        },
      );
    }
    const from = new Date(Date.now()).toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const cal = await ok<{
      releaseCalendar: {
        releases: { version: string; type: string; status: string; serviceKeys: string[] }[];
        frequency: unknown[];
      };
    }>(
      "rita",
      `query($from: DateTime!, $to: DateTime!) { releaseCalendar(from: $from, to: $to) { releases { version type status serviceKeys } frequency { serviceKey month releases emergency } } }`,
      { from, to },
    );
    expect(cal.releaseCalendar.releases).toEqual([
      { version: "2.1", type: "MINOR", status: "PLANNED", serviceKeys: ["bs-shop"] },
      { version: "2.1.1", type: "EMERGENCY", status: "PLANNED", serviceKeys: ["bs-shop"] },
    ]);
    expect(cal.releaseCalendar.frequency).toEqual([
      { serviceKey: "bs-shop", month: PLANNED.slice(0, 7), releases: 1, emergency: 1 },
    ]);
  });

  it("names the field of a bad release and refuses a READER", async () => {
    const bad = await as(
      "rick",
      `mutation { createRelease(input: { name: "x", version: "1", type: PATCH, plannedDate: "${PLANNED}", contents: [{ ciKey: "nope", version: "2" }] }) { release { id } } }`,
    );
    expect(errorCodes(bad)).toEqual(["VALIDATION"]);
    expect(bad.errors[0]!.message).toBe('contents[0].ciKey: no CI has this key (got "nope")');
    const reader = await as(
      "rita",
      `mutation { createRelease(input: { name: "x", version: "1", type: PATCH, plannedDate: "${PLANNED}", contents: [{ ciKey: "web-prod", version: "2" }] }) { release { id } } }`,
    );
    expect(errorCodes(reader)).toEqual(["FORBIDDEN"]);
  });
  it("pages releases by planned date with cursors, a statuses filter and totalCount", async () => {
    for (const version of ["2.0", "2.1", "2.2"]) await createShop(version);
    await ok("rick", STEP("markReleaseBuilt"), {
      id: (
        await ok<{ release: { id: string } }>(
          "rita",
          `{ release(ref: { nameVersion: { name: "shop", version: "2.1" } }) { id } }`,
        )
      ).release.id,
    });
    const PAGE = `query($first: Int!, $after: String, $f: ReleaseFilter) {
      releases(first: $first, after: $after, filter: $f) {
        totalCount nodes { version } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    interface Answer {
      releases: {
        totalCount: number;
        nodes: { version: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      };
    }
    const one = (await ok<Answer>("rita", PAGE, { first: 2 })).releases;
    expect([one.nodes.map((r) => r.version), one.totalCount]).toEqual([["2.0", "2.1"], 3]);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = (await ok<Answer>("rita", PAGE, { first: 2, after: one.pageInfo.endCursor }))
      .releases;
    expect(two.nodes.map((r) => r.version)).toEqual(["2.2"]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const planned = (await ok<Answer>("rita", PAGE, { first: 10, f: { statuses: ["PLANNED"] } }))
      .releases;
    expect([planned.nodes.map((r) => r.version), planned.totalCount]).toEqual([["2.0", "2.2"], 2]);
    // no silent clamp: a page size out of range is refused, naming first
    const big = await as("rita", PAGE, { first: 101 });
    expect(errorCodes(big)).toEqual(["VALIDATION"]);
    expect(big.errors[0]!.extensions?.field).toBe("first");
  });

  it("finds a release by exactly one of id or name and version (@oneOf)", async () => {
    const id = await createShop("2.0");
    const byName = await ok<{ release: { id: string } | null; none: { id: string } | null }>(
      "rita",
      `{ release(ref: { nameVersion: { name: "shop", version: "2.0" } }) { id }
         none: release(ref: { nameVersion: { name: "shop", version: "9" } }) { id } }`,
    );
    expect(byName).toEqual({ release: { id }, none: null });
    const both = await as(
      "rita",
      `query($id: ID!) { release(ref: { id: $id, nameVersion: { name: "shop", version: "2.0" } }) { id } }`,
      { id },
    );
    expect(errorCodes(both)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const neither = await as("rita", `{ release(ref: {}) { id } }`);
    expect(errorCodes(neither)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const notFound = await as(
      "rick",
      `mutation { markReleaseBuilt(input: { release: { nameVersion: { name: "shop", version: "9" } } }) { release { id } } }`,
    );
    expect(errorCodes(notFound)).toEqual(["NOT_FOUND"]);
  });
});
