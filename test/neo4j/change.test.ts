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
/** A window open now: a change assessed for it may be implemented at once. */
const openNow = () => window(-1, 3);

describe("change management (application core on Neo4j)", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const rfcs = () => ctx().app.rfcs;
  const assessments = () => ctx().app.assessments;
  const approvals = () => ctx().app.approvals;
  const schedules = () => ctx().app.schedules;
  const implementations = () => ctx().app.implementations;
  const standardChanges = () => ctx().app.standardChanges;
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
    const draft = await rfcs().create(scope(), REQUESTER, {
      title: "Upgrade the orders database",
      backOutPlan: "restore the previous version",
      affectedCiKeys: ["db-orders"],
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } }],
      ...window(24),
      ...extra,
    });
    await rfcs().submit(scope(), REQUESTER, draft.id);
    return assessments().assess(scope(), REQUESTER, draft.id);
  };

  it("validates a draft's operations like direct writes, naming the operation and field", async () => {
    const e = await errorOf(
      rfcs().create(scope(), REQUESTER, {
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
    const rfc = await rfcs().create(scope(), REQUESTER, {
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
    // services named as people know them, with their key, criticality, level and distance
    expect(a?.risk.reasons.map((r) => r.detail).slice(0, 1)).toEqual([
      "business service Web shop (bs-shop, criticality 1) DOWN at distance 2",
    ]);
    expect(a?.risk.reasons.at(-1)?.detail).toBe(
      "1 more business service(s) hit: Reporting (bs-report)",
    );
    expect(a?.risk).toMatchObject({ score: 52, level: "MEDIUM" });
    expect(a?.requiredApprovals).toBe(2);
    expect(Object.keys(a?.revisions ?? {})).toHaveLength(5);
  });

  it("assesses a NORMAL or STANDARD change only for a planned window; an EMERGENCY one needs none", async () => {
    const template = await standardChanges().defineStandardChange(scope(), ADMIN, {
      name: "Touch app-a",
      operationKinds: ["UPDATE_CI"],
      maxImpacted: 3,
    });
    const raise = async (type: string): Promise<Rfc> => {
      const draft = await rfcs().create(scope(), REQUESTER, {
        title: `A ${type} change without a window`,
        type,
        standardChangeId: type === "STANDARD" ? template.id : null,
        affectedCiKeys: ["app-a"],
      });
      return rfcs().submit(scope(), REQUESTER, draft.id);
    };
    const normal = await raise("NORMAL");
    const e = await errorOf(assessments().assess(scope(), REQUESTER, normal.id));
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toMatch(
      /^plannedStart: RFC-\d+ is a NORMAL change and has no planned window/,
    );
    expect(e.message).toMatch(/\(got null\)$/);
    const standard = await raise("STANDARD");
    expect(
      (await errorOf(assessments().assess(scope(), REQUESTER, standard.id))).details.field,
    ).toBe("plannedStart");
    // a window given with the assessment is kept on the RFC
    const planned = {
      plannedStart: new Date(Date.now() + 24 * HOUR),
      plannedEnd: new Date(Date.now() + 26 * HOUR),
    };
    const assessed = await assessments().assess(scope(), REQUESTER, normal.id, planned);
    expect(assessed).toMatchObject({ state: "ASSESSED", ...planned });

    const emergency = await raise("EMERGENCY");
    expect((await assessments().assess(scope(), REQUESTER, emergency.id)).state).toBe("ASSESSED");
    await approvals().approve(scope(), APPROVER, emergency.id, null);
    // scheduling it then needs a window assessed; the refusal quotes the window asked
    const refused = await errorOf(schedules().schedule(scope(), REQUESTER, emergency.id, planned));
    expect(refused.code).toBe("VALIDATION");
    expect(refused.message).toMatch(/^plannedStart: RFC-\d+ was assessed without a planned window/);
    expect(refused.message).toContain(`(got "${planned.plannedStart.toISOString()}")`);
  });

  it("never lets the requester approve their own RFC, not even as ADMIN", async () => {
    const draft = await rfcs().create(scope(), ADMIN, {
      title: "Mine",
      affectedCiKeys: ["app-a"],
      ...window(24),
    });
    await rfcs().submit(scope(), ADMIN, draft.id);
    await assessments().assess(scope(), ADMIN, draft.id);
    const e = await errorOf(approvals().approve(scope(), ADMIN, draft.id, null));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("ada requested RFC-");
    expect((await rfcs().get(scope(), READER, { id: draft.id }))?.state).toBe("ASSESSED");
  });

  it("needs as many distinct approvers as the risk asks, each once", async () => {
    const rfc = await assessedRfc();
    const once = await approvals().approve(scope(), APPROVER, rfc.id, "fine");
    expect(once.state).toBe("ASSESSED");
    expect(await codeOf(approvals().approve(scope(), APPROVER, rfc.id, null))).toBe("CONFLICT");
    const twice = await approvals().approve(scope(), APPROVER_2, rfc.id, null);
    expect(twice.state).toBe("APPROVED");
  });

  it("refuses an approval when the graph under the assessment changed, until re-assessed", async () => {
    const rfc = await assessedRfc();
    const web = await ci("app-web");
    await ctx().app.cis.update(scope(), EDITOR, { key: "app-web" }, web.revision, {
      version: "2",
    });
    const e = await errorOf(approvals().approve(scope(), APPROVER, rfc.id, null));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toContain("CI app-web is at revision 2 (assessed at 1)");
    // a relationship added at a CI of the impact set counts too
    await assessments().assess(scope(), REQUESTER, rfc.id);
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-a" },
      to: { key: "db-orders" },
      type: "DEPENDS_ON",
    });
    const e2 = await errorOf(approvals().approve(scope(), APPROVER, rfc.id, null));
    expect(e2.message).toContain("app-a DEPENDS_ON db-orders was added");
    const again = await assessments().assess(scope(), REQUESTER, rfc.id);
    expect(again.assessment?.number).toBe(3);
    expect((await approvals().approve(scope(), APPROVER, rfc.id, null)).state).toBe("ASSESSED");
  });

  it("implements in one transaction stamped with the RFC, then backs out to the before-images", async () => {
    const rfc = await assessedRfc({
      ...openNow(),
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
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    await approvals().approve(scope(), APPROVER_2, rfc.id, null);
    await schedules().schedule(scope(), REQUESTER, rfc.id, {});
    expect(await codeOf(implementations().implement(scope(), REQUESTER, rfc.id))).toBe("FORBIDDEN");
    const done = await implementations().implement(scope(), EDITOR, rfc.id);
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

    const back = await implementations().backOut(
      scope(),
      EDITOR,
      rfc.id,
      "the upgrade broke reports",
    );
    expect(back.state).toBe("BACKED_OUT");
    const restored = await ci("db-orders");
    expect(restored.version).toBeNull();
    expect(restored.revision).toBe(3);
    expect((await ci("db-replica")).lifecycle).toBe("RETIRED");
    const after = await ctx().app.impact.analyse(scope(), READER, { ciKeys: ["db-orders"] });
    expect(after.impacted.map((i) => i.key)).toContain("app-report");
    const closed = await implementations().close(scope(), REQUESTER, rfc.id, {
      outcome: "UNSUCCESSFUL",
      notes: "reports broke; backed out",
    });
    expect(closed).toMatchObject({ state: "CLOSED", closedFrom: "BACKED_OUT" });
  });

  it("implements only inside the scheduled window, unless an ADMIN overrides it with a reason", async () => {
    const approvedAndScheduled = async (extra: Record<string, unknown>): Promise<Rfc> => {
      const rfc = await assessedRfc(extra);
      await approvals().approve(scope(), APPROVER, rfc.id, null);
      await approvals().approve(scope(), APPROVER_2, rfc.id, null);
      return schedules().schedule(scope(), REQUESTER, rfc.id, {});
    };
    const ahead = await approvedAndScheduled(window(24 * 14));
    const early = await errorOf(implementations().implement(scope(), EDITOR, ahead.id));
    expect(early.code).toBe("CONFLICT");
    expect(early.message).toContain(
      `may be implemented only inside its window ${ahead.plannedStart!.toISOString()} – ${ahead.plannedEnd!.toISOString()}; it is now `,
    );
    expect(early.message).toContain("too early");
    expect((await ci("db-orders")).version).toBeNull();
    const past = await approvedAndScheduled(window(-5, 1));
    const late = await errorOf(implementations().implement(scope(), EDITOR, past.id));
    expect(late.message).toContain("too late");

    // the override is an ADMIN's, with a reason
    const reason = { windowOverride: { reason: "the vendor's fix cannot wait two weeks" } };
    expect(await codeOf(implementations().implement(scope(), EDITOR, ahead.id, reason))).toBe(
      "FORBIDDEN",
    );
    const blank = await errorOf(
      implementations().implement(scope(), ADMIN, ahead.id, { windowOverride: { reason: " " } }),
    );
    expect(blank.message).toBe('windowOverride.reason: is required (got " ")');
    const done = await implementations().implement(scope(), ADMIN, ahead.id, reason);
    expect(done.state).toBe("IMPLEMENTED");
    expect(done.windowOverride).toMatchObject({
      by: "ada",
      reason: "the vendor's fix cannot wait two weeks",
      plannedStart: ahead.plannedStart,
      plannedEnd: ahead.plannedEnd,
    });
    const history = (await rfcs().eventsOf(scope(), READER, [ahead.id]))[0] ?? [];
    expect(
      history.filter((e) => e.kind === "WINDOW_OVERRIDE").map((e) => [e.actor, e.text]),
    ).toEqual([
      [
        "ada",
        `implemented at ${done.windowOverride!.at.toISOString()}, outside its window ${ahead.plannedStart!.toISOString()} – ${ahead.plannedEnd!.toISOString()}, by ada's override: the vendor's fix cannot wait two weeks`,
      ],
    ]);
    const trail = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetId: ahead.id },
      { first: 1, after: null },
    );
    expect(trail.items.map((e) => [e.operation, e.actor, e.reason])).toEqual([
      ["RFC_IMPLEMENT", "ada", "the vendor's fix cannot wait two weeks"],
    ]);
    expect(trail.items[0]?.after).toMatchObject({
      windowOverride: { by: "ada", reason: "the vendor's fix cannot wait two weeks" },
    });
    // inside the window, or for an EMERGENCY change, an override is refused: none is kept for nothing
    const now = await approvedAndScheduled(openNow());
    const needless = await errorOf(implementations().implement(scope(), ADMIN, now.id, reason));
    expect(needless.message).toContain("is inside its window");
    expect((await implementations().implement(scope(), EDITOR, now.id)).windowOverride).toBeNull();
  });

  it("an UPDATE_CI merges its attributes, and a back-out brings the whole map back", async () => {
    const db = await ci("db-orders");
    await ctx().app.cis.update(scope(), EDITOR, { key: "db-orders" }, db.revision, {
      attributes: { engine: "postgres", sizeGb: 50, tuning: { workMem: "64MB", jit: true } },
    });
    const rfc = await assessedRfc({
      ...openNow(),
      operations: [
        {
          kind: "UPDATE_CI",
          ciKey: "db-orders",
          changes: { attributes: { engine: "postgres16", sizeGb: null, tuning: { jit: false } } },
        },
      ],
    });
    for (const approver of [APPROVER, APPROVER_2].slice(0, rfc.assessment!.requiredApprovals)) {
      await approvals().approve(scope(), approver, rfc.id, null);
    }
    await schedules().schedule(scope(), REQUESTER, rfc.id, {});
    await implementations().implement(scope(), EDITOR, rfc.id);
    expect((await ci("db-orders")).attributes).toEqual({
      engine: "postgres16",
      tuning: { workMem: "64MB", jit: false },
    });

    await implementations().backOut(scope(), EDITOR, rfc.id, "the new engine is slower");
    expect((await ci("db-orders")).attributes).toEqual({
      engine: "postgres",
      sizeGb: 50,
      tuning: { workMem: "64MB", jit: true },
    });
  });

  it("refuses an UPDATE_CI whose merge patch removes a required attribute, naming it", async () => {
    const e = await errorOf(
      rfcs().create(scope(), REQUESTER, {
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
      ...openNow(),
      operations: [
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "17" } },
        { kind: "CREATE_CI", ci: { key: "db-new", name: "New", type: "Database" } },
      ],
    });
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    await approvals().approve(scope(), APPROVER_2, rfc.id, null);
    await schedules().schedule(scope(), REQUESTER, rfc.id, {});
    // someone takes the key the second operation creates
    await ctx().app.cis.create(scope(), EDITOR, { key: "db-new", name: "Other", type: "Database" });
    const before = await ci("db-orders");
    const failed = await implementations().implement(scope(), EDITOR, rfc.id);
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
    expect(trail.items.filter((e) => e.rfcId === rfc.id)).toEqual([]);
  });

  it("refuses a back-out that would overwrite a later write, naming the conflict, and writes nothing", async () => {
    const rfc = await assessedRfc({
      ...openNow(),
      operations: [
        { kind: "UPDATE_CI", ciKey: "db-orders", changes: { version: "16.2" } },
        { kind: "UPDATE_CI", ciKey: "app-web", changes: { version: "9" } },
      ],
    });
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    await approvals().approve(scope(), APPROVER_2, rfc.id, null);
    await schedules().schedule(scope(), REQUESTER, rfc.id, {});
    await implementations().implement(scope(), EDITOR, rfc.id);
    const db = await ci("db-orders");
    await ctx().app.cis.update(scope(), EDITOR, { key: "db-orders" }, db.revision, {
      owner: "dba",
    });
    const e = await errorOf(implementations().backOut(scope(), EDITOR, rfc.id, "undo"));
    expect(e.code).toBe("CONFLICT");
    expect(e.details.conflicts).toEqual([
      {
        target: "db-orders",
        message:
          "CI db-orders is at revision 3; the implementation left it at 2: a later write changed it",
      },
    ]);
    expect((await ci("app-web")).version).toBe("9");
    expect((await rfcs().get(scope(), READER, { id: rfc.id }))?.state).toBe("IMPLEMENTED");
  });

  it("flags RFCs whose windows overlap and whose impact sets intersect, on both", async () => {
    const first = await assessedRfc();
    const second = await rfcs().create(scope(), REQUESTER, {
      title: "Patch the DB host",
      affectedCiKeys: ["vm-db"],
      ...window(25),
    });
    await rfcs().submit(scope(), REQUESTER, second.id);
    const assessed = await assessments().assess(scope(), REQUESTER, second.id);
    expect(assessed.assessment?.risk.reasons.map((r) => r.factor)).toContain("COLLISIONS");
    const third = await rfcs().create(scope(), REQUESTER, {
      title: "Same CIs, another day",
      affectedCiKeys: ["vm-db"],
      ...window(72),
    });
    await rfcs().submit(scope(), REQUESTER, third.id);
    await assessments().assess(scope(), REQUESTER, third.id);

    const [onFirst = []] = await rfcs().collisionsOf(scope(), READER, [
      (await rfcs().get(scope(), READER, { id: first.id })) as Rfc,
    ]);
    expect(onFirst.map((c) => c.rfc.id)).toEqual([second.id]);
    const [onSecond = []] = await rfcs().collisionsOf(scope(), READER, [assessed]);
    expect(onSecond.map((c) => c.rfc.id)).toEqual([first.id]);
    // vm-db's impact reaches db-orders and what depends on it, which the first RFC changes
    expect(onSecond[0]?.sharedCount).toBe(5);
    await rfcs().cancel(scope(), REQUESTER, first.id, "not needed");
    expect(await rfcs().collisionsOf(scope(), READER, [assessed])).toEqual([[]]);
  });

  it("makes an assessment stale when an RFC assessed after it collides with it, until it is assessed again", async () => {
    const first = await assessedRfc(openNow());
    await approvals().approve(scope(), APPROVER, first.id, null);
    await approvals().approve(scope(), APPROVER_2, first.id, null);
    await schedules().schedule(scope(), REQUESTER, first.id, {});
    const draft = await rfcs().create(scope(), REQUESTER, {
      title: "Patch the DB host",
      affectedCiKeys: ["vm-db"],
      ...window(0, 2),
    });
    await rfcs().submit(scope(), REQUESTER, draft.id);
    const second = await assessments().assess(scope(), REQUESTER, draft.id);
    const get = async (id: string) => (await rfcs().get(scope(), READER, { id })) as Rfc;
    // the second counted the collision in its risk; the first, assessed before, did not
    const collision = `RFC-${String(second.number)} collides with it, assessed after it (window ${second.plannedStart!.toISOString()} – ${second.plannedEnd!.toISOString()}, 5 CI(s) shared)`;
    expect(await rfcs().staleReasonsOf(scope(), READER, [await get(first.id), second])).toEqual([
      [collision],
      [],
    ]);
    const e = await errorOf(implementations().implement(scope(), EDITOR, first.id));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe(
      `RFC-${String(first.number)} cannot be implemented: its assessment 1 does not count a collision: ${collision}; assess it again`,
    );
    expect((await ci("db-orders")).version).toBeNull();

    // assessed again, it counts the collision in its risk and holds; so does the second
    const again = await assessments().assess(scope(), REQUESTER, first.id);
    expect(again).toMatchObject({ state: "ASSESSED", assessment: { number: 2 } });
    const reason = again.assessment?.risk.reasons.find((r) => r.factor === "COLLISIONS");
    expect(reason?.detail).toBe(`collides with RFC-${String(second.number)}`);
    expect(await rfcs().staleReasonsOf(scope(), READER, [again, await get(second.id)])).toEqual([
      [],
      [],
    ]);
  });

  it("blocks scheduling in a freeze window over a service hit, unless EMERGENCY", async () => {
    await schedules().defineFreezeWindow(scope(), ADMIN, {
      name: "Black Friday",
      start: new Date(Date.now() + 20 * HOUR),
      end: new Date(Date.now() + 30 * HOUR),
      businessServiceKeys: ["bs-shop"],
    });
    const normal = await assessedRfc();
    await approvals().approve(scope(), APPROVER, normal.id, null);
    await approvals().approve(scope(), APPROVER_2, normal.id, null);
    // inside the freeze the risk is HIGH: a CAB of three
    expect(normal.assessment?.risk.level).toBe("HIGH");
    expect(normal.assessment?.requiredApprovals).toBe(3);
    await approvals().approve(scope(), ADMIN, normal.id, null);
    const e = await errorOf(schedules().schedule(scope(), REQUESTER, normal.id, {}));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toContain("Black Friday");
    // another window is another risk: scheduling it there needs a new assessment
    const outside = {
      plannedStart: new Date(Date.now() + 40 * HOUR),
      plannedEnd: new Date(Date.now() + 41 * HOUR),
    };
    const moved = await errorOf(schedules().schedule(scope(), REQUESTER, normal.id, outside));
    expect(moved.code).toBe("CONFLICT");
    expect(moved.message).toContain("assess it again for that window");
    const reassessed = await assessments().assess(scope(), REQUESTER, normal.id, outside);
    expect(reassessed).toMatchObject({ state: "ASSESSED", assessment: { number: 2 } });
    expect(reassessed.assessment?.requiredApprovals).toBe(2);
    await approvals().approve(scope(), APPROVER, normal.id, null);
    await approvals().approve(scope(), APPROVER_2, normal.id, null);
    const later = await schedules().schedule(scope(), REQUESTER, normal.id, {});
    expect(later.state).toBe("SCHEDULED");

    const emergency = await assessedRfc({ type: "EMERGENCY" });
    expect(emergency.assessment?.requiredApprovals).toBe(1);
    expect(emergency.assessment?.risk.reasons.map((r) => r.factor)).toContain("FREEZE_WINDOW");
    await approvals().approve(scope(), APPROVER, emergency.id, null);
    expect((await schedules().schedule(scope(), REQUESTER, emergency.id, {})).state).toBe(
      "SCHEDULED",
    );
    const calendar = await schedules().calendar(
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
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    const done = await implementations().implement(scope(), EDITOR, rfc.id);
    expect(done.state).toBe("IMPLEMENTED");
    const inFourDays = new Date(Date.now() + 96 * HOUR);
    const overdue = (now?: Date) =>
      implementations().retrospectivesOverdue(scope(), READER, { first: 10, after: null }, now);
    expect((await overdue()).items.map((r) => r.id)).toEqual([]);
    expect((await overdue(inFourDays)).items.map((r) => r.id)).toEqual([rfc.id]);
    // the requester may not review their own change, even holding APPROVER
    const own = await errorOf(
      implementations().recordRetrospective(
        scope(),
        { ...REQUESTER, roles: ["REQUESTER", "APPROVER"] },
        rfc.id,
        "ok",
      ),
    );
    expect(own.message).toContain("rick requested RFC-");
    await implementations().recordRetrospective(scope(), APPROVER, rfc.id, "root cause found");
    expect((await overdue(inFourDays)).items).toEqual([]);
  });

  it("approves a STANDARD change inside its template at once, and not one outside it", async () => {
    const template = await standardChanges().defineStandardChange(scope(), ADMIN, {
      name: "Patch app-a",
      operationKinds: ["UPDATE_CI"],
      updatableFields: ["version"],
      ciKeys: ["app-a"],
      maxImpacted: 3,
      maxServiceCriticality: null,
    });
    const inside = await rfcs().create(scope(), REQUESTER, {
      title: "Patch app-a",
      type: "STANDARD",
      standardChangeId: template.id,
      ...window(24),
      operations: [{ kind: "UPDATE_CI", ciKey: "app-a", changes: { version: "1.0.1" } }],
    });
    await rfcs().submit(scope(), REQUESTER, inside.id);
    const approved = await assessments().assess(scope(), REQUESTER, inside.id);
    expect(approved.state).toBe("APPROVED");
    expect(approved.assessment?.standardChange).toMatchObject({ inside: true, reasons: [] });

    // a template its own requester wrote cannot pre-approve the change
    const self = await standardChanges().defineStandardChange(scope(), ADMIN, {
      name: "Anything ada likes",
      operationKinds: ["UPDATE_CI"],
      maxImpacted: 100,
      maxServiceCriticality: 1,
    });
    const selfServed = await rfcs().create(scope(), ADMIN, {
      title: "ada's standard change",
      type: "STANDARD",
      standardChangeId: self.id,
      ...window(24),
      operations: [{ kind: "UPDATE_CI", ciKey: "app-a", changes: { version: "9" } }],
    });
    await rfcs().submit(scope(), ADMIN, selfServed.id);
    const notPre = await assessments().assess(scope(), ADMIN, selfServed.id);
    expect(notPre.state).toBe("ASSESSED");
    expect(notPre.assessment?.standardChange?.reasons).toEqual([
      "ada last defined this template and requested this change: it cannot pre-approve itself",
    ]);

    const outside = await rfcs().create(scope(), REQUESTER, {
      title: "Patch the orders DB as a standard change",
      type: "STANDARD",
      standardChangeId: template.id,
      ...window(24),
      operations: [{ kind: "UPDATE_CI", ciKey: "db-orders", changes: { owner: "x" } }],
    });
    await rfcs().submit(scope(), REQUESTER, outside.id);
    const assessed = await assessments().assess(scope(), REQUESTER, outside.id);
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
      approvals().reject(scope(), { ...REQUESTER, roles: ["REQUESTER", "APPROVER"] }, rfc.id, "no"),
    );
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toContain("cannot reject it");
    await approvals().approve(scope(), APPROVER, rfc.id, "ok");
    const rejected = await approvals().reject(scope(), APPROVER_2, rfc.id, "too risky this week");
    expect(rejected.state).toBe("REJECTED");
    const history = (await rfcs().eventsOf(scope(), READER, [rfc.id]))[0] ?? [];
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
    const draft = await rfcs().create(scope(), REQUESTER, {
      title: "Original",
      affectedCiKeys: ["app-a"],
    });
    await rfcs().update(scope(), ADMIN, draft.id, draft.revision, {
      title: "Rewritten by ada",
      affectedCiKeys: ["db-orders"],
      ...window(24),
    });
    await rfcs().submit(scope(), REQUESTER, draft.id);
    await assessments().assess(scope(), REQUESTER, draft.id);
    const e = await errorOf(approvals().approve(scope(), ADMIN, draft.id, null));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("ada wrote the content of RFC-");
  });

  it("keeps long comments and reasons whole in the history", async () => {
    const rfc = await assessedRfc();
    const long = "x".repeat(3500);
    await approvals().approve(scope(), APPROVER, rfc.id, long);
    const history = (await rfcs().eventsOf(scope(), READER, [rfc.id]))[0] ?? [];
    expect(history.find((e) => e.kind === "APPROVED")?.text).toHaveLength(3500);
  });

  it("refuses to schedule or implement on a stale assessment, and to re-assess when nothing moved", async () => {
    const rfc = await assessedRfc();
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    await approvals().approve(scope(), APPROVER_2, rfc.id, null);
    const again = await errorOf(assessments().assess(scope(), REQUESTER, rfc.id));
    expect(again.message).toContain("nothing moved under its assessment 1");
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-b" },
      to: { key: "db-orders" },
      type: "DEPENDS_ON",
    });
    const stale = await errorOf(schedules().schedule(scope(), REQUESTER, rfc.id, {}));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("cannot be scheduled");
    expect((await assessments().assess(scope(), REQUESTER, rfc.id)).state).toBe("ASSESSED");
  });

  it("refuses a back-out when relationships at a CI it created were added since", async () => {
    const rfc = await assessedRfc({
      type: "EMERGENCY",
      operations: [{ kind: "CREATE_CI", ci: { key: "db-cache", name: "Cache", type: "Database" } }],
    });
    await approvals().approve(scope(), APPROVER, rfc.id, null);
    await implementations().implement(scope(), EDITOR, rfc.id);
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app-web" },
      to: { key: "db-cache" },
      type: "DEPENDS_ON",
    });
    const e = await errorOf(implementations().backOut(scope(), EDITOR, rfc.id, "undo"));
    expect(e.details.conflicts).toEqual([
      {
        target: "db-cache",
        message: "relationships at CI db-cache were added or removed after the implementation",
      },
    ]);
    expect((await ci("db-cache")).lifecycle).toBe("PLANNED");
  });

  it("lifts a freeze window once", async () => {
    const w = await schedules().defineFreezeWindow(scope(), ADMIN, {
      name: "Year end",
      start: new Date(Date.now() + HOUR),
      end: new Date(Date.now() + 2 * HOUR),
    });
    expect((await schedules().liftFreezeWindow(scope(), ADMIN, w.id)).liftedBy).toBe("ada");
    expect(await codeOf(schedules().liftFreezeWindow(scope(), ADMIN, w.id))).toBe("CONFLICT");
    const e = await errorOf(
      schedules().defineFreezeWindow(scope(), ADMIN, {
        name: "Bad",
        start: new Date(),
        end: new Date(0),
      }),
    );
    expect(e.message).toMatch(/^end: must be after start/);
  });

  it("names both states when a transition is not allowed", async () => {
    const draft = await rfcs().create(scope(), REQUESTER, {
      title: "T",
      affectedCiKeys: ["app-a"],
    });
    const e = await errorOf(approvals().approve(scope(), APPROVER, draft.id, null));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/is DRAFT: it cannot go through 'approve' to APPROVED/);
    expect(await codeOf(implementations().implement(scope(), EDITOR, draft.id))).toBe("CONFLICT");
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
    expect(byCi.items.map((e) => [e.operation, e.actor])).toEqual([["UPDATE", "eddie"]]);
    expect(byCi.items[0]?.before).toMatchObject({ owner: null, revision: 1 });
    expect(byCi.items[0]?.after).toMatchObject({ owner: "web", revision: 2 });
    const byRfc = await ctx().app.audit.trail(
      scope(),
      READER,
      { targetId: rfc.id },
      { first: 10, after: null },
    );
    expect(byRfc.items.map((e) => e.operation)).toEqual(["RFC_ASSESS", "RFC_SUBMIT", "RFC_CREATE"]);
    const byActor = await ctx().app.audit.trail(
      scope(),
      READER,
      { actor: "rick", from: start },
      { first: 2, after: null },
    );
    expect(byActor.items).toHaveLength(2);
    expect(byActor.hasNextPage).toBe(true);
    const next = await ctx().app.audit.trail(
      scope(),
      READER,
      { actor: "rick", from: start },
      { first: 2, after: byActor.cursors.at(-1) ?? null },
    );
    expect(next.items.map((e) => e.operation)).toEqual(["RFC_CREATE"]);
  });

  it("refuses every change-management mutation to a role that may not make it", async () => {
    const rfc = await assessedRfc();
    const refused = [
      rfcs().create(scope(), READER, { title: "x" }),
      rfcs().create(scope(), EDITOR, { title: "x" }),
      rfcs().update(scope(), APPROVER, rfc.id, rfc.revision, { title: "x" }),
      rfcs().submit(scope(), READER, rfc.id),
      assessments().assess(scope(), READER, rfc.id),
      approvals().approve(scope(), READER, rfc.id, null),
      approvals().approve(scope(), EDITOR, rfc.id, null),
      approvals().reject(scope(), REQUESTER, rfc.id, "no"),
      schedules().schedule(scope(), READER, rfc.id, {}),
      implementations().implement(scope(), APPROVER, rfc.id),
      implementations().backOut(scope(), APPROVER, rfc.id, "x"),
      implementations().close(scope(), READER, rfc.id, { outcome: "SUCCESSFUL", notes: "x" }),
      rfcs().cancel(scope(), READER, rfc.id, "x"),
      implementations().recordRetrospective(scope(), READER, rfc.id, "x"),
      standardChanges().defineStandardChange(scope(), APPROVER, {
        name: "x",
        operationKinds: ["UPDATE_CI"],
        maxImpacted: 1,
      }),
      schedules().defineFreezeWindow(scope(), APPROVER, {
        name: "x",
        start: new Date(),
        end: new Date(Date.now() + HOUR),
      }),
      schedules().liftFreezeWindow(scope(), APPROVER, "x"),
    ];
    const codes = await Promise.all(refused.map((p) => codeOf(p)));
    // the role is checked before the state: every one is FORBIDDEN, whatever the RFC's state
    expect(codes).toEqual(refused.map(() => "FORBIDDEN"));
    expect((await rfcs().get(scope(), READER, { id: rfc.id }))?.revision).toBe(rfc.revision);
  });
});
