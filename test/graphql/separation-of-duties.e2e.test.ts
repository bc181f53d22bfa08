import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { carryThrough, issueFlowTokens } from "../support/change-flow.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer, type GraphqlResponse } from "../support/test-server.js";
import { issueTestToken } from "../support/users.js";

/** A shop in PRODUCTION and its web app, in PRODUCTION and in TEST. */
const SHOP = {
  configurationItems: [
    { key: "bs-shop", name: "Shop", type: "BusinessService", criticality: 1 },
    { key: "web-prod", name: "Web", type: "Application", version: "1.0", lifecycle: "PRODUCTION" },
    { key: "web-test", name: "Web (test)", type: "Application", version: "1.0", lifecycle: "TEST" },
  ],
  relationships: [{ from: "bs-shop", to: "web-prod", type: "DEPENDS_ON" }],
};

const ISSUE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { user createdBy } } }`;
const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/**
 * Each way an ADMIN could walk around separation of duties by minting tokens (issue 16), tried
 * end to end: ada is an ADMIN who requests changes and plans releases; alice, bob and carol are
 * approvers whose own tokens the configured admin issued.
 */
describe("separation of duties holds whoever mints the tokens", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  let ada = "";
  let flow: Record<string, string> = {};

  const as = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> => server().gql<T>(query, variables, { token });
  const ok = async <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> => {
    const res = await as<T>(token, query, variables);
    expect(res.errors).toEqual([]);
    return res.data!;
  };

  /** A token ada issues for `user` (who must exist); fails the test when refused. */
  async function adaIssues(user: string, role: string): Promise<string> {
    const res = await ok<{ createApiToken: { secret: string } }>(ada, ISSUE, {
      i: { user, roles: [role] },
    });
    return res.createApiToken.secret;
  }

  /** An RFC ada requested, submitted and assessed: waiting for its approvals. */
  async function adasRfc(type = "NORMAL"): Promise<string> {
    const created = await ok<{ createRfc: { rfc: { id: string } } }>(
      ada,
      `mutation($i: CreateRfcInput!) { createRfc(input: $i) { rfc { id } } }`,
      {
        i: {
          title: "Patch the web app",
          type,
          affectedCiKeys: ["web-prod"],
          plannedStart: soon(-0.25),
          plannedEnd: soon(2),
        },
      },
    );
    const id = created.createRfc.rfc.id;
    await ok(ada, `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { id } } }`, { id });
    await ok(ada, `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { id } } }`, { id });
    return id;
  }
  const approve = (token: string, id: string) =>
    as(token, `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id state } } }`, { id });
  const review = (token: string, id: string) =>
    as(
      token,
      `mutation($id: ID!) { recordEmergencyReview(input: { id: $id, notes: "root cause found" }) { rfc { retrospective { by } } } }`,
      { id },
    );
  const accept = (token: string, id: string) =>
    as(
      token,
      `mutation($id: ID!) { acceptRelease(input: { release: { id: $id } }) { release { status } } }`,
      { id },
    );

  beforeEach(async () => {
    const imported = await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, SHOP);
    expect(imported.errors).toEqual([]);
    ada = (await issueTestToken(server(), "ada", ["ADMIN"])).secret;
    flow = await issueFlowTokens(server());
  });

  it("refuses a token for a name that is no user, and issues nothing", async () => {
    const res = await as(ada, ISSUE, { i: { user: "mallory", roles: ["APPROVER"] } });
    expect(errorCodes(res)).toEqual(["NOT_FOUND"]);
    expect(res.errors[0]?.extensions).toMatchObject({ what: "user", id: "mallory", field: "user" });
    const tokens = await ok<{ apiTokens: { nodes: { user: string }[] } }>(
      ada,
      `{ apiTokens(first: 100) { nodes { user } } }`,
    );
    expect(tokens.apiTokens.nodes.map((t) => t.user)).not.toContain("mallory");
  });

  it("refuses an approval through a user and token the requester created", async () => {
    const id = await adasRfc();
    await ok(
      ada,
      `mutation { createUser(input: { name: "mallory", roles: [APPROVER] }) { user { id } } }`,
    );
    const mallory = await adaIssues("mallory", "APPROVER");
    const res = await approve(mallory, id);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    expect(res.errors[0]?.message).toContain(
      "mallory's token was issued by ada, who requested RFC-",
    );
  });

  it("refuses an approval through a token the requester issued under an existing approver's name", async () => {
    const id = await adasRfc();
    const bobByAda = await adaIssues("bob", "APPROVER");
    const me = await ok<{ me: { user: string; issuedBy: string } }>(
      bobByAda,
      `{ me { user issuedBy } }`,
    );
    expect(me.me).toEqual({ user: "bob", issuedBy: "ada" });
    const res = await approve(bobByAda, id);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    expect(res.errors[0]?.message).toContain("bob's token was issued by ada, who requested RFC-");
    // bob's own token, which ada did not issue, approves
    const own = await approve(flow.bob!, id);
    expect(own.errors).toEqual([]);
  });

  it("takes the requester's name in other letters, and in other Unicode forms, as the requester", async () => {
    const id = await adasRfc();
    for (const spelling of ["ADA", "Ada", "\uFF21\uFF24\uFF21" /* fullwidth ＡＤＡ */]) {
      const issued = await ok<{ createApiToken: { secret: string; apiToken: { user: string } } }>(
        ada,
        ISSUE,
        { i: { user: spelling, roles: ["APPROVER"] } },
      );
      expect(issued.createApiToken.apiToken.user).toBe("ada");
      const res = await approve(issued.createApiToken.secret, id);
      expect([spelling, errorCodes(res)]).toEqual([spelling, ["FORBIDDEN"]]);
      expect(res.errors[0]?.message).toContain("ada requested RFC-");
    }
    // nor is a second user of the same name in other letters possible
    const twin = await as(
      ada,
      `mutation { createUser(input: { name: "ADA", roles: [APPROVER] }) { user { id } } }`,
    );
    expect(errorCodes(twin)).toEqual(["CONFLICT"]);
  });

  it("refuses the requester approving their own RFC with their own ADMIN token", async () => {
    const id = await adasRfc();
    const res = await approve(ada, id);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    expect(res.errors[0]?.message).toContain("ada requested RFC-");
  });

  it("refuses an emergency review by the requester, under any name or token they made", async () => {
    const id = await adasRfc("EMERGENCY");
    await ok(flow.alice!, `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });
    const done = await ok<{ implementRfc: { rfc: { state: string } } }>(
      flow.eddie!,
      `mutation($id: ID!) { implementRfc(input: { id: $id }) { rfc { state } } }`,
      { id },
    );
    expect(done.implementRfc.rfc.state).toBe("IMPLEMENTED");
    const attempts = {
      own: ada,
      otherLetters: await adaIssues("Ada", "APPROVER"),
      existingApprover: await adaIssues("carol", "APPROVER"),
    };
    for (const [way, token] of Object.entries(attempts)) {
      const res = await review(token, id);
      expect([way, errorCodes(res)]).toEqual([way, ["FORBIDDEN"]]);
    }
    const carol = await review(flow.carol!, id);
    expect(carol.errors).toEqual([]);
  });

  it("refuses a release's acceptance by its planner, under any name or token they made", async () => {
    const created = await ok<{ createRelease: { release: { id: string } } }>(
      ada,
      `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { release { id } } }`,
      {
        input: {
          name: "shop",
          version: "2.0",
          type: "MINOR",
          plannedDate: soon(24 * 7),
          contents: [{ ciKey: "web-test", version: "2.0" }],
          deploymentPlan: [{ stage: "TEST", description: "deploy to test, run the suite" }],
        },
      },
    );
    const id = created.createRelease.release.id;
    await ok(
      ada,
      `mutation($id: ID!) { markReleaseBuilt(input: { release: { id: $id } }) { release { status } } }`,
      { id },
    );
    const rfc = await ok<{ prepareReleaseDeployment: { rfc: { id: string } } }>(
      ada,
      `mutation($id: ID!) { prepareReleaseDeployment(input: { release: { id: $id }, stage: TEST }) { rfc { id } } }`,
      { id },
    );
    // ada requests the deployment RFC; the approvers approve it
    await carryThrough(server(), { ...flow, rick: ada }, rfc.prepareReleaseDeployment.rfc.id, {
      implement: false,
    });
    const tested = await ok<{ deployRelease: { release: { status: string } } }>(
      flow.eddie!,
      `mutation($id: ID!, $rfc: ID!) { deployRelease(input: { release: { id: $id }, stage: TEST, rfcId: $rfc }) { release { status } } }`,
      { id, rfc: rfc.prepareReleaseDeployment.rfc.id },
    );
    expect(tested.deployRelease.release.status).toBe("DEPLOYED_TO_TEST");
    const attempts = {
      own: ada,
      otherLetters: await adaIssues("ADA", "APPROVER"),
      existingApprover: await adaIssues("alice", "APPROVER"),
    };
    for (const [way, token] of Object.entries(attempts)) {
      const res = await accept(token, id);
      expect([way, errorCodes(res)]).toEqual([way, ["FORBIDDEN"]]);
    }
    const alice = await accept(flow.alice!, id);
    expect(alice.errors).toEqual([]);
  });

  it("records in the audit trail both who acted and who issued their token", async () => {
    const id = await adasRfc();
    const bobByAda = await adaIssues("bob", "APPROVER");
    await ok(
      bobByAda,
      `mutation($id: ID!) { commentOnRfc(input: { id: $id, text: "looks fine" }) { rfc { id } } }`,
      { id },
    );
    await ok(flow.bob!, `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`, {
      id,
    });
    const trail = await ok<{
      auditTrail: { nodes: { actor: string; issuedBy: string | null; operation: string }[] };
    }>(
      flow.rita!,
      `query($id: ID!) { auditTrail(filter: { targetId: $id }) { nodes { actor issuedBy operation } } }`,
      { id },
    );
    const byOperation = Object.fromEntries(
      trail.auditTrail.nodes.map((e) => [e.operation, [e.actor, e.issuedBy]]),
    );
    expect(byOperation).toMatchObject({
      RFC_CREATE: ["ada", "admin"],
      RFC_COMMENT: ["bob", "ada"],
      RFC_APPROVE: ["bob", "admin"],
    });
    const issuedByAda = await ok<{ auditTrail: { nodes: { actor: string; operation: string }[] } }>(
      flow.rita!,
      `{ auditTrail(filter: { issuedBy: "ada" }) { nodes { actor operation } } }`,
    );
    expect(issuedByAda.auditTrail.nodes).toEqual([{ actor: "bob", operation: "RFC_COMMENT" }]);
  });
});
