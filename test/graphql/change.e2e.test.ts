import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";
import { errorCodes, useTestServer, type GraphqlResponse } from "../support/test-server.js";

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

const RFC_FIELDS = `id name state revision requester
  assessment { number requiredApprovals risk { score level reasons { factor points detail } }
    impacted { key distance level configurationItem { name } } businessServices { key level } }
  approvals { actor }
  collisions { rfc { name } sharedCount shared { key } }
  implementation { beforeImages { operation ciKey relationship revisionAfter } }
  failureReason review { outcome notes } staleReasons
  history { kind fromState toState actor text }`;

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
  history: { kind: string; fromState: string | null; toState: string | null; actor: string }[];
}

describe("change management through GraphQL", () => {
  const ctx = useTestDatabase();
  const server = useTestServer();
  const tokens: Record<string, string> = {};

  const issue = async (user: string, roles: string[]): Promise<string> => {
    const res = await server().gql<{ createApiToken: { secret: string } }>(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { user, roles } },
    );
    expect(res.errors).toEqual([]);
    return res.data!.createApiToken.secret;
  };

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
    const res = await as<Record<string, RfcView>>(
      user,
      `mutation(${args}) { r: ${mutation} { ${RFC_FIELDS} } }`,
      vars,
    );
    expect(res.errors).toEqual([]);
    return res.data!.r!;
  };
  const create = (user: string, input: Record<string, unknown>) =>
    mutate(user, "createRfc(input: $input)", "$input: RfcInput!", { input });
  const act = (user: string, call: string, vars: Record<string, unknown> = {}, args = "$id: ID!") =>
    mutate(user, call, args, vars);

  const approvedRfc = async (input: Record<string, unknown>): Promise<RfcView> => {
    const draft = await create("rick", input);
    await act("rick", "submitRfc(id: $id)", { id: draft.id });
    const assessed = await act("rick", "assessRfc(id: $id)", { id: draft.id });
    expect(assessed.assessment!.requiredApprovals).toBe(2);
    await act("alice", "approveRfc(id: $id)", { id: draft.id });
    return act("bob", "approveRfc(id: $id)", { id: draft.id });
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
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16" } }],
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
    await act("rick", "scheduleRfc(id: $id)", { id: first.id });

    // 3. a third RFC, on the host under the same database, in an overlapping window
    const third = await create("rick", {
      title: "Patch the DB VM",
      affectedCiKeys: ["vm-db"],
      plannedStart: at(1),
      plannedEnd: at(3),
    });
    await act("rick", "submitRfc(id: $id)", { id: third.id });
    const thirdAssessed = await act("alice", "assessRfc(id: $id)", { id: third.id });
    expect(thirdAssessed.collisions).toEqual([
      expect.objectContaining({ rfc: { name: first.name }, sharedCount: 5 }),
    ]);
    expect(thirdAssessed.assessment!.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    const firstSeen = await as<{ rfc: RfcView }>(
      "rita",
      `query($id: ID!) { rfc(id: $id) { ${RFC_FIELDS} } }`,
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
    const refused = await as("eddie", `mutation($id: ID!) { implementRfc(id: $id) { id } }`, {
      id: first.id,
    });
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors[0]!.message).toContain(
      `does not count a collision: ${third.name} collides with it`,
    );
    const reassessed = await act("rick", "assessRfc(id: $id)", { id: first.id });
    expect(reassessed.assessment!.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    expect(reassessed.staleReasons).toEqual([]);
    for (const approver of ["alice", "bob", "carol"].slice(
      0,
      reassessed.assessment!.requiredApprovals,
    )) {
      await act(approver, "approveRfc(id: $id)", { id: first.id });
    }
    await act("rick", "scheduleRfc(id: $id)", { id: first.id });

    const implemented = await act("eddie", "implementRfc(id: $id)", { id: first.id });
    expect(implemented.state).toBe("IMPLEMENTED");
    expect((await dbOrders()).version).toBe("16");
    expect((await dbOrders()).history.nodes.at(-1)!.rfcId).toBe(first.id);
    const closed = await act(
      "rick",
      "closeRfc(id: $id, review: $review)",
      { id: first.id, review: { outcome: "SUCCESSFUL", notes: "no incident" } },
      "$id: ID!, $review: RfcReviewInput!",
    );
    expect(closed.state).toBe("CLOSED");
    expect(closed.review).toEqual({ outcome: "SUCCESSFUL", notes: "no incident" });
    expect(closed.history.filter((h) => h.kind === "TRANSITION").map((h) => h.toState)).toEqual([
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
        { kind: "CREATE_CI", ci: { key: "db-replica", name: "Replica", type: "Database" } },
        {
          kind: "ADD_RELATIONSHIP",
          fromKey: "app-report",
          toKey: "db-replica",
          type: "DEPENDS_ON",
        },
        {
          kind: "REMOVE_RELATIONSHIP",
          fromKey: "app-report",
          toKey: "db-orders",
          type: "DEPENDS_ON",
        },
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { owner: "dba" } },
      ],
      // open now, and over before the third's window
      plannedStart: at(-1),
      plannedEnd: at(0.5),
    });
    await act("rick", "scheduleRfc(id: $id)", { id: second.id });
    const done = await act("eddie", "implementRfc(id: $id)", { id: second.id });
    expect(done.implementation!.beforeImages.map((i) => i.operation)).toEqual([
      "CREATE_CI",
      "ADD_RELATIONSHIP",
      "REMOVE_RELATIONSHIP",
      "UPDATE_CI",
    ]);
    const backedOut = await act(
      "eddie",
      "backOutRfc(id: $id, reason: $reason)",
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
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16" } }],
      plannedStart: at(168),
      plannedEnd: at(170),
    });
    await act("rick", "scheduleRfc(id: $id)", { id: rfc.id });
    const IMPLEMENT = `mutation($id: ID!, $o: WindowOverrideInput) { implementRfc(id: $id, windowOverride: $o) {
      state windowOverride { by reason plannedStart } history { kind text } } }`;
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
        state: string;
        windowOverride: { by: string; reason: string; plannedStart: string };
        history: { kind: string; text: string | null }[];
      };
    }>(IMPLEMENT, { id: rfc.id, o });
    expect(done.errors).toEqual([]);
    const r = done.data!.implementRfc;
    expect(r.state).toBe("IMPLEMENTED");
    expect(r.windowOverride).toMatchObject({ reason: o.reason });
    expect(new Date(r.windowOverride.plannedStart).getTime()).toBeGreaterThan(Date.now());
    expect(r.history.filter((h) => h.kind === "WINDOW_OVERRIDE").map((h) => h.text)).toEqual([
      expect.stringContaining(`override: ${o.reason}`),
    ]);
    expect((await dbOrders()).version).toBe("16");
  });

  it("refuses self-approval even to an ADMIN, and a stale assessment, with errors that say why", async () => {
    // the server's admin token (no user token named)
    const own = await server().gql<{ createRfc: { id: string } }>(
      `mutation($s: DateTime, $e: DateTime) { createRfc(input: { title: "Admin's own", affectedCiKeys: ["db-orders"], plannedStart: $s, plannedEnd: $e }) { id } }`,
      { s: at(24), e: at(26) },
    );
    expect(own.errors).toEqual([]);
    const id = own.data!.createRfc.id;
    const submitted = await server().gql(`mutation($id: ID!) { submitRfc(id: $id) { state } }`, {
      id,
    });
    expect(submitted.data).toEqual({ submitRfc: { state: "SUBMITTED" } });
    const assessed = await server().gql(`mutation($id: ID!) { assessRfc(id: $id) { state } }`, {
      id,
    });
    expect(assessed.data).toEqual({ assessRfc: { state: "ASSESSED" } });
    const self = await server().gql(`mutation($id: ID!) { approveRfc(id: $id) { id } }`, { id });
    expect(errorCodes(self)).toEqual(["FORBIDDEN"]);
    expect(self.errors[0]!.message).toContain("cannot approve it, whatever their roles");
    // nor through the tokens it issued: alice's came from the admin token
    const issued = await as("alice", `mutation($id: ID!) { approveRfc(id: $id) { id } }`, { id });
    expect(errorCodes(issued)).toEqual(["FORBIDDEN"]);
    expect(issued.errors[0]!.message).toContain("alice's token was issued by admin");

    // an RFC of rick's, whose graph moves after its assessment
    const ricks = await as<{ createRfc: { id: string } }>(
      "rick",
      `mutation($s: DateTime, $e: DateTime) { createRfc(input: { title: "Rick's", affectedCiKeys: ["db-orders"], plannedStart: $s, plannedEnd: $e }) { id } }`,
      { s: at(48), e: at(50) },
    );
    const rid = ricks.data!.createRfc.id;
    await as("rick", `mutation($id: ID!) { submitRfc(id: $id) { state } }`, { id: rid });
    await as("rick", `mutation($id: ID!) { assessRfc(id: $id) { state } }`, { id: rid });
    const ci = await dbOrders();
    const edit = await as(
      "eddie",
      `mutation($r: Int!) { updateConfigurationItem(input: { ci: { key: "db-orders" }, revision: $r, changes: { owner: "dba" } }) { configurationItem { revision } } }`,
      { r: ci.revision },
    );
    expect(edit.errors).toEqual([]);
    const stale = await as("alice", `mutation($id: ID!) { approveRfc(id: $id) { id } }`, {
      id: rid,
    });
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
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "17" } },
        { kind: "CREATE_CI", ci: { key: "db-new", name: "New", type: "Database" } },
      ],
      plannedStart: at(-1),
      plannedEnd: at(1),
    });
    await act("rick", "scheduleRfc(id: $id)", { id: rfc.id });
    const taken = await as(
      "eddie",
      `mutation { createConfigurationItem(input: { key: "db-new", name: "Taken", type: "Database" }) { configurationItem { id } } }`,
    );
    expect(taken.errors).toEqual([]);
    const before = await dbOrders();
    const failed = await act("eddie", "implementRfc(id: $id)", { id: rfc.id });
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
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16" } }],
      plannedStart: at(-1),
      plannedEnd: at(1),
    });
    await act("rick", "scheduleRfc(id: $id)", { id: rfc.id });
    await act("eddie", "implementRfc(id: $id)", { id: rfc.id });
    const ci = await dbOrders();
    await as(
      "eddie",
      `mutation($r: Int!) { updateConfigurationItem(input: { ci: { key: "db-orders" }, revision: $r, changes: { owner: "dba" } }) { configurationItem { revision } } }`,
      { r: ci.revision },
    );
    const res = await as(
      "eddie",
      `mutation($id: ID!) { backOutRfc(id: $id, reason: "undo") { id } }`,
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
      `createRfc(input: { title: "x" }) { id }`,
      `updateRfc(id: "${draft.id}", revision: 1, input: { title: "x" }) { id }`,
      `submitRfc(id: "${draft.id}") { id }`,
      `assessRfc(id: "${draft.id}") { id }`,
      `approveRfc(id: "${draft.id}") { id }`,
      `rejectRfc(id: "${draft.id}", comment: "no") { id }`,
      `scheduleRfc(id: "${draft.id}") { id }`,
      `implementRfc(id: "${draft.id}") { id }`,
      `backOutRfc(id: "${draft.id}", reason: "x") { id }`,
      `closeRfc(id: "${draft.id}", review: { outcome: SUCCESSFUL, notes: "x" }) { id }`,
      `cancelRfc(id: "${draft.id}", reason: "x") { id }`,
      `recordEmergencyReview(id: "${draft.id}", notes: "x") { id }`,
      `defineStandardChange(input: { name: "x", operationKinds: [UPDATE_CI], maxImpacted: 1 }) { id }`,
      `defineFreezeWindow(input: { name: "x", start: "${at(1)}", end: "${at(2)}" }) { id }`,
      `liftFreezeWindow(id: "x") { id }`,
    ];
    for (const m of mutations) {
      const res = await as("rita", `mutation { ${m} }`);
      expect([m, errorCodes(res)]).toEqual([m, ["FORBIDDEN"]]);
    }
    const comment = await as(
      "rita",
      `mutation { commentOnRfc(id: "${draft.id}", text: "looks risky") { kind actor text } }`,
    );
    expect(comment.data).toEqual({
      commentOnRfc: { kind: "COMMENT", actor: "rita", text: "looks risky" },
    });
  });

  it("names the field and value of a bad RFC, and writes nothing", async () => {
    const res = await as(
      "rick",
      `mutation { createRfc(input: { title: "x", operations: [{ kind: UPDATE_CI, ciKey: "nope", changes: { version: "1" } }] }) { id } }`,
    );
    expect(errorCodes(res)).toEqual(["VALIDATION"]);
    expect(res.errors[0]!.message).toBe(
      'operations[0].ciKey: no CI has this key (at this point of the RFC) (got "nope")',
    );
    const list = await as<{ rfcs: { nodes: unknown[] } }>("rita", `{ rfcs { nodes { id } } }`);
    expect(list.errors).toEqual([]);
    expect(list.data!.rfcs.nodes).toEqual([]);
  });
});
