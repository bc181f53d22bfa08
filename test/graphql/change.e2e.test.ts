import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer, type GraphqlResponse } from "../support/test-server.js";
import { issueTestToken } from "../support/users.js";

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

const RFC_FIELDS = `id name state revision requester
  assessment { number requiredApprovals risk { score level reasons { factor points detail } }
    impacted { key distance level configurationItem { name } } businessServices { key level } }
  approvals { actor }
  collisions { rfc { name } sharedCount shared { key } }
  implementation { beforeImages { operation ciKey relationship revisionAfter } }
  failureReason review { outcome notes } staleReasons
  history(first: 500) { nodes { kind fromState toState actor text } }`;

interface RfcView {
  id: string;
  name: string;
  state: string;
  revision: number;
  assessment: {
    number: number;
    requiredApprovals: number;
    risk: { score: number; level: string; reasons: { factor: string }[] };
    impacted: { key: string }[];
    businessServices: { key: string; level: string }[];
  } | null;
  approvals: { actor: string }[];
  collisions: { rfc: { name: string }; sharedCount: number; shared: { key: string }[] }[];
  implementation: { beforeImages: { operation: string; ciKey: string | null }[] } | null;
  failureReason: string | null;
  review: { outcome: string; notes: string } | null;
  staleReasons: string[];
  history: {
    nodes: { kind: string; fromState: string | null; toState: string | null; actor: string }[];
  };
}

describe("change management through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const tokens: Record<string, string> = {};

  const issue = async (user: string, roles: string[]): Promise<string> =>
    (await issueTestToken(server(), user, roles)).secret;

  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
    // tokens live in the CMDB, which each test wipes
    tokens.rick = await issue("rick", ["REQUESTER"]);
    tokens.alice = await issue("alice", ["APPROVER"]);
    tokens.bob = await issue("bob", ["APPROVER"]);
    tokens.carol = await issue("carol", ["APPROVER"]);
    tokens.eddie = await issue("eddie", ["EDITOR"]);
    tokens.rita = await issue("rita", ["READER"]);
  });

  const as = <T = Record<string, unknown>>(
    user: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> => server().gql<T>(query, variables, { token: tokens[user]! });

  const mutate = async (
    user: string,
    mutation: string,
    args: string,
    vars: Record<string, unknown>,
  ): Promise<RfcView> => {
    const res = await as<Record<string, { rfc: RfcView }>>(
      user,
      `mutation(${args}) { r: ${mutation} { rfc { ${RFC_FIELDS} } } }`,
      vars,
    );
    expect(res.errors).toEqual([]);
    return res.data!.r!.rfc;
  };
  const create = (user: string, input: Record<string, unknown>) =>
    mutate(user, "createRfc(input: $input)", "$input: CreateRfcInput!", { input });
  const act = (user: string, call: string, vars: Record<string, unknown> = {}, args = "$id: ID!") =>
    mutate(user, call, args, vars);

  const approvedRfc = async (input: Record<string, unknown>): Promise<RfcView> => {
    const draft = await create("rick", input);
    await act("rick", "submitRfc(input: { id: $id })", { id: draft.id });
    const assessed = await act("rick", "assessRfc(input: { id: $id })", { id: draft.id });
    expect(assessed.assessment!.requiredApprovals).toBe(2);
    await act("alice", "approveRfc(input: { id: $id })", { id: draft.id });
    return act("bob", "approveRfc(input: { id: $id })", { id: draft.id });
  };

  const dbOrders = async () => {
    const res = await as<{
      configurationItem: {
        version: string | null;
        revision: number;
        history: { nodes: { rfcId: string | null }[] };
      };
    }>(
      "rita",
      `{ configurationItem(ref: { key: "db-orders" }) { version revision history(first: 500) { nodes { rfcId } } } }`,
    );
    return res.data!.configurationItem;
  };

  it("walks one RFC from DRAFT to CLOSED, backs out a second, and flags a third that collides with the first", async () => {
    // 1. DRAFT → … → CLOSED, the CMDB updated
    const first = await approvedRfc({
      title: "Upgrade the orders database",
      backOutPlan: "reinstall 15",
      affectedCiKeys: ["db-orders"],
      operations: [{ updateCi: { ci: "db-orders", changes: { version: "16" } } }],
      // a window open now: it is implemented below
      plannedStart: at(-1),
      plannedEnd: at(2),
    });
    expect(first.state).toBe("APPROVED");
    expect(first.approvals.map((a) => a.actor).sort()).toEqual(["alice", "bob"]);
    expect(first.assessment!.businessServices).toEqual([
      { key: "bs-shop", level: "DOWN" },
      { key: "bs-report", level: "DOWN" },
    ]);
    await act("rick", "scheduleRfc(input: { id: $id })", { id: first.id });

    // 3. a third RFC, on the host under the same database, in an overlapping window
    const third = await create("rick", {
      title: "Patch the DB VM",
      affectedCiKeys: ["vm-db"],
      plannedStart: at(1),
      plannedEnd: at(3),
    });
    await act("rick", "submitRfc(input: { id: $id })", { id: third.id });
    const thirdAssessed = await act("alice", "assessRfc(input: { id: $id })", { id: third.id });
    expect(thirdAssessed.collisions).toEqual([
      expect.objectContaining({ rfc: { name: first.name }, sharedCount: 5 }),
    ]);
    expect(thirdAssessed.assessment!.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    const firstSeen = await as<{ rfc: RfcView }>(
      "rita",
      `query($id: ID!) { rfc(ref: { id: $id }) { ${RFC_FIELDS} } }`,
      { id: first.id },
    );
    expect(firstSeen.data!.rfc.collisions.map((c) => c.rfc.name)).toEqual([third.name]);
    expect(firstSeen.data!.rfc.collisions[0]!.shared.map((s) => s.key).sort()).toEqual([
      "app-report",
      "app-web",
      "bs-report",
      "bs-shop",
      "db-orders",
    ]);

    // the first's assessment did not count the third: stale until it is assessed again
    expect(firstSeen.data!.rfc.staleReasons).toEqual([
      expect.stringMatching(new RegExp(`^${third.name} collides with it, assessed after it`)),
    ]);
    expect(thirdAssessed.staleReasons).toEqual([]);
    const refused = await as(
      "eddie",
      `mutation($id: ID!) { implementRfc(input: { id: $id }) { rfc { id } } }`,
      { id: first.id },
    );
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors[0]!.message).toContain(
      `does not count a collision: ${third.name} collides with it`,
    );
    const reassessed = await act("rick", "assessRfc(input: { id: $id })", { id: first.id });
    expect(reassessed.assessment!.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    expect(reassessed.staleReasons).toEqual([]);
    for (const approver of ["alice", "bob", "carol"].slice(
      0,
      reassessed.assessment!.requiredApprovals,
    )) {
      await act(approver, "approveRfc(input: { id: $id })", { id: first.id });
    }
    await act("rick", "scheduleRfc(input: { id: $id })", { id: first.id });

    const implemented = await act("eddie", "implementRfc(input: { id: $id })", { id: first.id });
    expect(implemented.state).toBe("IMPLEMENTED");
    expect((await dbOrders()).version).toBe("16");
    expect((await dbOrders()).history.nodes.at(-1)!.rfcId).toBe(first.id);
    const closed = await act(
      "rick",
      "closeRfc(input: { id: $id, review: $review })",
      { id: first.id, review: { outcome: "SUCCESSFUL", notes: "no incident" } },
      "$id: ID!, $review: RfcReviewInput!",
    );
    expect(closed.state).toBe("CLOSED");
    expect(closed.review).toEqual({ outcome: "SUCCESSFUL", notes: "no incident" });
    expect(
      closed.history.nodes.filter((h) => h.kind === "TRANSITION").map((h) => h.toState),
    ).toEqual([
      "SUBMITTED",
      "ASSESSED",
      "APPROVED",
      "SCHEDULED",
      "ASSESSED",
      "APPROVED",
      "SCHEDULED",
      "IMPLEMENTED",
      "CLOSED",
    ]);

    // 2. a second one implemented, then backed out
    const second = await approvedRfc({
      title: "Move reporting to a replica",
      backOutPlan: "point reporting back",
      operations: [
        { createCi: { key: "db-replica", name: "Replica", type: "Database" } },
        { addRelationship: { from: "app-report", to: "db-replica", type: "DEPENDS_ON" } },
        {
          removeRelationship: {
            ends: { from: "app-report", to: "db-orders", type: "DEPENDS_ON" },
          },
        },
        { updateCi: { ci: "db-orders", changes: { owner: "dba" } } },
      ],
      // open now, and over before the third's window
      plannedStart: at(-1),
      plannedEnd: at(0.5),
    });
    await act("rick", "scheduleRfc(input: { id: $id })", { id: second.id });
    const done = await act("eddie", "implementRfc(input: { id: $id })", { id: second.id });
    expect(done.implementation!.beforeImages.map((i) => i.operation)).toEqual([
      "CREATE_CI",
      "ADD_RELATIONSHIP",
      "REMOVE_RELATIONSHIP",
      "UPDATE_CI",
    ]);
    const backedOut = await act(
      "eddie",
      "backOutRfc(input: { id: $id, reason: $reason })",
      { id: second.id, reason: "the replica lags" },
      "$id: ID!, $reason: String!",
    );
    expect(backedOut.state).toBe("BACKED_OUT");
    const rels = await as<{
      configurationItem: { relationships: { nodes: { type: string; other: { key: string } }[] } };
    }>(
      "rita",
      `{ configurationItem(ref: { key: "app-report" }) { relationships { nodes { type other { key } } } } }`,
    );
    expect(
      rels
        .data!.configurationItem.relationships.nodes.map((r) => `${r.type} ${r.other.key}`)
        .sort(),
    ).toEqual(["DEPENDS_ON bs-report", "DEPENDS_ON db-orders"]);
    const replica = await as<{ configurationItem: { lifecycle: string } }>(
      "rita",
      `{ configurationItem(ref: { key: "db-replica" }) { lifecycle } }`,
    );
    expect(replica.data!.configurationItem.lifecycle).toBe("RETIRED");

    // every step is in the audit trail
    const trail = await as<{ auditTrail: { nodes: { operation: string; actor: string }[] } }>(
      "rita",
      `query($f: AuditFilter) { auditTrail(filter: $f, first: 50) { nodes { operation actor } } }`,
      { f: { targetId: second.id } },
    );
    expect(trail.data!.auditTrail.nodes.map((n) => `${n.operation} ${n.actor}`)).toEqual([
      "RFC_BACKOUT eddie",
      "RFC_IMPLEMENT eddie",
      "RFC_SCHEDULE rick",
      "RFC_APPROVE bob",
      "RFC_APPROVE alice",
      "RFC_ASSESS rick",
      "RFC_SUBMIT rick",
      "RFC_CREATE rick",
    ]);
  });

  it("implements only inside the window; an ADMIN's override shows on the RFC and in its history", async () => {
    const rfc = await approvedRfc({
      title: "Next week's upgrade",
      backOutPlan: "reinstall 15",
      affectedCiKeys: ["db-orders"],
      operations: [{ updateCi: { ci: "db-orders", changes: { version: "16" } } }],
      plannedStart: at(168),
      plannedEnd: at(170),
    });
    await act("rick", "scheduleRfc(input: { id: $id })", { id: rfc.id });
    const IMPLEMENT = `mutation($id: ID!, $o: WindowOverrideInput) { implementRfc(input: { id: $id, windowOverride: $o }) {
      rfc { state windowOverride { by reason plannedStart } history { nodes { kind text } } } } }`;
    const early = await as("eddie", IMPLEMENT, { id: rfc.id });
    expect(errorCodes(early)).toEqual(["CONFLICT"]);
    expect(early.errors[0]!.message).toMatch(
      /^RFC-\d+ may be implemented only inside its window \S+ – \S+; it is now \S+ \(too early/,
    );
    const o = { reason: "a security fix that cannot wait" };
    expect(errorCodes(await as("eddie", IMPLEMENT, { id: rfc.id, o }))).toEqual(["FORBIDDEN"]);
    expect((await dbOrders()).version).toBeNull();
    const done = await server().gql<{
      implementRfc: {
        rfc: {
          state: string;
          windowOverride: { by: string; reason: string; plannedStart: string };
          history: { nodes: { kind: string; text: string | null }[] };
        };
      };
    }>(IMPLEMENT, { id: rfc.id, o });
    expect(done.errors).toEqual([]);
    const r = done.data!.implementRfc.rfc;
    expect(r.state).toBe("IMPLEMENTED");
    expect(r.windowOverride).toMatchObject({ reason: o.reason });
    expect(new Date(r.windowOverride.plannedStart).getTime()).toBeGreaterThan(Date.now());
    expect(r.history.nodes.filter((h) => h.kind === "WINDOW_OVERRIDE").map((h) => h.text)).toEqual([
      expect.stringContaining(`override: ${o.reason}`),
    ]);
    expect((await dbOrders()).version).toBe("16");
  });

  it("refuses self-approval even to an ADMIN, and a stale assessment, with errors that say why", async () => {
    // the server's admin token (no user token named)
    const own = await server().gql<{ createRfc: { rfc: { id: string } } }>(
      `mutation($s: DateTime, $e: DateTime) { createRfc(input: { title: "Admin's own", affectedCiKeys: ["db-orders"], plannedStart: $s, plannedEnd: $e }) { rfc { id } } }`,
      { s: at(24), e: at(26) },
    );
    expect(own.errors).toEqual([]);
    const id = own.data!.createRfc.rfc.id;
    const submitted = await server().gql(
      `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { state } } }`,
      { id },
    );
    expect(submitted.data).toEqual({ submitRfc: { rfc: { state: "SUBMITTED" } } });
    const assessed = await server().gql(
      `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { state } } }`,
      { id },
    );
    expect(assessed.data).toEqual({ assessRfc: { rfc: { state: "ASSESSED" } } });
    const APPROVE = `mutation($id: ID!) { approveRfc(input: { id: $id }) { rfc { id } } }`;
    const self = await server().gql(APPROVE, { id });
    expect(errorCodes(self)).toEqual(["FORBIDDEN"]);
    expect(self.errors[0]!.message).toContain("cannot approve it, whatever their roles");
    // nor through the tokens it issued: alice's came from the admin token
    const issued = await as("alice", APPROVE, { id });
    expect(errorCodes(issued)).toEqual(["FORBIDDEN"]);
    expect(issued.errors[0]!.message).toContain("alice's token was issued by admin");

    // an RFC of rick's, whose graph moves after its assessment
    const ricks = await as<{ createRfc: { rfc: { id: string } } }>(
      "rick",
      `mutation($s: DateTime, $e: DateTime) { createRfc(input: { title: "Rick's", affectedCiKeys: ["db-orders"], plannedStart: $s, plannedEnd: $e }) { rfc { id } } }`,
      { s: at(48), e: at(50) },
    );
    const rid = ricks.data!.createRfc.rfc.id;
    await as("rick", `mutation($id: ID!) { submitRfc(input: { id: $id }) { rfc { state } } }`, {
      id: rid,
    });
    await as("rick", `mutation($id: ID!) { assessRfc(input: { id: $id }) { rfc { state } } }`, {
      id: rid,
    });
    const ci = await dbOrders();
    const edit = await as(
      "eddie",
      `mutation($r: Int!) { updateConfigurationItem(input: { ci: { key: "db-orders" }, revision: $r, changes: { owner: "dba" } }) { configurationItem { revision } } }`,
      { r: ci.revision },
    );
    expect(edit.errors).toEqual([]);
    const stale = await as("alice", APPROVE, { id: rid });
    expect(errorCodes(stale)).toEqual(["CONFLICT"]);
    expect(stale.errors[0]!.message).toContain("CI db-orders is at revision 2 (assessed at 1)");
    expect(stale.errors[0]!.message).toContain("assess it again");
  });

  it("fails an implementation that breaks half-way and leaves the CMDB as it was", async () => {
    const rfc = await approvedRfc({
      title: "Two steps",
      backOutPlan: "none needed",
      affectedCiKeys: ["db-orders"],
      operations: [
        { updateCi: { ci: "db-orders", changes: { version: "17" } } },
        { createCi: { key: "db-new", name: "New", type: "Database" } },
      ],
      plannedStart: at(-1),
      plannedEnd: at(1),
    });
    await act("rick", "scheduleRfc(input: { id: $id })", { id: rfc.id });
    const taken = await as(
      "eddie",
      `mutation { createConfigurationItem(input: { key: "db-new", name: "Taken", type: "Database" }) { configurationItem { id } } }`,
    );
    expect(taken.errors).toEqual([]);
    const before = await dbOrders();
    const failed = await act("eddie", "implementRfc(input: { id: $id })", { id: rfc.id });
    expect(failed.state).toBe("FAILED");
    expect(failed.failureReason).toMatch(
      /operation 2 \(CREATE_CI\) failed: a CI with key db-new already exists/,
    );
    expect(await dbOrders()).toEqual(before);
  });

  it("refuses a back-out over a later write and names the conflict", async () => {
    const rfc = await approvedRfc({
      title: "Version bump",
      backOutPlan: "bump back",
      affectedCiKeys: ["db-orders"],
      operations: [{ updateCi: { ci: "db-orders", changes: { version: "16" } } }],
      plannedStart: at(-1),
      plannedEnd: at(1),
    });
    await act("rick", "scheduleRfc(input: { id: $id })", { id: rfc.id });
    await act("eddie", "implementRfc(input: { id: $id })", { id: rfc.id });
    const ci = await dbOrders();
    await as(
      "eddie",
      `mutation($r: Int!) { updateConfigurationItem(input: { ci: { key: "db-orders" }, revision: $r, changes: { owner: "dba" } }) { configurationItem { revision } } }`,
      { r: ci.revision },
    );
    const res = await as(
      "eddie",
      `mutation($id: ID!) { backOutRfc(input: { id: $id, reason: "undo" }) { rfc { id } } }`,
      { id: rfc.id },
    );
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors[0]!.message).toContain(
      "CI db-orders is at revision 3; the implementation left it at 2",
    );
    expect(res.errors[0]!.extensions?.conflicts).toEqual([
      {
        target: "db-orders",
        message:
          "CI db-orders is at revision 3; the implementation left it at 2: a later write changed it",
      },
    ]);
    expect((await dbOrders()).version).toBe("16");
  });

  it("refuses every change-management mutation to a READER", async () => {
    const draft = await create("rick", { title: "Anything", affectedCiKeys: ["app-a"] });
    const mutations = [
      `createRfc(input: { title: "x" }) { rfc { id } }`,
      `updateRfc(input: { id: "${draft.id}", revision: 1, title: "x" }) { rfc { id } }`,
      `submitRfc(input: { id: "${draft.id}" }) { rfc { id } }`,
      `assessRfc(input: { id: "${draft.id}" }) { rfc { id } }`,
      `approveRfc(input: { id: "${draft.id}" }) { rfc { id } }`,
      `rejectRfc(input: { id: "${draft.id}", comment: "no" }) { rfc { id } }`,
      `scheduleRfc(input: { id: "${draft.id}" }) { rfc { id } }`,
      `implementRfc(input: { id: "${draft.id}" }) { rfc { id } }`,
      `backOutRfc(input: { id: "${draft.id}", reason: "x" }) { rfc { id } }`,
      `closeRfc(input: { id: "${draft.id}", review: { outcome: SUCCESSFUL, notes: "x" } }) { rfc { id } }`,
      `cancelRfc(input: { id: "${draft.id}", reason: "x" }) { rfc { id } }`,
      `recordEmergencyReview(input: { id: "${draft.id}", notes: "x" }) { rfc { id } }`,
      `defineStandardChange(input: { name: "x", operationKinds: [UPDATE_CI], maxImpacted: 1 }) { standardChange { id } }`,
      `defineFreezeWindow(input: { name: "x", start: "${at(1)}", end: "${at(2)}" }) { freezeWindow { id } }`,
      `liftFreezeWindow(input: { id: "x" }) { freezeWindow { id } }`,
    ];
    for (const m of mutations) {
      const res = await as("rita", `mutation { ${m} }`);
      expect([m, errorCodes(res)]).toEqual([m, ["FORBIDDEN"]]);
    }
    const comment = await as(
      "rita",
      `mutation { commentOnRfc(input: { id: "${draft.id}", text: "looks risky" }) {
        comment { kind actor text } rfc { comments { nodes { text } } } } }`,
    );
    expect(comment.data).toEqual({
      commentOnRfc: {
        comment: { kind: "COMMENT", actor: "rita", text: "looks risky" },
        rfc: { comments: { nodes: [{ text: "looks risky" }] } },
      },
    });
  });

  it("names the field and value of a bad RFC, and writes nothing", async () => {
    const res = await as(
      "rick",
      `mutation { createRfc(input: { title: "x", operations: [{ updateCi: { ci: "nope", changes: { version: "1" } } }] }) { rfc { id } } }`,
    );
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]!.message).toBe(
      'operations[0].updateCi.ci: no CI has this key (at this point of the RFC) (got "nope")',
    );
    expect(res.errors[0]!.extensions?.field).toBe("operations[0].updateCi.ci");
    const list = await as<{ rfcs: { nodes: unknown[] } }>("rita", `{ rfcs { nodes { id } } }`);
    expect(list.errors).toEqual([]);
    expect(list.data!.rfcs.nodes).toEqual([]);
  });
  it("proposes each kind of operation typed, and reads each back as its own type", async () => {
    const draft = await as<{ createRfc: { rfc: { id: string; number: number } } }>(
      "rick",
      `mutation($input: CreateRfcInput!) { createRfc(input: $input) { rfc { id number } } }`,
      {
        input: {
          title: "Every kind",
          operations: [
            {
              createCi: {
                key: "db-typed",
                name: "Typed",
                type: "Database",
                attributes: { engine: "pg" },
              },
            },
            {
              updateCi: {
                ci: "db-orders",
                revision: 1,
                changes: { version: "16", owner: null, attributes: { tier: "gold" } },
              },
            },
            { retireCi: { ci: "app-a" } },
            { addRelationship: { from: "app-report", to: "db-typed", type: "DEPENDS_ON" } },
            {
              removeRelationship: {
                ends: { from: "app-report", to: "db-orders", type: "DEPENDS_ON" },
              },
            },
          ],
        },
      },
    );
    expect(draft.errors).toEqual([]);
    const { number } = draft.data!.createRfc.rfc;
    const read = await as<{ rfc: { operations: Record<string, unknown>[] } }>(
      "rita",
      `query($n: Int!) { rfc(ref: { number: $n }) { operations {
        __typename
        ... on RfcCreateCiOperation { fields { key type lifecycle attributes } }
        ... on RfcUpdateCiOperation { ci revision changes { fields version owner attributes } }
        ... on RfcRetireCiOperation { ci revision }
        ... on RfcAddRelationshipOperation { from to type }
        ... on RfcRemoveRelationshipOperation { from to type relationshipId }
      } } }`,
      { n: number },
    );
    expect(read.errors).toEqual([]);
    const ops = read.data!.rfc.operations;
    expect(ops.slice(0, 4)).toEqual([
      {
        __typename: "RfcCreateCiOperation",
        fields: {
          key: "db-typed",
          type: "Database",
          lifecycle: "PLANNED",
          attributes: { engine: "pg" },
        },
      },
      {
        __typename: "RfcUpdateCiOperation",
        ci: "db-orders",
        revision: 1,
        changes: {
          fields: ["VERSION", "OWNER", "ATTRIBUTES"],
          version: "16",
          owner: null,
          attributes: { tier: "gold" },
        },
      },
      { __typename: "RfcRetireCiOperation", ci: "app-a", revision: null },
      {
        __typename: "RfcAddRelationshipOperation",
        from: "app-report",
        to: "db-typed",
        type: "DEPENDS_ON",
      },
    ]);
    expect(ops[4]).toMatchObject({
      __typename: "RfcRemoveRelationshipOperation",
      from: "app-report",
      to: "db-orders",
      type: "DEPENDS_ON",
    });
    expect(typeof ops[4]!.relationshipId).toBe("string");
  });

  it("names a bad relationship operation by the fields the caller wrote", async () => {
    const res = await as(
      "rick",
      `mutation { createRfc(input: { title: "x", operations: [
        { addRelationship: { from: "app-report", to: "nope", type: "DEPENDS_ON" } }] }) { rfc { id } } }`,
    );
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]!.extensions?.field).toBe("operations[0].addRelationship.to");
  });

  it("refuses an RFC reference or an operation that names more than one thing, before anything is written", async () => {
    const draft = await create("rick", { title: "One of", affectedCiKeys: ["app-a"] });
    const both = await as(
      "rita",
      `query($id: ID!, $n: Int!) { rfc(ref: { id: $id, number: $n }) { id } }`,
      { id: draft.id, n: 1 },
    );
    expect(both.errors).toHaveLength(1);
    expect(both.errors[0]!.message).toContain("RfcReferenceInput");
    expect(both.data ?? null).toBeNull();
    const twoKinds = await as(
      "rick",
      `mutation { createRfc(input: { title: "Two kinds", operations: [
        { retireCi: { ci: "app-a" }, updateCi: { ci: "app-a", changes: { version: "2" } } }] }) { rfc { id } } }`,
    );
    expect(twoKinds.errors).toHaveLength(1);
    expect(twoKinds.errors[0]!.message).toContain("RfcOperationInput");
    const list = await as<{ rfcs: { totalCount: number } }>("rita", `{ rfcs { totalCount } }`);
    expect(list.data!.rfcs.totalCount).toBe(1);
  });

  it("pages freeze windows, finds one through node() after it is lifted, and refuses a page size out of range", async () => {
    const define = async (name: string, from: number) => {
      const res = await server().gql<{ defineFreezeWindow: { freezeWindow: { id: string } } }>(
        `mutation($input: DefineFreezeWindowInput!) { defineFreezeWindow(input: $input) { freezeWindow { id } } }`,
        { input: { name, start: at(from), end: at(from + 2) } },
      );
      expect(res.errors).toEqual([]);
      return res.data!.defineFreezeWindow.freezeWindow.id;
    };
    const later = await define("Later", 10);
    const sooner = await define("Sooner", 5);
    const PAGE = `query($after: String, $first: Int!) { freezeWindows(from: "${at(0)}", to: "${at(48)}", first: $first, after: $after) {
      nodes { id name } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }`;
    type Page = {
      freezeWindows: {
        nodes: { id: string; name: string }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
        totalCount: number;
      };
    };
    const one = await as<Page>("rita", PAGE, { first: 1 });
    expect(one.errors).toEqual([]);
    expect(one.data!.freezeWindows).toMatchObject({
      nodes: [{ id: sooner, name: "Sooner" }],
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
      totalCount: 2,
    });
    const two = await as<Page>("rita", PAGE, {
      first: 1,
      after: one.data!.freezeWindows.pageInfo.endCursor,
    });
    expect(two.data!.freezeWindows).toMatchObject({
      nodes: [{ id: later, name: "Later" }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
    for (const first of [0, 201]) {
      const refused = await as("rita", PAGE, { first });
      expect([first, errorCodes(refused), refused.errors[0]?.extensions?.field]).toEqual([
        first,
        ["VALIDATION"],
        "first",
      ]);
    }

    const lifted = await server().gql<{
      liftFreezeWindow: { freezeWindow: { liftedAt: string | null } };
    }>(
      `mutation($id: ID!) { liftFreezeWindow(input: { id: $id }) { freezeWindow { liftedAt } } }`,
      { id: later },
    );
    expect(lifted.data!.liftFreezeWindow.freezeWindow.liftedAt).not.toBeNull();
    const found = await as<{ node: { __typename: string; name: string; liftedAt: string | null } }>(
      "rita",
      `query($id: ID!) { node(id: $id) { __typename ... on FreezeWindow { name liftedAt } } }`,
      { id: later },
    );
    expect(found.errors).toEqual([]);
    expect(found.data!.node).toMatchObject({ __typename: "FreezeWindow", name: "Later" });
    expect(found.data!.node.liftedAt).not.toBeNull();
  });

  it("lists standard change templates and overdue emergency reviews as connections", async () => {
    const defined = await server().gql<{
      defineStandardChange: { standardChange: { id: string; updatableFields: string[] } };
    }>(
      `mutation { defineStandardChange(input: { name: "Patch apps", operationKinds: [UPDATE_CI],
        updatableFields: [VERSION, RESPONSIBLE_TEAM], maxImpacted: 10 }) { standardChange { id updatableFields } } }`,
    );
    expect(defined.errors).toEqual([]);
    expect(defined.data!.defineStandardChange.standardChange.updatableFields).toEqual([
      "VERSION",
      "RESPONSIBLE_TEAM",
    ]);
    const lists = await as<{
      standardChanges: { nodes: { name: string }[]; totalCount: number };
      overdueEmergencyReviews: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } };
    }>(
      "rita",
      `{ standardChanges(first: 10) { nodes { name } totalCount }
         overdueEmergencyReviews { nodes { id } pageInfo { hasNextPage } } }`,
    );
    expect(lists.errors).toEqual([]);
    expect(lists.data).toEqual({
      standardChanges: { nodes: [{ name: "Patch apps" }], totalCount: 1 },
      overdueEmergencyReviews: { nodes: [], pageInfo: { hasNextPage: false } },
    });
  });

  it("pages an RFC's history oldest first, and refuses one RFC's cursor on another's history", async () => {
    const a = await create("rick", { title: "A", affectedCiKeys: ["app-a"] });
    const b = await create("rick", { title: "B", affectedCiKeys: ["app-a"] });
    await act("rick", "submitRfc(input: { id: $id })", { id: a.id });
    const HISTORY = `query($id: ID!, $after: String) { rfc(ref: { id: $id }) {
      history(first: 1, after: $after) { nodes { kind toState } pageInfo { hasNextPage endCursor } totalCount } } }`;
    type History = {
      rfc: {
        history: {
          nodes: { kind: string; toState: string | null }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
          totalCount: number;
        };
      };
    };
    const first = await as<History>("rita", HISTORY, { id: a.id });
    expect(first.data!.rfc.history).toMatchObject({
      nodes: [{ kind: "CREATED", toState: "DRAFT" }],
      pageInfo: { hasNextPage: true },
      totalCount: 2,
    });
    const cursor = first.data!.rfc.history.pageInfo.endCursor;
    const next = await as<History>("rita", HISTORY, { id: a.id, after: cursor });
    expect(next.data!.rfc.history.nodes).toEqual([{ kind: "TRANSITION", toState: "SUBMITTED" }]);
    const elsewhere = await as("rita", HISTORY, { id: b.id, after: cursor });
    expect(errorCodes(elsewhere)).toEqual(["VALIDATION"]);
    expect(elsewhere.errors[0]!.extensions?.field).toBe("after");
  });
});
