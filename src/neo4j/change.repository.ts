import { int } from "neo4j-driver";
import type {
  Assessment,
  Implementation,
  Retrospective,
  Review,
  Rfc,
  RfcEvent,
  RfcEventKind,
  RfcOperation,
  RfcState,
  WindowOverride,
} from "../domain/change/rfc.js";
import type { StandardChange } from "../domain/change/standard-change.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

/** The next value of a named counter (RFC numbers), taken under its lock. */
export async function nextSequenceValue(tx: DbTransaction, name: string): Promise<number> {
  const rows = await tx.run("change/next-sequence-value", { name });
  return Number(rows[0]?.value);
}

export async function createRfc(tx: DbTransaction, rfc: Rfc): Promise<Rfc> {
  const rows = await tx.run("change/create-rfc", { props: toProps(rfc), dates: toDates(rfc) });
  return toRfc(rows[0]?.rfc);
}

/** Writes the RFC's state over the stored one (same id) and bumps its revision. */
export async function saveRfc(tx: DbTransaction, rfc: Rfc): Promise<Rfc> {
  const rows = await tx.run("change/save-rfc", {
    id: rfc.id,
    props: toProps(rfc),
    dates: toDates(rfc),
  });
  return toRfc(rows[0]?.rfc);
}

export async function lockRfc(tx: DbTransaction, id: string): Promise<Rfc | null> {
  const rows = await tx.run("change/lock-rfc", { id });
  return rows[0] ? toRfc(rows[0].rfc) : null;
}

export async function findRfcsByIds(tx: DbTransaction, ids: readonly string[]): Promise<Rfc[]> {
  return (await tx.run("change/find-rfcs-by-ids", { ids })).map((r) => toRfc(r.rfc));
}

export async function findRfcByNumber(tx: DbTransaction, number: number): Promise<Rfc | null> {
  const rows = await tx.run("change/find-rfc-by-number", { number });
  return rows[0] ? toRfc(rows[0].rfc) : null;
}

export interface NewRfcEvent {
  readonly id: string;
  readonly rfcId: string;
  readonly kind: RfcEventKind;
  readonly fromState: RfcState | null;
  readonly toState: RfcState | null;
  readonly text: string | null;
  readonly assessment: number | null;
}

export async function recordRfcEvents(
  tx: DbTransaction,
  events: readonly NewRfcEvent[],
  meta: WriteMeta,
): Promise<void> {
  if (events.length === 0) return;
  // events of one transaction share an instant: `seq` keeps their order
  const rows = events.map((e, seq) => ({ ...e, seq }));
  await tx.run("change/record-rfc-events", { rows, ...metaParams(meta) });
}

export async function listRfcEvents(
  tx: DbTransaction,
  rfcIds: readonly string[],
): Promise<RfcEvent[]> {
  return (await tx.run("change/list-rfc-events", { ids: rfcIds })).map((r) => {
    const e = r.event as Row;
    return {
      id: String(e.id),
      rfcId: String(e.rfcId),
      at: e.at as Date,
      actor: String(e.actor),
      kind: e.kind as RfcEventKind,
      fromState: (e.fromState as RfcState | null) ?? null,
      toState: (e.toState as RfcState | null) ?? null,
      text: (e.text as string | null) ?? null,
      assessment: (e.assessment as number | null) ?? null,
      seq: Number(e.seq ?? 0),
    };
  });
}

export interface RfcListFilter {
  readonly states: RfcState[] | null;
  readonly type: string | null;
  readonly requester: string | null;
  readonly ciId: string | null;
}

export async function listRfcs(
  tx: DbTransaction,
  filter: RfcListFilter,
  page: { before: number | null; limit: number },
): Promise<Rfc[]> {
  const rows = await tx.run("change/list-rfcs", {
    ...filter,
    // RFC numbers are positive: the largest safe integer is above every one
    before: int(page.before ?? Number.MAX_SAFE_INTEGER),
    limit: int(page.limit),
  });
  return rows.map((r) => toRfc(r.rfc));
}

/** How many RFCs listRfcs would list over every page. */
export async function countRfcs(tx: DbTransaction, filter: RfcListFilter): Promise<number> {
  const rows = await tx.run("change/count-rfcs", { ...filter });
  return Number(rows[0]?.total ?? 0);
}

export interface Collision {
  readonly rfc: Rfc;
  readonly sharedIds: string[];
  readonly sharedCount: number;
}

/** For each RFC (its window and impact set), the RFCs in `states` it collides with. */
export async function findCollidingRfcs(
  tx: DbTransaction,
  rfcs: readonly { id: string; start: Date; end: Date; impactIds: readonly string[] }[],
  states: readonly RfcState[],
): Promise<Map<string, Collision[]>> {
  const out = new Map<string, Collision[]>();
  if (rfcs.length === 0) return out;
  const rows = await tx.run("change/find-colliding-rfcs", {
    rows: rfcs.map((r) => ({
      id: r.id,
      start: r.start.toISOString(),
      end: r.end.toISOString(),
      impactIds: r.impactIds,
    })),
    states,
  });
  for (const r of rows) {
    const forId = String(r.forId);
    out.set(forId, [
      ...(out.get(forId) ?? []),
      { rfc: toRfc(r.rfc), sharedIds: r.sharedIds as string[], sharedCount: Number(r.sharedCount) },
    ]);
  }
  return out;
}

export async function findFailedRfcsOnCis(
  tx: DbTransaction,
  id: string,
  ciIds: readonly string[],
): Promise<number[]> {
  const rows = await tx.run("change/find-failed-rfcs-on-cis", { id, ciIds });
  return rows.map((r) => Number(r.number));
}

export async function listChangeCalendar(
  tx: DbTransaction,
  from: Date,
  to: Date,
  states: readonly RfcState[],
  limit: number,
): Promise<Rfc[]> {
  const rows = await tx.run("change/list-change-calendar", {
    from: from.toISOString(),
    to: to.toISOString(),
    states,
    limit: int(limit),
  });
  return rows.map((r) => toRfc(r.rfc));
}

/** One page of EMERGENCY RFCs attempted before `before` still owing their retrospective. */
export async function listRetrospectivesOverdue(
  tx: DbTransaction,
  before: Date,
  page: { after: { at: string; number: number } | null; limit: number },
): Promise<Rfc[]> {
  const rows = await tx.run("change/list-retrospectives-overdue", {
    before: before.toISOString(),
    afterAt: page.after?.at ?? null,
    afterNumber: page.after?.number ?? null,
    limit: int(page.limit),
  });
  return rows.map((r) => toRfc(r.rfc));
}

/** How many RFCs listRetrospectivesOverdue lists over every page. */
export async function countRetrospectivesOverdue(tx: DbTransaction, before: Date): Promise<number> {
  const rows = await tx.run("change/count-retrospectives-overdue", {
    before: before.toISOString(),
  });
  return Number(rows[0]?.total ?? 0);
}

/** A CI's revision and relationship revision (bumped when a relationship at it comes or goes). */
export type CiRevisions = readonly [revision: number, relRevision: number];

export async function readCiRevisions(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<Map<string, { key: string; revisions: CiRevisions }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.run("change/read-ci-revisions", { ids });
  return new Map(
    rows.map((r) => [
      String(r.id),
      { key: String(r.key), revisions: [Number(r.revision), Number(r.relRevision)] as const },
    ]),
  );
}

/** A CI that moved under an assessment. */
export interface MovedCi {
  readonly id: string;
  /** Null when the CI no longer exists. */
  readonly key: string | null;
  readonly assessed: number;
  readonly now: number | null;
  readonly relationshipsChanged: boolean;
  /** Relationships at it that started or ended after the assessment (detail, up to 10). */
  readonly relationships: { type: string; fromKey: string; toKey: string; removed: boolean }[];
}

/** The CIs of an assessment whose revision or relationships moved since it was made. */
export async function findChangesSinceAssessment(
  tx: DbTransaction,
  revisions: Readonly<Record<string, CiRevisions>>,
  at: Date,
  limit: number,
): Promise<MovedCi[]> {
  const rows = await tx.run("change/find-changes-since-assessment", {
    revisions: Object.entries(revisions).map(([id, [revision, relRevision]]) => ({
      id,
      revision,
      relRevision,
    })),
    at: at.toISOString(),
    limit: int(limit),
  });
  return rows.map((r) => ({
    id: String(r.id),
    key: (r.key as string | null) ?? null,
    assessed: Number(r.assessed),
    now: (r.now as number | null) ?? null,
    relationshipsChanged: Boolean(r.relationshipsChanged),
    relationships: r.relationships as MovedCi["relationships"],
  }));
}

// ---- standard changes

export async function saveStandardChange(
  tx: DbTransaction,
  id: string,
  props: Record<string, unknown>,
  meta: WriteMeta,
): Promise<StandardChange> {
  const rows = await tx.run("change/save-standard-change", { id, props, ...metaParams(meta) });
  return toStandardChange(rows[0]?.template);
}

export async function lockStandardChange(
  tx: DbTransaction,
  name: string,
): Promise<StandardChange | null> {
  const rows = await tx.run("change/lock-standard-change", { name });
  return rows[0] ? toStandardChange(rows[0].template) : null;
}

export async function listStandardChanges(
  tx: DbTransaction,
  ids: readonly string[] | null,
): Promise<StandardChange[]> {
  const rows = await tx.run("change/list-standard-changes", { ids });
  return rows.map((r) => toStandardChange(r.template));
}

function toStandardChange(value: unknown): StandardChange {
  const s = value as Row;
  return {
    id: String(s.id),
    name: String(s.name),
    description: (s.description as string | null) ?? null,
    operationKinds: (s.operationKinds as StandardChange["operationKinds"] | null) ?? [],
    updatableFields: (s.updatableFields as string[] | null) ?? [],
    ciKeys: (s.ciKeys as string[] | null) ?? [],
    ciTypes: (s.ciTypes as string[] | null) ?? [],
    maxImpacted: Number(s.maxImpacted),
    maxServiceCriticality: (s.maxServiceCriticality as number | null) ?? null,
    revision: Number(s.revision),
    createdBy: String(s.createdBy),
    updatedBy: String(s.updatedBy ?? s.createdBy),
    createdAt: s.createdAt as Date,
    updatedAt: s.updatedAt as Date,
  };
}

// ---- freeze windows

export interface FreezeWindow {
  readonly id: string;
  readonly name: string;
  readonly reason: string | null;
  readonly start: Date;
  readonly end: Date;
  /** The business services it protects (empty: every change). */
  readonly serviceIds: string[];
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly liftedAt: Date | null;
  readonly liftedBy: string | null;
}

export async function createFreezeWindow(
  tx: DbTransaction,
  w: {
    id: string;
    name: string;
    reason: string | null;
    start: Date;
    end: Date;
    serviceIds: string[];
  },
  meta: WriteMeta,
): Promise<FreezeWindow> {
  const rows = await tx.run("change/create-freeze-window", {
    props: { id: w.id, name: w.name, reason: w.reason, serviceIds: w.serviceIds },
    start: w.start.toISOString(),
    end: w.end.toISOString(),
    ...metaParams(meta),
  });
  return toFreezeWindow(rows[0]?.window);
}

export async function endFreezeWindow(
  tx: DbTransaction,
  id: string,
  meta: WriteMeta,
): Promise<{ window: FreezeWindow; wasLifted: boolean } | null> {
  const rows = await tx.run("change/end-freeze-window", { id, ...metaParams(meta) });
  const row = rows[0];
  return row ? { window: toFreezeWindow(row.window), wasLifted: Boolean(row.wasLifted) } : null;
}

export async function listFreezeWindows(
  tx: DbTransaction,
  from: Date,
  to: Date,
): Promise<FreezeWindow[]> {
  const rows = await tx.run("change/list-freeze-windows", {
    from: from.toISOString(),
    to: to.toISOString(),
  });
  return rows.map((r) => toFreezeWindow(r.window));
}

/** One page of listFreezeWindows, by start then id, after the cursor's (start, id). */
export async function listFreezeWindowsPage(
  tx: DbTransaction,
  from: Date,
  to: Date,
  page: { after: { start: string; id: string } | null; limit: number },
): Promise<FreezeWindow[]> {
  const rows = await tx.run("change/list-freeze-windows-page", {
    from: from.toISOString(),
    to: to.toISOString(),
    afterStart: page.after?.start ?? null,
    afterId: page.after?.id ?? null,
    limit: int(page.limit),
  });
  return rows.map((r) => toFreezeWindow(r.window));
}

/** How many freeze windows listFreezeWindows lists. */
export async function countFreezeWindows(tx: DbTransaction, from: Date, to: Date): Promise<number> {
  const rows = await tx.run("change/count-freeze-windows", {
    from: from.toISOString(),
    to: to.toISOString(),
  });
  return Number(rows[0]?.total ?? 0);
}

/** Freeze windows by id, lifted or not, in no order (ids that name none are left out). */
export async function findFreezeWindowsByIds(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<FreezeWindow[]> {
  const rows = await tx.run("change/find-freeze-windows-by-ids", { ids: [...ids] });
  return rows.map((r) => toFreezeWindow(r.window));
}

function toFreezeWindow(value: unknown): FreezeWindow {
  const f = value as Row;
  return {
    id: String(f.id),
    name: String(f.name),
    reason: (f.reason as string | null) ?? null,
    start: f.start as Date,
    end: f.end as Date,
    serviceIds: (f.serviceIds as string[] | null) ?? [],
    createdBy: String(f.createdBy),
    createdAt: f.createdAt as Date,
    liftedAt: (f.liftedAt as Date | null) ?? null,
    liftedBy: (f.liftedBy as string | null) ?? null,
  };
}

// ---- RFC mapping

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function toProps(rfc: Rfc): Record<string, unknown> {
  return {
    id: rfc.id,
    number: rfc.number,
    title: rfc.title,
    description: rfc.description,
    priority: rfc.priority,
    type: rfc.type,
    standardChangeId: rfc.standardChangeId,
    requester: rfc.requester,
    state: rfc.state,
    affectedCiIds: rfc.affectedCiIds,
    touchedCiIds: rfc.touchedCiIds,
    impactCiIds: rfc.assessment ? Object.keys(rfc.assessment.revisions) : [],
    operations: json(rfc.operations),
    backOutPlan: rfc.backOutPlan,
    risk: rfc.risk,
    impact: rfc.impact,
    benefit: rfc.benefit,
    // an assessment's impacted CIs are stored apart, a page at a time (its counts say so)
    assessment: json(rfc.assessment?.counts ? { ...rfc.assessment, impacted: [] } : rfc.assessment),
    riskScore: rfc.assessment?.risk.score ?? null,
    implementation: json(rfc.implementation),
    failureReason: rfc.failureReason,
    windowOverride: json(rfc.windowOverride),
    review: json(rfc.review),
    closedFrom: rfc.closedFrom,
    releaseId: rfc.releaseId,
    retrospective: json(rfc.retrospective),
  };
}

function toDates(rfc: Rfc): Record<string, string | null> {
  return {
    requestedAt: rfc.requestedAt.toISOString(),
    updatedAt: rfc.updatedAt.toISOString(),
    plannedStart: rfc.plannedStart?.toISOString() ?? null,
    plannedEnd: rfc.plannedEnd?.toISOString() ?? null,
    attemptedAt: rfc.attemptedAt?.toISOString() ?? null,
  };
}

function revive(value: unknown, dateFields: readonly string[]): unknown {
  const parsed = parseJsonText<Record<string, unknown> | null>(value, null);
  if (parsed === null) return null;
  for (const f of dateFields) {
    if (typeof parsed[f] === "string") parsed[f] = new Date(parsed[f]);
  }
  return parsed;
}

export function toRfc(value: unknown): Rfc {
  const r = value as Row;
  return {
    id: String(r.id),
    number: Number(r.number),
    title: String(r.title),
    description: (r.description as string | null) ?? null,
    priority: r.priority as Rfc["priority"],
    type: r.type as Rfc["type"],
    standardChangeId: (r.standardChangeId as string | null) ?? null,
    requester: String(r.requester),
    requestedAt: r.requestedAt as Date,
    state: r.state as RfcState,
    revision: Number(r.revision),
    updatedAt: r.updatedAt as Date,
    affectedCiIds: (r.affectedCiIds as string[] | null) ?? [],
    touchedCiIds: (r.touchedCiIds as string[] | null) ?? [],
    operations: parseJsonText<RfcOperation[]>(r.operations, []),
    plannedStart: (r.plannedStart as Date | null) ?? null,
    plannedEnd: (r.plannedEnd as Date | null) ?? null,
    backOutPlan: (r.backOutPlan as string | null) ?? null,
    risk: (r.risk as string | null) ?? null,
    impact: (r.impact as string | null) ?? null,
    benefit: (r.benefit as string | null) ?? null,
    assessment: revive(r.assessment, ["at", "plannedStart", "plannedEnd"]) as Assessment | null,
    implementation: revive(r.implementation, ["at"]) as Implementation | null,
    attemptedAt: (r.attemptedAt as Date | null) ?? null,
    failureReason: (r.failureReason as string | null) ?? null,
    windowOverride: revive(r.windowOverride, [
      "at",
      "plannedStart",
      "plannedEnd",
    ]) as WindowOverride | null,
    review: revive(r.review, ["at"]) as Review | null,
    closedFrom: (r.closedFrom as RfcState | null) ?? null,
    releaseId: (r.releaseId as string | null) ?? null,
    retrospective: revive(r.retrospective, ["at"]) as Retrospective | null,
  };
}
