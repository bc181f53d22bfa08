import { beforeEach, describe, expect, it } from "vitest";
import type { Rfc } from "../../src/domain/change/rfc.js";
import {
  ADMIN,
  APPROVER,
  APPROVER_2,
  EDITOR,
  READER,
  REQUESTER,
  codeOf,
  errorOf,
} from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";

const HOUR = 3_600_000;
const window = (startHours: number, lengthHours = 2) => ({
  plannedStart: new Date(Date.now() + startHours * HOUR).toISOString(),
  plannedEnd: new Date(Date.now() + (startHours + lengthHours) * HOUR).toISOString(),
});

describe("change management (application core on Neo4j)", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const changes = () => ctx().app.changes;
  const ci = async (key: string) => {
    const found = await ctx().app.cis.get(scope(), READER, { key });
    if (!found) throw new Error(`no CI ${key}`);
    return found;
  };

  beforeEach(async () => {
    const result = await ctx().app.imports.importDocument(scope(), ADMIN, IMPACT_ESTATE);
    expect(result.errors).toEqual([]);
  });

  /** A NORMAL RFC on db-orders that bumps its version, submitted and assessed. */
  const assessedRfc = async (extra: Record<string, unknown> = {}): Promise<Rfc> => {
    const draft = await changes().create(scope(), REQUESTER, {
      title: "Upgrade the orders database",
      backOutPlan: "restore the previous version",
      affectedCiKeys: ["db-orders"],
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } }],
      ...window(24),
      ...extra,
    });
    await changes().submit(scope(), REQUESTER, draft.id);
    return changes().assess(scope(), REQUESTER, draft.id);
  };

  it("validates a draft's operations like direct writes, naming the operation and field", async () => {
    const e = await errorOf(
      changes().create(scope(), REQUESTER, {
        title: "Bad",
        operations: [
          { kind: "UPDATE_CI", ciKey: "no-such-ci", changes: { version: "1" } },
          { kind: "CREATE_CI", ci: { key: "new-db", name: "New", type: "NoSuchType" } },
          { kind: "ADD_RELATIONSHIP", fromKey: "new-db", toKey: "new-db", type: "DEPENDS_ON" },
          { kind: "CREATE_CI", ci: { key: "app-web", name: "Dup", type: "Application" } },
        ],
      }),
    );
    expect(e.code).toBe("VALIDATION");
    const fields = (e.details.issues as { field: string; value: unknown }[]).map((i) => [
      i.field,
      i.value,
    ]);
    expect(fields).toEqual([
      ["operations[0].ciKey", "no-such-ci"],
      ["operations[1].type", "NoSuchType"],
      ["operations[2].to", "new-db"],
      // DEPENDS_ON admits only CI types of the catalogue at either end
      ["operations[2].from", "new-db"],
      ["operations[2].to", "new-db"],
      ["operations[3].ci.key", "app-web"],
    ]);
  });

  it("lets an operation use a CI an earlier operation of the same RFC creates", async () => {
    const rfc = await changes().create(scope(), REQUESTER, {
      title: "New cache",
      operations: [
        { kind: "CREATE_CI", ci: { key: "cache-1", name: "Cache", type: "Database" } },
        { kind: "ADD_RELATIONSHIP", fromKey: "app-web", toKey: "cache-1", type: "DEPENDS_ON" },
      ],
    });
    expect(rfc.state).toBe("DRAFT");
    expect(rfc.number).toBeGreaterThan(0);
    expect(rfc.touchedCiIds).toEqual([(await ci("app-web")).id]);
  });

  it("assesses on the graph: impact, business services, a risk with its reasons, approvals", async () => {
    const rfc = await assessedRfc();
    const a = rfc.assessment;
    expect(rfc.state).toBe("ASSESSED");
    expect(a?.impacted.map((i) => i.key).sort()).toEqual([
      "app-report",
      "app-web",
      "bs-report",
      "bs-shop",
    ]);
    expect(a?.businessServices.map((s) => [s.key, s.level])).toEqual([
      ["bs-shop", "DOWN"],
      ["bs-report", "DOWN"],
    ]);
    expect(a?.risk.reasons.map((r) => [r.factor, r.points])).toEqual([
      ["BUSINESS_SERVICE", 40],
      ["BLAST_RADIUS", 5],
      ["CHANGE_TYPE", 5],
      ["OTHER_SERVICES", 2],
    ]);
    expect(a?.risk).toMatchObject({ score: 52, level: "MEDIUM" });
    expect(a?.requiredApprovals).toBe(2);
    expect(Object.keys(a?.revisions ?? {})).toHaveLength(5);
  });

  it("never lets the requester approve their own RFC, not even as ADMIN", async () => {
    const draft = await changes().create(scope(), ADMIN, {
      title: "Mine",
      affectedCiKeys: ["app-a"],
    });
    await changes().submit(scope(), ADMIN, draft.id);
    await changes().assess(scope(), ADMIN, draft.id);
    const e = await errorOf(changes().approve(scope(), ADMIN, draft.id, null));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("ada requested RFC-");
    expect((await changes().get(scope(), READER, { id: draft.id }))?.state).toBe("ASSESSED");
  });

  it("needs as many distinct approvers as the risk asks, each once", async () => {
    const rfc = await assessedRfc();
    const once = await changes().approve(scope(), APPROVER, rfc.id, "fine");
    expect(once.state).toBe("ASSESSED");
    expect(await codeOf(changes().approve(scope(), APPROVER, rfc.id, null))).toBe("CONFLICT");
    const twice = await changes().approve(scope(), APPROVER_2, rfc.id, null);
    expect(twice.state).toBe("APPROVED");
  });

  it("refuses an approval when the graph under the assessment changed, until re-assessed", async () => {
    const rfc = await assessedRfc();
    const web = await ci("app-web");
    await ctx().app.cis.update(scope(), EDITOR, { key: "app-web" }, web.revision, {
      version: "2",
    });
    const e = await errorOf(changes().approve(scope(), APPROVER, rfc.id, null));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toContain("CI app-web is at revision 2 (assessed at 1)");
    // a relationship added at a CI of the impact set counts too
    await changes().assess(scope(), REQUESTER, rfc.id);
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-a" },
      to: { key: "db-orders" },
      type: "DEPENDS_ON",
    });
    const e2 = await errorOf(changes().approve(scope(), APPROVER, rfc.id, null));
    expect(e2.message).toContain("app-a DEPENDS_ON db-orders was added");
    const again = await changes().assess(scope(), REQUESTER, rfc.id);
    expect(again.assessment?.number).toBe(3);
    expect((await changes().approve(scope(), APPROVER, rfc.id, null)).state).toBe("ASSESSED");
  });

  it("implements in one transaction stamped with the RFC, then backs out to the before-images", async () => {
    const rfc = await assessedRfc({
      operations: [
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } },
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
      ],
    });
    await changes().approve(scope(), APPROVER, rfc.id, null);
    await changes().approve(scope(), APPROVER_2, rfc.id, null);
    await changes().schedule(scope(), REQUESTER, rfc.id, {});
    expect(await codeOf(changes().implement(scope(), REQUESTER, rfc.id))).toBe("FORBIDDEN");
    const done = await changes().implement(scope(), EDITOR, rfc.id);
    expect(done.state).toBe("IMPLEMENTED");
    expect(done.implementation?.images.map((i) => i.operation)).toEqual([
      "UPDATE_CI",
      "CREATE_CI",
      "ADD_RELATIONSHIP",
      "REMOVE_RELATIONSHIP",
    ]);
    const db = await ci("db-orders");
    expect(db.version).toBe("16.2");
    const [history] = await ctx().app.cis.historyOf(scope(), READER, [db.id]);
    expect(history?.at(-1)).toMatchObject({ rfcId: rfc.id, actor: "eddie" });
    const impact = await ctx().app.impact.analyse(scope(), READER, { ciKeys: ["db-replica"] });
    expect(impact.impacted.map((i) => i.key)).toContain("app-report");

    const back = await changes().backOut(scope(), EDITOR, rfc.id, "the upgrade broke reports");
    expect(back.state).toBe("BACKED_OUT");
    const restored = await ci("db-orders");
    expect(restored.version).toBeNull();
    expect(restored.revision).toBe(3);
    expect((await ci("db-replica")).lifecycle).toBe("RETIRED");
    const after = await ctx().app.impact.analyse(scope(), READER, { ciKeys: ["db-orders"] });
    expect(after.impacted.map((i) => i.key)).toContain("app-report");
    const closed = await changes().close(scope(), REQUESTER, rfc.id, {
      outcome: "UNSUCCESSFUL",
      notes: "reports broke; backed out",
    });
    expect(closed).toMatchObject({ state: "CLOSED", closedFrom: "BACKED_OUT" });
  });

  it("an UPDATE_CI merges its attributes, and a back-out brings the whole map back", async () => {
    const db = await ci("db-orders");
    await ctx().app.cis.update(scope(), EDITOR, { key: "db-orders" }, db.revision, {
      attributes: { engine: "postgres", sizeGb: 50, tuning: { workMem: "64MB", jit: true } },
    });
    const rfc = await assessedRfc({
      operations: [
        {
          kind: "UPDATE_CI",
          ciKey: "db-orders",
          changes: { attributes: { engine: "postgres16", sizeGb: null, tuning: { jit: false } } },
        },
      ],
    });
    for (const approver of [APPROVER, APPROVER_2].slice(0, rfc.assessment!.requiredApprovals)) {
      await changes().approve(scope(), approver, rfc.id, null);
    }
    await changes().schedule(scope(), REQUESTER, rfc.id, {});
    await changes().implement(scope(), EDITOR, rfc.id);
    expect((await ci("db-orders")).attributes).toEqual({
      engine: "postgres16",
      tuning: { workMem: "64MB", jit: false },
    });

    await changes().backOut(scope(), EDITOR, rfc.id, "the new engine is slower");
    expect((await ci("db-orders")).attributes).toEqual({
      engine: "postgres",
      sizeGb: 50,
      tuning: { workMem: "64MB", jit: true },
    });
  });

  it("refuses an UPDATE_CI whose merge patch removes a required attribute, naming it", async () => {
    const e = await errorOf(
      changes().create(scope(), REQUESTER, {
        title: "Shrink the web cluster",
        operations: [
          { kind: "UPDATE_CI", ciKey: "cl-web", changes: { attributes: { minimumMembers: null } } },
        ],
      }),
    );
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toContain(
      "operations[0].attributes.minimumMembers: is required by type Cluster",
    );
  });

  it("leaves the CMDB untouched and the RFC FAILED when an operation fails half-way", async () => {
    const rfc = await assessedRfc({
      operations: [
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "17" } },
        { kind: "CREATE_CI", ci: { key: "db-new", name: "New", type: "Database" } },
      ],
    });
    await changes().approve(scope(), APPROVER, rfc.id, null);
    await changes().approve(scope(), APPROVER_2, rfc.id, null);
    await changes().schedule(scope(), REQUESTER, rfc.id, {});
    // someone takes the key the second operation creates
    await ctx().app.cis.create(scope(), EDITOR, { key: "db-new", name: "Other", type: "Database" });
    const before = await ci("db-orders");
    const failed = await changes().implement(scope(), EDITOR, rfc.id);
    expect(failed.state).toBe("FAILED");
    expect(failed.failureReason).toContain("operation 2 (CREATE_CI) failed");
    expect(failed.failureReason).toContain("db-new already exists");
    const after = await ci("db-orders");
    expect(after).toEqual(before);
    const trail = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetId: before.id },
      { first: 50, after: null },
    );
    expect(trail.entries.filter((e) => e.rfcId === rfc.id)).toEqual([]);
  });

  it("refuses a back-out that would overwrite a later write, naming the conflict, and writes nothing", async () => {
    const rfc = await assessedRfc({
      operations: [
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } },
        { kind: "UPDATE_CI", ciKey: "app-web", changes: { version: "9" } },
      ],
    });
    await changes().approve(scope(), APPROVER, rfc.id, null);
    await changes().approve(scope(), APPROVER_2, rfc.id, null);
    await changes().schedule(scope(), REQUESTER, rfc.id, {});
    await changes().implement(scope(), EDITOR, rfc.id);
    const db = await ci("db-orders");
    await ctx().app.cis.update(scope(), EDITOR, { key: "db-orders" }, db.revision, {
      owner: "dba",
    });
    const e = await errorOf(changes().backOut(scope(), EDITOR, rfc.id, "undo"));
    expect(e.code).toBe("CONFLICT");
    expect(e.details.conflicts).toEqual([
      {
        target: "db-orders",
        message:
          "CI db-orders is at revision 3; the implementation left it at 2: a later write changed it",
      },
    ]);
    expect((await ci("app-web")).version).toBe("9");
    expect((await changes().get(scope(), READER, { id: rfc.id }))?.state).toBe("IMPLEMENTED");
  });

  it("flags RFCs whose windows overlap and whose impact sets intersect, on both", async () => {
    const first = await assessedRfc();
    const second = await changes().create(scope(), REQUESTER, {
      title: "Patch the DB host",
      affectedCiKeys: ["vm-db"],
      ...window(25),
    });
    await changes().submit(scope(), REQUESTER, second.id);
    const assessed = await changes().assess(scope(), REQUESTER, second.id);
    expect(assessed.assessment?.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    const third = await changes().create(scope(), REQUESTER, {
      title: "Same CIs, another day",
      affectedCiKeys: ["vm-db"],
      ...window(72),
    });
    await changes().submit(scope(), REQUESTER, third.id);
    await changes().assess(scope(), REQUESTER, third.id);

    const [onFirst = []] = await changes().collisionsOf(scope(), READER, [
      (await changes().get(scope(), READER, { id: first.id })) as Rfc,
    ]);
    expect(onFirst.map((c) => c.rfc.id)).toEqual([second.id]);
    const [onSecond = []] = await changes().collisionsOf(scope(), READER, [assessed]);
    expect(onSecond.map((c) => c.rfc.id)).toEqual([first.id]);
    // vm-db's impact reaches db-orders and what depends on it, which the first RFC changes
    expect(onSecond[0]?.sharedCount).toBe(5);
    await changes().cancel(scope(), REQUESTER, first.id, "not needed");
    expect(await changes().collisionsOf(scope(), READER, [assessed])).toEqual([[]]);
  });

  it("blocks scheduling in a freeze window over a service hit, unless EMERGENCY", async () => {
    await changes().defineFreezeWindow(scope(), ADMIN, {
      name: "Black Friday",
      start: new Date(Date.now() + 20 * HOUR),
      end: new Date(Date.now() + 30 * HOUR),
      businessServiceKeys: ["bs-shop"],
    });
    const normal = await assessedRfc();
    await changes().approve(scope(), APPROVER, normal.id, null);
    await changes().approve(scope(), APPROVER_2, normal.id, null);
    // inside the freeze the risk is HIGH: a CAB of three
    expect(normal.assessment?.risk.level).toBe("HIGH");
    expect(normal.assessment?.requiredApprovals).toBe(3);
    await changes().approve(scope(), ADMIN, normal.id, null);
    const e = await errorOf(changes().schedule(scope(), REQUESTER, normal.id, {}));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toContain("Black Friday");
    // another window is another risk: scheduling it there needs a new assessment
    const outside = {
      plannedStart: new Date(Date.now() + 40 * HOUR),
      plannedEnd: new Date(Date.now() + 41 * HOUR),
    };
    const moved = await errorOf(changes().schedule(scope(), REQUESTER, normal.id, outside));
    expect(moved.code).toBe("CONFLICT");
    expect(moved.message).toContain("assess it again for that window");
    const reassessed = await changes().assess(scope(), REQUESTER, normal.id, outside);
    expect(reassessed).toMatchObject({ state: "ASSESSED", assessment: { number: 2 } });
    expect(reassessed.assessment?.requiredApprovals).toBe(2);
    await changes().approve(scope(), APPROVER, normal.id, null);
    await changes().approve(scope(), APPROVER_2, normal.id, null);
    const later = await changes().schedule(scope(), REQUESTER, normal.id, {});
    expect(later.state).toBe("SCHEDULED");

    const emergency = await assessedRfc({ type: "EMERGENCY" });
    expect(emergency.assessment?.requiredApprovals).toBe(1);
    expect(emergency.assessment?.risk.reasons.map((r) => r.factor)).toContain("FREEZE_WINDOW");
    await changes().approve(scope(), APPROVER, emergency.id, null);
    expect((await changes().schedule(scope(), REQUESTER, emergency.id, {})).state).toBe(
      "SCHEDULED",
    );
    const calendar = await changes().calendar(
      scope(),
      READER,
      new Date(Date.now()),
      new Date(Date.now() + 48 * HOUR),
    );
    expect(calendar.changes.map((c) => c.id)).toEqual([emergency.id, normal.id]);
    expect(calendar.freezeWindows.map((f) => f.name)).toEqual(["Black Friday"]);
  });

  it("implements an EMERGENCY change on one approval and tracks its retrospective review", async () => {
    const rfc = await assessedRfc({ type: "EMERGENCY" });
    await changes().approve(scope(), APPROVER, rfc.id, null);
    const done = await changes().implement(scope(), EDITOR, rfc.id);
    expect(done.state).toBe("IMPLEMENTED");
    const inFourDays = new Date(Date.now() + 96 * HOUR);
    expect((await changes().retrospectivesOverdue(scope(), READER)).map((r) => r.id)).toEqual([]);
    expect(
      (await changes().retrospectivesOverdue(scope(), READER, inFourDays)).map((r) => r.id),
    ).toEqual([rfc.id]);
    // the requester may not review their own change, even holding APPROVER
    const own = await errorOf(
      changes().recordRetrospective(
        scope(),
        { ...REQUESTER, roles: ["REQUESTER", "APPROVER"] },
        rfc.id,
        "ok",
      ),
    );
    expect(own.message).toContain("rick requested RFC-");
    await changes().recordRetrospective(scope(), APPROVER, rfc.id, "root cause found");
    expect(await changes().retrospectivesOverdue(scope(), READER, inFourDays)).toEqual([]);
  });

  it("approves a STANDARD change inside its template at once, and not one outside it", async () => {
    const template = await changes().defineStandardChange(scope(), ADMIN, {
      name: "Patch app-a",
      operationKinds: ["UPDATE_CI"],
      updatableFields: ["version"],
      ciKeys: ["app-a"],
      maxImpacted: 3,
      maxServiceCriticality: null,
    });
    const inside = await changes().create(scope(), REQUESTER, {
      title: "Patch app-a",
      type: "STANDARD",
      standardChangeId: template.id,
      operations: [{ kind: "UPDATE_CI", ciKey: "app-a", changes: { version: "1.0.1" } }],
    });
    await changes().submit(scope(), REQUESTER, inside.id);
    const approved = await changes().assess(scope(), REQUESTER, inside.id);
    expect(approved.state).toBe("APPROVED");
    expect(approved.assessment?.standardChange).toMatchObject({ inside: true, reasons: [] });

    // a template its own requester wrote cannot pre-approve the change
    const self = await changes().defineStandardChange(scope(), ADMIN, {
      name: "Anything ada likes",
      operationKinds: ["UPDATE_CI"],
      maxImpacted: 100,
      maxServiceCriticality: 1,
    });
    const selfServed = await changes().create(scope(), ADMIN, {
      title: "ada's standard change",
      type: "STANDARD",
      standardChangeId: self.id,
      operations: [{ kind: "UPDATE_CI", ciKey: "app-a", changes: { version: "9" } }],
    });
    await changes().submit(scope(), ADMIN, selfServed.id);
    const notPre = await changes().assess(scope(), ADMIN, selfServed.id);
    expect(notPre.state).toBe("ASSESSED");
    expect(notPre.assessment?.standardChange?.reasons).toEqual([
      "ada last defined this template and requested this change: it cannot pre-approve itself",
    ]);

    const outside = await changes().create(scope(), REQUESTER, {
      title: "Patch the orders DB as a standard change",
      type: "STANDARD",
      standardChangeId: template.id,
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { owner: "x" } }],
    });
    await changes().submit(scope(), REQUESTER, outside.id);
    const assessed = await changes().assess(scope(), REQUESTER, outside.id);
    expect(assessed.state).toBe("ASSESSED");
    expect(assessed.assessment?.standardChange?.reasons).toEqual([
      "operation 1 changes owner; the template allows version",
      "db-orders (Database) is not a CI the template may touch",
      "the impact reaches 4 CI(s); the template allows 3",
      "business service bs-shop (criticality 1) is hit; the template allows none",
      "business service bs-report (criticality 3) is hit; the template allows none",
    ]);
  });

  it("is rejected by one approver, never by its requester even holding APPROVER", async () => {
    const rfc = await assessedRfc();
    const own = await errorOf(
      changes().reject(scope(), { ...REQUESTER, roles: ["REQUESTER", "APPROVER"] }, rfc.id, "no"),
    );
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toContain("cannot reject it");
    await changes().approve(scope(), APPROVER, rfc.id, "ok");
    const rejected = await changes().reject(scope(), APPROVER_2, rfc.id, "too risky this week");
    expect(rejected.state).toBe("REJECTED");
    const history = (await changes().eventsOf(scope(), READER, [rfc.id]))[0] ?? [];
    expect(history.map((e) => [e.kind, e.toState])).toEqual([
      ["CREATED", "DRAFT"],
      ["TRANSITION", "SUBMITTED"],
      ["ASSESSED", null],
      ["TRANSITION", "ASSESSED"],
      ["APPROVED", null],
      ["REJECTED", null],
      ["TRANSITION", "REJECTED"],
    ]);
  });

  it("does not let whoever wrote an RFC's content approve it (an ADMIN editing a draft)", async () => {
    const draft = await changes().create(scope(), REQUESTER, {
      title: "Original",
      affectedCiKeys: ["app-a"],
    });
    await changes().update(scope(), ADMIN, draft.id, draft.revision, {
      title: "Rewritten by ada",
      affectedCiKeys: ["db-orders"],
    });
    await changes().submit(scope(), REQUESTER, draft.id);
    await changes().assess(scope(), REQUESTER, draft.id);
    const e = await errorOf(changes().approve(scope(), ADMIN, draft.id, null));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("ada wrote the content of RFC-");
  });

  it("keeps long comments and reasons whole in the history", async () => {
    const rfc = await assessedRfc();
    const long = "x".repeat(3500);
    await changes().approve(scope(), APPROVER, rfc.id, long);
    const history = (await changes().eventsOf(scope(), READER, [rfc.id]))[0] ?? [];
    expect(history.find((e) => e.kind === "APPROVED")?.text).toHaveLength(3500);
  });

  it("refuses to schedule or implement on a stale assessment, and to re-assess when nothing moved", async () => {
    const rfc = await assessedRfc();
    await changes().approve(scope(), APPROVER, rfc.id, null);
    await changes().approve(scope(), APPROVER_2, rfc.id, null);
    const again = await errorOf(changes().assess(scope(), REQUESTER, rfc.id));
    expect(again.message).toContain("nothing moved under its assessment 1");
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-b" },
      to: { key: "db-orders" },
      type: "DEPENDS_ON",
    });
    const stale = await errorOf(changes().schedule(scope(), REQUESTER, rfc.id, {}));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("cannot be scheduled");
    expect((await changes().assess(scope(), REQUESTER, rfc.id)).state).toBe("ASSESSED");
  });

  it("refuses a back-out when relationships at a CI it created were added since", async () => {
    const rfc = await assessedRfc({
      type: "EMERGENCY",
      operations: [{ kind: "CREATE_CI", ci: { key: "db-cache", name: "Cache", type: "Database" } }],
    });
    await changes().approve(scope(), APPROVER, rfc.id, null);
    await changes().implement(scope(), EDITOR, rfc.id);
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-web" },
      to: { key: "db-cache" },
      type: "DEPENDS_ON",
    });
    const e = await errorOf(changes().backOut(scope(), EDITOR, rfc.id, "undo"));
    expect(e.details.conflicts).toEqual([
      {
        target: "db-cache",
        message: "relationships at CI db-cache were added or removed after the implementation",
      },
    ]);
    expect((await ci("db-cache")).lifecycle).toBe("PLANNED");
  });

  it("lifts a freeze window once", async () => {
    const w = await changes().defineFreezeWindow(scope(), ADMIN, {
      name: "Year end",
      start: new Date(Date.now() + HOUR),
      end: new Date(Date.now() + 2 * HOUR),
    });
    expect((await changes().liftFreezeWindow(scope(), ADMIN, w.id)).liftedBy).toBe("ada");
    expect(await codeOf(changes().liftFreezeWindow(scope(), ADMIN, w.id))).toBe("CONFLICT");
    const e = await errorOf(
      changes().defineFreezeWindow(scope(), ADMIN, {
        name: "Bad",
        start: new Date(),
        end: new Date(0),
      }),
    );
    expect(e.message).toMatch(/^end: must be after start/);
  });

  it("names both states when a transition is not allowed", async () => {
    const draft = await changes().create(scope(), REQUESTER, {
      title: "T",
      affectedCiKeys: ["app-a"],
    });
    const e = await errorOf(changes().approve(scope(), APPROVER, draft.id, null));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is DRAFT: it cannot go through 'approve' to APPROVED/);
    expect(await codeOf(changes().implement(scope(), EDITOR, draft.id))).toBe("CONFLICT");
  });

  it("keeps every mutation in the append-only audit trail, by target, actor and period", async () => {
    const start = new Date();
    const web = await ci("app-web");
    await ctx().app.cis.update(scope(), EDITOR, { key: "app-web" }, web.revision, { owner: "web" });
    const rfc = await assessedRfc();
    const byCi = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetId: web.id },
      { first: 10, after: null },
    );
    expect(byCi.entries.map((e) => [e.operation, e.actor])).toEqual([["UPDATE", "eddie"]]);
    expect(byCi.entries[0]?.before).toMatchObject({ owner: null, revision: 1 });
    expect(byCi.entries[0]?.after).toMatchObject({ owner: "web", revision: 2 });
    const byRfc = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetId: rfc.id },
      { first: 10, after: null },
    );
    expect(byRfc.entries.map((e) => e.operation)).toEqual([
      "RFC_ASSESS",
      "RFC_SUBMIT",
      "RFC_CREATE",
    ]);
    const byActor = await ctx().app.audit.trail(
      scope(),
      READER,
      { actor: "rick", from: start },
      { first: 2, after: null },
    );
    expect(byActor.entries).toHaveLength(2);
    expect(byActor.hasNextPage).toBe(true);
    const next = await ctx().app.audit.trail(
      scope(),
      READER,
      { actor: "rick", from: start },
      { first: 2, after: byActor.endCursor },
    );
    expect(next.entries.map((e) => e.operation)).toEqual(["RFC_CREATE"]);
  });

  it("refuses every change-management mutation to a role that may not make it", async () => {
    const rfc = await assessedRfc();
    const refused = [
      changes().create(scope(), READER, { title: "x" }),
      changes().create(scope(), EDITOR, { title: "x" }),
      changes().update(scope(), APPROVER, rfc.id, rfc.revision, { title: "x" }),
      changes().submit(scope(), READER, rfc.id),
      changes().assess(scope(), READER, rfc.id),
      changes().approve(scope(), READER, rfc.id, null),
      changes().approve(scope(), EDITOR, rfc.id, null),
      changes().reject(scope(), REQUESTER, rfc.id, "no"),
      changes().schedule(scope(), READER, rfc.id, {}),
      changes().implement(scope(), APPROVER, rfc.id),
      changes().backOut(scope(), APPROVER, rfc.id, "x"),
      changes().close(scope(), READER, rfc.id, { outcome: "SUCCESSFUL", notes: "x" }),
      changes().cancel(scope(), READER, rfc.id, "x"),
      changes().recordRetrospective(scope(), READER, rfc.id, "x"),
      changes().defineStandardChange(scope(), APPROVER, {
        name: "x",
        operationKinds: ["UPDATE_CI"],
        maxImpacted: 1,
      }),
      changes().defineFreezeWindow(scope(), APPROVER, {
        name: "x",
        start: new Date(),
        end: new Date(Date.now() + HOUR),
      }),
      changes().liftFreezeWindow(scope(), APPROVER, "x"),
    ];
    const codes = await Promise.all(refused.map((p) => codeOf(p)));
    // the role is checked before the state: every one is FORBIDDEN, whatever the RFC's state
    expect(codes).toEqual(refused.map(() => "FORBIDDEN"));
    expect((await changes().get(scope(), READER, { id: rfc.id }))?.revision).toBe(rfc.revision);
  });
});
