import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import type { AuditRecord } from "../../domain/audit/audit-entry.js";
import { requiredApprovals } from "../../domain/change/approval-policy.js";
import {
  ASSESSED_STATES,
  OPEN_STATES,
  type BeforeImage,
  REVIEW_OUTCOMES,
  RFC_STATES,
  RFC_TYPES,
  outsideWindow,
  rfcName,
  type AssessedItem,
  type Assessment,
  type Rfc,
  type RfcContent,
  type RfcEvent,
  type RfcEventKind,
  type RfcState,
  type ReviewOutcome,
  type WindowOverride,
} from "../../domain/change/rfc.js";
import { parseRfcContent } from "../../domain/change/rfc-input.js";
import { allowedFrom, checkTransition, type RfcAction } from "../../domain/change/rfc-lifecycle.js";
import { assessRisk } from "../../domain/change/risk.js";
import {
  parseStandardChange,
  standardChangeMisfits,
  type StandardChange,
} from "../../domain/change/standard-change.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../domain/errors.js";
import { hasAnyRole, type Role } from "../../domain/roles.js";
import { IssueCollector, throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue, type WriteMeta } from "../../neo4j/catalogue.repository.js";
import {
  createFreezeWindow,
  createRfc,
  endFreezeWindow,
  findChangesSinceAssessment,
  findCollidingRfcs,
  findFailedRfcsOnCis,
  findRfcByNumber,
  findRfcsByIds,
  listChangeCalendar,
  listFreezeWindows,
  listRetrospectivesOverdue,
  listRfcEvents,
  listRfcs,
  listStandardChanges,
  lockRfc,
  lockStandardChange,
  nextSequenceValue,
  recordRfcEvents,
  saveRfc,
  saveStandardChange,
  readCiRevisions,
  type CiRevisions,
  type Collision,
  type FreezeWindow,
  type MovedCi,
  type NewRfcEvent,
} from "../../neo4j/change.repository.js";
import { findCisByIds, findCisByKeys, lockCisByIds } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { ImpactService } from "../impact/impact.service.js";
import { writeMeta } from "../write-meta.js";
import type { ChangePolicy } from "../../config/config.js";
import { applyOperations, backOutImages, OperationFailed } from "./rfc-implementation.js";
import { resolveContent } from "./rfc-operations.js";

const BUSINESS_SERVICE = "BusinessService";
const MAX_PAGE = 200;
const MAX_CALENDAR = 1000;
/** How many changed CIs and relationships a stale-assessment error lists. */
const LISTED_MOVES = 50;

/** How an RFC is named: its id, or its number (RFC-12 or 12). */
export type RfcReference = { readonly id: string } | { readonly number: number };

export interface RfcFilter {
  readonly states?: readonly string[] | null;
  readonly type?: string | null;
  readonly requester?: string | null;
  readonly ciKey?: string | null;
}

export interface RfcPage {
  readonly items: Rfc[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface ChangeCalendar {
  readonly from: Date;
  readonly to: Date;
  readonly changes: Rfc[];
  readonly freezeWindows: FreezeWindow[];
  readonly truncated: boolean;
}

export type { Collision as RfcCollision } from "../../neo4j/change.repository.js";

/** What the caller states at each transition. */
export interface ScheduleInput {
  readonly plannedStart?: Date | null;
  readonly plannedEnd?: Date | null;
}

/**
 * Change management: RFCs from draft to closed, assessed on the graph, approved by people other
 * than their requester, implemented and backed out in one transaction each; standard changes,
 * freeze windows, the change calendar.
 */
export class ChangeService {
  constructor(
    private readonly policy: ChangePolicy,
    private readonly impact: ImpactService,
    private readonly catalogue: CatalogueService,
  ) {}

  // ---------------------------------------------------------------- reads

  async get(scope: DbScope, actor: Actor, ref: RfcReference): Promise<Rfc | null> {
    authorize(actor, "reading RFCs", "READER");
    return scope.readTransaction(async (tx) =>
      "id" in ref
        ? ((await findRfcsByIds(tx, [ref.id]))[0] ?? null)
        : findRfcByNumber(tx, ref.number),
    );
  }

  async list(
    scope: DbScope,
    actor: Actor,
    filter: RfcFilter,
    page: { first: number; after: string | null },
  ): Promise<RfcPage> {
    authorize(actor, "reading RFCs", "READER");
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) {
      throw new ValidationError("first", page.first, `must be from 1 to ${String(MAX_PAGE)}`);
    }
    const states = filter.states?.length ? [...filter.states] : null;
    for (const s of states ?? []) {
      if (!RFC_STATES.includes(s as RfcState)) {
        throw new ValidationError("filter.states", s, `must be one of ${RFC_STATES.join(", ")}`);
      }
    }
    if (filter.type && !RFC_TYPES.includes(filter.type as Rfc["type"])) {
      throw new ValidationError(
        "filter.type",
        filter.type,
        `must be one of ${RFC_TYPES.join(", ")}`,
      );
    }
    const before = page.after === null ? null : decodeRfcCursor(page.after);
    return scope.readTransaction(async (tx) => {
      let ciId: string | null = null;
      if (filter.ciKey) {
        const [ci] = await findCisByKeys(tx, [filter.ciKey]);
        if (!ci) throw new NotFoundError("configuration item", `key ${filter.ciKey}`);
        ciId = ci.id;
      }
      const rows = await listRfcs(
        tx,
        {
          states: states as RfcState[] | null,
          type: filter.type ?? null,
          requester: filter.requester ?? null,
          ciId,
        },
        { before, limit: page.first + 1 },
      );
      const items = rows.slice(0, page.first);
      const last = items[items.length - 1];
      return {
        items,
        hasNextPage: rows.length > page.first,
        endCursor: last ? encodeRfcCursor(last.number) : null,
      };
    });
  }

  /** RFCs by id, in the order asked (null where none): the batch behind a per-request loader. */
  async findByIds(scope: DbScope, actor: Actor, ids: readonly string[]): Promise<(Rfc | null)[]> {
    authorize(actor, "reading RFCs", "READER");
    const found = await scope.readTransaction((tx) => findRfcsByIds(tx, ids));
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The history of each RFC, oldest first: the batch behind a per-request loader. */
  async eventsOf(scope: DbScope, actor: Actor, ids: readonly string[]): Promise<RfcEvent[][]> {
    authorize(actor, "reading RFCs", "READER");
    const events = await scope.readTransaction((tx) => listRfcEvents(tx, ids));
    return ids.map((id) => events.filter((e) => e.rfcId === id));
  }

  /**
   * For each RFC, the open RFCs whose planned window overlaps its own and whose impact sets
   * intersect, with the CIs they share (computed when read: a collision shows on both, and ends
   * when either leaves play). One round trip for any number of RFCs.
   */
  async collisionsOf(scope: DbScope, actor: Actor, rfcs: readonly Rfc[]): Promise<Collision[][]> {
    authorize(actor, "reading RFCs", "READER");
    const found = await scope.readTransaction((tx) => collisionsAmong(tx, rfcs));
    return rfcs.map((r) => found.get(r.id) ?? []);
  }

  /**
   * Why each RFC's latest assessment no longer holds (computed when read): CIs or relationships
   * under it that moved, RFCs assessed after it that collide with it. Empty when it holds, or when
   * the RFC is not standing on an assessment.
   */
  async staleReasonsOf(scope: DbScope, actor: Actor, rfcs: readonly Rfc[]): Promise<string[][]> {
    authorize(actor, "reading RFCs", "READER");
    return scope.readTransaction(async (tx) => {
      const out: string[][] = [];
      for (const rfc of rfcs) out.push(staleReasons(await stalenessOf(tx, rfc)));
      return out;
    });
  }

  async calendar(scope: DbScope, actor: Actor, from: Date, to: Date): Promise<ChangeCalendar> {
    authorize(actor, "reading the change calendar", "READER");
    checkPeriod(from, to);
    const states = RFC_STATES.filter((s) => !["DRAFT", "CANCELLED", "REJECTED"].includes(s));
    return scope.readTransaction(async (tx) => {
      const changes = await listChangeCalendar(tx, from, to, states, MAX_CALENDAR + 1);
      return {
        from,
        to,
        changes: changes.slice(0, MAX_CALENDAR),
        freezeWindows: await listFreezeWindows(tx, from, to),
        truncated: changes.length > MAX_CALENDAR,
      };
    });
  }

  /** EMERGENCY RFCs carried out longer ago than the policy allows, still without a retrospective. */
  async retrospectivesOverdue(scope: DbScope, actor: Actor, now = new Date()): Promise<Rfc[]> {
    authorize(actor, "reading RFCs", "READER");
    const before = new Date(now.getTime() - this.policy.retrospectiveDueHours * 3_600_000);
    return scope.readTransaction((tx) => listRetrospectivesOverdue(tx, before));
  }

  async standardChanges(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[] | null = null,
  ): Promise<StandardChange[]> {
    authorize(actor, "reading standard changes", "READER");
    return scope.readTransaction((tx) => listStandardChanges(tx, ids));
  }

  async freezeWindows(scope: DbScope, actor: Actor, from: Date, to: Date): Promise<FreezeWindow[]> {
    authorize(actor, "reading freeze windows", "READER");
    checkPeriod(from, to);
    return scope.readTransaction((tx) => listFreezeWindows(tx, from, to));
  }

  // ---------------------------------------------------------------- drafting

  async create(
    scope: DbScope,
    actor: Actor,
    input: Record<string, unknown>,
    opts: { releaseId?: string } = {},
  ): Promise<Rfc> {
    authorize(actor, "raising an RFC", "REQUESTER");
    const parsed = parseRfcContent(input);
    throwIfInvalid(parsed.issues);
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const content = await this.resolve(tx, parsed.content as NonNullable<typeof parsed.content>);
      const now = new Date(meta.now);
      const draft: Rfc = {
        ...content.content,
        id: randomUUID(),
        number: await nextSequenceValue(tx, "rfc"),
        requester: actor.user,
        requestedAt: now,
        state: "DRAFT",
        revision: 1,
        updatedAt: now,
        touchedCiIds: content.touchedCiIds,
        assessment: null,
        implementation: null,
        attemptedAt: null,
        failureReason: null,
        windowOverride: null,
        review: null,
        closedFrom: null,
        retrospective: null,
        releaseId: opts.releaseId ?? null,
      };
      const created = await createRfc(tx, draft);
      await this.record(tx, meta, created, null, [event(created, "CREATED", null, "DRAFT", null)]);
      return created;
    });
  }

  /** Rewrites a DRAFT's content whole (the requester's, or an ADMIN's), at the revision read. */
  async update(
    scope: DbScope,
    actor: Actor,
    id: string,
    revision: number,
    input: Record<string, unknown>,
  ): Promise<Rfc> {
    const parsed = parseRfcContent(input);
    return this.transition(scope, actor, id, "edit", null, async (tx, rfc) => {
      if (rfc.revision !== revision) {
        throw new ConflictError(
          `${rfcName(rfc)} is at revision ${String(rfc.revision)}, not ${String(revision)}: it changed since it was read`,
          { expectedRevision: revision, currentRevision: rfc.revision },
        );
      }
      throwIfInvalid(parsed.issues);
      const content = await this.resolve(tx, parsed.content as NonNullable<typeof parsed.content>);
      return {
        rfc: { ...rfc, ...content.content, touchedCiIds: content.touchedCiIds },
        events: [event(rfc, "EDITED", null, null, null)],
      };
    });
  }

  async submit(scope: DbScope, actor: Actor, id: string): Promise<Rfc> {
    return this.transition(scope, actor, id, "submit", null, (_tx, rfc) => {
      const c = new IssueCollector(rfcName(rfc));
      if (rfc.affectedCiIds.length === 0 && rfc.operations.length === 0) {
        c.add("affectedCiKeys", [], "an RFC names the CIs it affects or the operations it makes");
      }
      if (rfc.type !== "STANDARD" && rfc.operations.length > 0 && rfc.backOutPlan === null) {
        c.add("backOutPlan", null, "a change that writes the CMDB needs a back-out plan");
      }
      throwIfInvalid(c.issues);
      return Promise.resolve({ rfc: { ...rfc, state: "SUBMITTED" as const }, events: [] });
    });
  }

  async comment(scope: DbScope, actor: Actor, id: string, text: string): Promise<RfcEvent> {
    authorize(actor, "commenting on an RFC", "READER");
    const body = requiredText("text", text, 4000);
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const rfc = await lockRfc(tx, id);
      if (!rfc) throw new NotFoundError("RFC", id);
      const e = event(rfc, "COMMENT", null, null, body);
      await recordRfcEvents(tx, [e], meta);
      await recordAuditEntries(tx, [rfcAudit("COMMENT", rfc, rfc, { comment: body })], meta);
      const [written] = (await listRfcEvents(tx, [rfc.id])).filter((x) => x.id === e.id);
      return written as RfcEvent;
    });
  }

  async cancel(scope: DbScope, actor: Actor, id: string, reason: string): Promise<Rfc> {
    const why = requiredText("reason", reason, 4000);
    return this.transition(scope, actor, id, "cancel", why, cancelled);
  }

  /**
   * Cancels the open RFCs that deploy a release being cancelled, in the caller's transaction (the
   * release's), each with a reason naming the release and audited like any cancel. Whoever may
   * cancel the release may cancel its deployment RFCs; other RFCs linked to it are left alone.
   */
  async cancelForRelease(
    tx: DbTransaction,
    actor: Actor,
    release: { id: string; name: string; version: string },
    rfcIds: readonly string[],
  ): Promise<Rfc[]> {
    const why = `release ${release.name} ${release.version} was cancelled`;
    const meta = writeMeta(actor, why);
    const open = (await findRfcsByIds(tx, rfcIds)).filter(
      (r) => r.releaseId === release.id && allowedFrom("cancel", r.type).includes(r.state),
    );
    const done: Rfc[] = [];
    for (const rfc of open) {
      done.push(
        await this.transitionInTx(tx, actor, rfc.id, "cancel", why, meta, cancelled, {
          permitted: true,
        }),
      );
    }
    return done;
  }

  // ---------------------------------------------------------------- assessment and approval

  /**
   * Walks the impact of the RFC on the graph as it is now, for its planned window (given here or
   * on the RFC; a NORMAL or STANDARD change needs one), stores it with the revisions it saw, and
   * computes the risk and the approvals needed. A STANDARD RFC inside its template is APPROVED at once. Approvals given on an earlier
   * assessment no longer count. An APPROVED or SCHEDULED RFC is assessed again only when the graph
   * under its assessment moved or it is given another window.
   */
  async assess(scope: DbScope, actor: Actor, id: string, window: ScheduleInput = {}): Promise<Rfc> {
    const planned = checkWindow(window);
    return this.transition(scope, actor, id, "assess", null, async (tx, current, meta) => {
      const rfc = planned ? { ...current, ...planned } : current;
      if (rfc.type !== "EMERGENCY" && (!rfc.plannedStart || !rfc.plannedEnd)) {
        throw new ValidationError(
          "plannedStart",
          window.plannedStart ?? null,
          `${rfcName(rfc)} is a ${rfc.type} change and has no planned window: give plannedStart and plannedEnd (here or on the RFC); it is assessed, approved and scheduled for that window`,
        );
      }
      if (current.state === "APPROVED" || current.state === "SCHEDULED") {
        const previous = current.assessment as Assessment;
        if (!isStale(await stalenessOf(tx, current)) && sameWindow(previous, rfc)) {
          throw new ConflictError(
            `${rfcName(rfc)} is ${rfc.state} and nothing moved under its assessment ${String(previous.number)}, nor did a later RFC collide with it: assessing it again would only void its approvals`,
            { state: rfc.state },
          );
        }
      }
      const assessment = await this.assessment(tx, rfc, actor, meta);
      const fit = assessment.standardChange;
      const inside = fit?.inside === true;
      const state: RfcState = inside ? "APPROVED" : "ASSESSED";
      const summary = `risk ${String(assessment.risk.score)} (${assessment.risk.level}), ${String(assessment.impacted.length)} CI(s) impacted, ${String(assessment.requiredApprovals)} approval(s) needed`;
      const events = [event(rfc, "ASSESSED", null, null, summary, assessment.number)];
      if (fit?.inside) {
        events.push(
          event(
            rfc,
            "APPROVED",
            null,
            null,
            `pre-approved: inside standard change ${fit.templateName} (revision ${String(fit.templateRevision)})`,
            assessment.number,
          ),
        );
      }
      return { rfc: { ...rfc, state, assessment }, events };
    });
  }

  async approve(scope: DbScope, actor: Actor, id: string, comment: string | null): Promise<Rfc> {
    const note = optionalText("comment", comment, 4000);
    return this.transition(scope, actor, id, "approve", note, async (tx, rfc) => {
      const assessment = rfc.assessment as Assessment;
      const events = await listRfcEvents(tx, [rfc.id]);
      // whoever wrote the RFC's content is not independent of it either
      if (
        events.some((e) => (e.kind === "CREATED" || e.kind === "EDITED") && e.actor === actor.user)
      ) {
        throw new ForbiddenError(
          `${actor.user} wrote the content of ${rfcName(rfc)} and cannot approve it`,
          { user: actor.user },
        );
      }
      await refuseIfStale(tx, rfc, "approved");
      const approvers = new Set(
        events
          .filter((e) => e.kind === "APPROVED" && e.assessment === assessment.number)
          .map((e) => e.actor),
      );
      if (approvers.has(actor.user)) {
        throw new ConflictError(
          `${actor.user} already approved ${rfcName(rfc)} on its assessment ${String(assessment.number)}`,
        );
      }
      approvers.add(actor.user);
      const done = approvers.size >= assessment.requiredApprovals;
      return {
        rfc: { ...rfc, state: done ? ("APPROVED" as const) : rfc.state },
        events: [event(rfc, "APPROVED", null, null, note, assessment.number)],
      };
    });
  }

  async reject(scope: DbScope, actor: Actor, id: string, comment: string): Promise<Rfc> {
    const why = requiredText("comment", comment, 4000);
    return this.transition(scope, actor, id, "reject", why, (_tx, rfc) => {
      return Promise.resolve({
        rfc: { ...rfc, state: "REJECTED" as const },
        events: [event(rfc, "REJECTED", null, null, why, rfc.assessment?.number ?? null)],
      });
    });
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * Schedules the RFC for the window it was assessed for (the risk counted its collisions and
   * freeze windows); another window needs a new assessment. A freeze window blocks it unless
   * EMERGENCY.
   */
  async schedule(scope: DbScope, actor: Actor, id: string, input: ScheduleInput): Promise<Rfc> {
    const asked = checkWindow(input);
    return this.transition(scope, actor, id, "schedule", null, async (tx, rfc) => {
      const assessment = rfc.assessment as Assessment;
      const start = assessment.plannedStart;
      const end = assessment.plannedEnd;
      if (!start || !end) {
        throw new ValidationError(
          "plannedStart",
          input.plannedStart ?? null,
          `${rfcName(rfc)} was assessed without a planned window: assess it with one (plannedStart and plannedEnd), then schedule`,
        );
      }
      if (asked && !sameWindow(assessment, asked)) {
        throw new ConflictError(
          `${rfcName(rfc)} was assessed for ${start.toISOString()} – ${end.toISOString()}; to schedule it for ${asked.plannedStart.toISOString()} – ${asked.plannedEnd.toISOString()}, assess it again for that window (collisions and freeze windows count in its risk)`,
          { assessedStart: start, assessedEnd: end },
        );
      }
      await refuseIfStale(tx, rfc, "scheduled");
      const freezes = await this.refuseInFreeze(tx, rfc, assessment, "scheduled");
      return {
        rfc: { ...rfc, state: "SCHEDULED" as const, plannedStart: start, plannedEnd: end },
        events: [],
        note:
          freezes.length > 0
            ? `EMERGENCY inside freeze window(s) ${freezes.map((f) => f.name).join(", ")}`
            : null,
      };
    });
  }

  // ---------------------------------------------------------------- implementation

  /**
   * Applies the operations to the CMDB in one transaction, each CI version and relationship
   * stamped with the RFC, keeping a before-image of each. If any fails, nothing is written to the
   * CMDB and the RFC is FAILED with the reason (in a transaction of its own). Only inside the
   * RFC's planned window, unless EMERGENCY or an ADMIN overrides the window with a reason.
   */
  async implement(
    scope: DbScope,
    actor: Actor,
    id: string,
    opts: { forRelease?: string; windowOverride?: { reason: string } | null } = {},
  ): Promise<Rfc> {
    const overrideReason = opts.windowOverride
      ? requiredText("windowOverride.reason", opts.windowOverride.reason, 2000)
      : null;
    if (overrideReason !== null) {
      authorize(actor, "implementing an RFC outside its window", "ADMIN");
    }
    let override: WindowOverride | null = null;
    try {
      return await this.transition(
        scope,
        actor,
        id,
        "implement",
        overrideReason,
        async (tx, rfc, meta) => {
          if (rfc.releaseId !== null && opts.forRelease !== rfc.releaseId) {
            throw new ConflictError(
              `${rfcName(rfc)} deploys a release: it is implemented by deployRelease, behind the release's gates`,
              { releaseId: rfc.releaseId },
            );
          }
          override = windowOverrideFor(rfc, actor, new Date(meta.now), overrideReason);
          const assessment = rfc.assessment as Assessment;
          // hold the whole impact set while checking it and writing: nothing under the assessment
          // can move between the check and the commit
          await lockCisByIds(tx, Object.keys(assessment.revisions));
          await refuseIfStale(tx, rfc, "implemented");
          await this.refuseInFreeze(tx, rfc, assessment, "implemented");
          const { catalogue } = await loadCatalogue(tx);
          const images = await applyOperations(tx, catalogue, rfc.operations, {
            ...meta,
            rfcId: rfc.id,
            reason: clip(`${rfcName(rfc)}: ${rfc.title}`),
          });
          this.catalogue.forget();
          const at = new Date(meta.now);
          return {
            rfc: {
              ...rfc,
              state: "IMPLEMENTED" as const,
              implementation: { at, by: actor.user, images: await withRelRevisions(tx, images) },
              attemptedAt: at,
              failureReason: null,
              windowOverride: override,
            },
            events: overrideEvents(rfc, override),
          };
        },
      );
    } catch (e) {
      if (!(e instanceof OperationFailed)) throw e;
      const reason = e.message.length > 4000 ? `${e.message.slice(0, 3999)}…` : e.message;
      const used: WindowOverride | null = override;
      return this.transition(scope, actor, id, "implement", reason, (_tx, rfc, meta) =>
        Promise.resolve({
          rfc: {
            ...rfc,
            state: "FAILED" as const,
            attemptedAt: new Date(meta.now),
            failureReason: reason,
            windowOverride: used,
          },
          events: overrideEvents(rfc, used),
        }),
      );
    }
  }

  /** Freeze windows over the RFC's window and services; refuses unless EMERGENCY. */
  private async refuseInFreeze(
    tx: DbTransaction,
    rfc: Rfc,
    assessment: Assessment,
    what: string,
  ): Promise<FreezeWindow[]> {
    if (!rfc.plannedStart || !rfc.plannedEnd) return [];
    const freezes = await freezesHit(tx, rfc.plannedStart, rfc.plannedEnd, assessment);
    if (freezes.length > 0 && rfc.type !== "EMERGENCY") {
      throw new ConflictError(
        `${rfcName(rfc)} cannot be ${what} from ${rfc.plannedStart.toISOString()} to ${rfc.plannedEnd.toISOString()}: it falls in freeze window(s) ${freezes.map((f) => `${f.name} (${f.start.toISOString()} – ${f.end.toISOString()})`).join(", ")}; only an EMERGENCY change may`,
        { freezeWindows: freezes.map((f) => f.id) },
      );
    }
    return freezes;
  }

  /** Restores the before-images in one transaction; refuses, listing them, on later changes. */
  async backOut(scope: DbScope, actor: Actor, id: string, reason: string): Promise<Rfc> {
    const why = requiredText("reason", reason, 4000);
    return this.transition(scope, actor, id, "backOut", why, async (tx, rfc, meta) => {
      const { catalogue } = await loadCatalogue(tx);
      await backOutImages(tx, catalogue, rfc.implementation?.images ?? [], {
        ...meta,
        rfcId: rfc.id,
        reason: `back-out of ${rfcName(rfc)}: ${why}`,
      });
      return { rfc: { ...rfc, state: "BACKED_OUT" as const }, events: [] };
    });
  }

  /** Closes the RFC with its post-implementation review. */
  async close(
    scope: DbScope,
    actor: Actor,
    id: string,
    review: { outcome: string; notes: string },
  ): Promise<Rfc> {
    if (!REVIEW_OUTCOMES.includes(review.outcome as ReviewOutcome)) {
      throw new ValidationError(
        "review.outcome",
        review.outcome,
        `must be one of ${REVIEW_OUTCOMES.join(", ")}`,
      );
    }
    const notes = requiredText("review.notes", review.notes, 20_000);
    return this.transition(scope, actor, id, "close", notes, (_tx, rfc, meta) => {
      return Promise.resolve({
        rfc: {
          ...rfc,
          state: "CLOSED" as const,
          closedFrom: rfc.state,
          review: {
            at: new Date(meta.now),
            by: actor.user,
            outcome: review.outcome as ReviewOutcome,
            notes,
          },
        },
        events: [],
      });
    });
  }

  /** Records the retrospective review an EMERGENCY change owes once carried out. */
  async recordRetrospective(scope: DbScope, actor: Actor, id: string, notes: string): Promise<Rfc> {
    const text = requiredText("notes", notes, 20_000);
    return this.transition(scope, actor, id, "recordRetrospective", null, (_tx, rfc, meta) => {
      if (rfc.type !== "EMERGENCY") {
        throw new ValidationError(
          "id",
          id,
          `${rfcName(rfc)} is ${rfc.type}; only EMERGENCY changes get a retrospective`,
        );
      }
      if (rfc.retrospective) {
        throw new ConflictError(`${rfcName(rfc)} already has its retrospective review`);
      }
      return Promise.resolve({
        rfc: { ...rfc, retrospective: { at: new Date(meta.now), by: actor.user, notes: text } },
        events: [event(rfc, "RETROSPECTIVE", null, null, text)],
      });
    });
  }

  // ---------------------------------------------------------------- standard changes, freezes

  async defineStandardChange(
    scope: DbScope,
    actor: Actor,
    input: Record<string, unknown> & { revision?: number | null },
  ): Promise<StandardChange> {
    authorize(actor, "defining a standard change", "ADMIN");
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      const parsed = parseStandardChange(input, catalogue);
      throwIfInvalid(parsed.issues);
      const template = parsed.template as NonNullable<typeof parsed.template>;
      const before = await lockStandardChange(tx, template.name);
      const revision = input.revision ?? null;
      if (before && revision !== before.revision) {
        throw new ConflictError(
          `standard change ${template.name} is at revision ${String(before.revision)}; name it to change the template`,
          { currentRevision: before.revision, expectedRevision: revision },
        );
      }
      if (!before && revision !== null) {
        throw new NotFoundError("standard change", template.name);
      }
      const saved = await saveStandardChange(tx, randomUUID(), { ...template }, meta);
      await recordAuditEntries(
        tx,
        [
          {
            operation: before ? "REDEFINE" : "DEFINE",
            targetType: "STANDARD_CHANGE",
            targetId: saved.id,
            targetKey: saved.name,
            before,
            after: saved,
          },
        ],
        meta,
      );
      return saved;
    });
  }

  async defineFreezeWindow(
    scope: DbScope,
    actor: Actor,
    input: {
      name: string;
      reason?: string | null;
      start: Date;
      end: Date;
      businessServiceKeys?: readonly string[] | null;
    },
  ): Promise<FreezeWindow> {
    authorize(actor, "defining a freeze window", "ADMIN");
    const name = requiredText("name", input.name, 200);
    const reason = optionalText("reason", input.reason ?? null, 4000);
    checkPeriod(input.start, input.end, ["start", "end"]);
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction(async (tx) => {
      const keys = [...new Set(input.businessServiceKeys ?? [])];
      const services = keys.length ? await findCisByKeys(tx, keys) : [];
      const { catalogue } = await loadCatalogue(tx);
      for (const key of keys) {
        const s = services.find((c) => c.key === key);
        if (!s) throw new ValidationError("businessServiceKeys", key, "no CI has this key");
        if (!catalogue.isA(s.type, BUSINESS_SERVICE)) {
          throw new ValidationError(
            "businessServiceKeys",
            key,
            `is a ${s.type}, not a ${BUSINESS_SERVICE}`,
          );
        }
      }
      const window = await createFreezeWindow(
        tx,
        {
          id: randomUUID(),
          name,
          reason,
          start: input.start,
          end: input.end,
          serviceIds: services.map((s) => s.id),
        },
        meta,
      );
      await recordAuditEntries(
        tx,
        [
          {
            operation: "DEFINE",
            targetType: "FREEZE_WINDOW",
            targetId: window.id,
            targetKey: window.name,
            before: null,
            after: window,
          },
        ],
        meta,
      );
      return window;
    });
  }

  async liftFreezeWindow(scope: DbScope, actor: Actor, id: string): Promise<FreezeWindow> {
    authorize(actor, "lifting a freeze window", "ADMIN");
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const ended = await endFreezeWindow(tx, id, meta);
      if (!ended) throw new NotFoundError("freeze window", id);
      const { window } = ended;
      if (ended.wasLifted) {
        throw new ConflictError(
          `freeze window ${window.name} was already lifted (by ${window.liftedBy ?? "?"} at ${window.liftedAt?.toISOString() ?? "?"})`,
        );
      }
      await recordAuditEntries(
        tx,
        [
          {
            operation: "LIFT",
            targetType: "FREEZE_WINDOW",
            targetId: window.id,
            targetKey: window.name,
            before: { ...window, liftedAt: null, liftedBy: null },
            after: window,
          },
        ],
        meta,
      );
      return window;
    });
  }

  // ---------------------------------------------------------------- internals

  /**
   * One transition: locks the RFC, checks the action against its state, lets `work` check the
   * role and build the new state, then saves it with its events and audit entry, all in one
   * transaction.
   */
  private async transition(
    scope: DbScope,
    actor: Actor,
    id: string,
    action: RfcAction,
    note: string | null,
    work: TransitionWork,
  ): Promise<Rfc> {
    authorize(actor, "changing an RFC", "READER");
    // the full note goes to the RFC's history; the audit trail and CI versions keep its start
    const meta = writeMeta(actor, note === null ? null : clip(note));
    return scope.writeTransaction((tx) =>
      this.transitionInTx(tx, actor, id, action, note, meta, work),
    );
  }

  /** A transition in the caller's transaction; `permitted`: the caller authorised the actor. */
  private async transitionInTx(
    tx: DbTransaction,
    actor: Actor,
    id: string,
    action: RfcAction,
    note: string | null,
    meta: WriteMeta,
    work: TransitionWork,
    opts: { permitted?: boolean } = {},
  ): Promise<Rfc> {
    const before = await lockRfc(tx, id);
    if (!before) throw new NotFoundError("RFC", id);
    if (opts.permitted !== true) permit(action, actor, before);
    checkTransition(before, action);
    const done = await work(tx, before, meta);
    const saved = await saveRfc(tx, { ...done.rfc, updatedAt: new Date(meta.now) });
    const all = [...done.events];
    if (saved.state !== before.state) {
      all.push(event(saved, "TRANSITION", before.state, saved.state, done.note ?? note));
    }
    await this.record(tx, meta, saved, before, all, action);
    return saved;
  }

  private async record(
    tx: DbTransaction,
    meta: WriteMeta,
    after: Rfc,
    before: Rfc | null,
    events: NewRfcEvent[],
    action: string = "create",
  ): Promise<void> {
    await recordRfcEvents(tx, events, meta);
    await recordAuditEntries(tx, [rfcAudit(action.toUpperCase(), before, after, null)], meta);
  }

  private async resolve(
    tx: DbTransaction,
    parsed: NonNullable<ReturnType<typeof parseRfcContent>["content"]>,
  ): Promise<{ content: RfcContent; touchedCiIds: string[] }> {
    const { catalogue } = await loadCatalogue(tx);
    const resolved = await resolveContent(tx, catalogue, parsed);
    const issues = [...resolved.issues];
    if (parsed.standardChangeId !== null) {
      const [template] = await listStandardChanges(tx, [parsed.standardChangeId]);
      if (!template) {
        issues.push({
          subject: null,
          field: "standardChangeId",
          value: parsed.standardChangeId,
          rule: "no standard change has this id",
        });
      }
    }
    throwIfInvalid(issues);
    const { affectedCiKeys: _keys, operations: _ops, ...rest } = parsed;
    return {
      content: { ...rest, affectedCiIds: resolved.affectedCiIds, operations: resolved.operations },
      touchedCiIds: resolved.touched.map((c) => c.id),
    };
  }

  private async assessment(
    tx: DbTransaction,
    rfc: Rfc,
    actor: Actor,
    meta: WriteMeta,
  ): Promise<Assessment> {
    const roots = rfc.touchedCiIds.length ? await findCisByIds(tx, rfc.touchedCiIds) : [];
    const report = roots.length
      ? await this.impact.analyseInTx(tx, {
          ciIds: roots.map((r) => r.id),
          direction: "DEPENDENTS",
        })
      : null;
    const { catalogue } = await this.catalogue.readForAnalysis(tx);
    const isService = (type: string): boolean =>
      catalogue.ciType(BUSINESS_SERVICE) !== undefined && catalogue.isA(type, BUSINESS_SERVICE);
    const item = (i: {
      id: string;
      key: string;
      type: string;
      criticality: number | null;
      distance: number;
      level: AssessedItem["level"];
    }): AssessedItem => ({
      id: i.id,
      key: i.key,
      type: i.type,
      criticality: i.criticality,
      distance: i.distance,
      level: i.level,
    });
    const impacted = (report?.impacted ?? []).map((i) => item(i));
    // the walk gives keys; risk reasons name the services people know by name
    const hit = report?.businessServices ?? [];
    const names = new Map(
      (hit.length
        ? await findCisByIds(
            tx,
            hit.map((s) => s.id),
          )
        : []
      ).map((c) => [c.id, c.name]),
    );
    const businessServices = [
      ...roots
        .filter((r) => isService(r.type))
        .map((r) => ({ ...item({ ...r, distance: 0, level: "DOWN" }), name: r.name })),
      ...hit.map((s) => ({ ...item(s), name: names.get(s.id) ?? s.key })),
    ];
    const setIds = [...new Set([...roots.map((r) => r.id), ...impacted.map((i) => i.id)])];
    const revisions: Record<string, CiRevisions> = {};
    for (const [id, r] of await readCiRevisions(tx, setIds)) revisions[id] = r.revisions;
    // as if already assessed (SUBMITTED counts as open): the RFCs its new impact set collides with
    const draft: Rfc = { ...rfc, state: "ASSESSED", assessment: { revisions } as Assessment };
    const collisions = (await collisionsAmong(tx, [draft])).get(rfc.id) ?? [];
    const freezes =
      rfc.plannedStart && rfc.plannedEnd
        ? await freezesHit(tx, rfc.plannedStart, rfc.plannedEnd, { businessServices })
        : [];
    const failures = await findFailedRfcsOnCis(tx, rfc.id, rfc.touchedCiIds);
    const risk = assessRisk({
      type: rfc.type,
      operationKinds: rfc.operations.map((o) => o.kind),
      businessServices,
      impactedCount: impacted.length,
      truncated: report?.truncated ?? false,
      earlierFailures: failures.map((n) => rfcName({ number: n })),
      collisions: collisions.map((c) => rfcName(c.rfc)),
      freezeWindows: freezes.map((f) => f.name),
    });
    let standardChange: Assessment["standardChange"] = null;
    if (rfc.standardChangeId !== null) {
      const [template] = await listStandardChanges(tx, [rfc.standardChangeId]);
      if (template) {
        const touched = [
          ...roots.filter((r) => rfc.touchedCiIds.includes(r.id)).map(keyAndType),
          ...rfc.operations.flatMap((o) =>
            o.kind === "CREATE_CI" ? [{ key: String(o.ci.key), type: String(o.ci.type) }] : [],
          ),
        ];
        const reasons = standardChangeMisfits(template, catalogue, rfc.operations, touched, {
          impacted,
          businessServices,
          truncated: report?.truncated ?? false,
        });
        // a template its requester last wrote cannot pre-approve their change
        if (template.updatedBy === rfc.requester) {
          reasons.push(
            `${rfc.requester} last defined this template and requested this change: it cannot pre-approve itself`,
          );
        }
        standardChange = {
          templateId: template.id,
          templateName: template.name,
          templateRevision: template.revision,
          inside: reasons.length === 0,
          reasons,
        };
      }
    }
    return {
      number: (rfc.assessment?.number ?? 0) + 1,
      at: new Date(meta.now),
      by: actor.user,
      roots: roots.map((r) => ({ id: r.id, key: r.key })),
      impacted,
      businessServices,
      truncated: report?.truncated ?? false,
      revisions,
      plannedStart: rfc.plannedStart,
      plannedEnd: rfc.plannedEnd,
      risk,
      requiredApprovals: requiredApprovals(risk.score, rfc.type, this.policy.approvalThresholds),
      standardChange,
      collidingRfcIds: collisions.map((c) => c.rfc.id),
    };
  }
}

function keyAndType(ci: ConfigurationItem): { key: string; type: string } {
  return { key: ci.key, type: ci.type };
}

async function collisionsAmong(
  tx: DbTransaction,
  rfcs: readonly Rfc[],
): Promise<Map<string, Collision[]>> {
  const rows = rfcs.flatMap((rfc) =>
    OPEN_STATES.includes(rfc.state) && rfc.plannedStart && rfc.plannedEnd && rfc.assessment
      ? [
          {
            id: rfc.id,
            start: rfc.plannedStart,
            end: rfc.plannedEnd,
            impactIds: Object.keys(rfc.assessment.revisions),
          },
        ]
      : [],
  );
  return findCollidingRfcs(tx, rows, OPEN_STATES);
}

/** Freeze windows overlapping the period that apply: to every change, or to a service it hits. */
async function freezesHit(
  tx: DbTransaction,
  start: Date,
  end: Date,
  assessment: { businessServices: readonly AssessedItem[] },
): Promise<FreezeWindow[]> {
  const hit = new Set(assessment.businessServices.map((s) => s.id));
  return (await listFreezeWindows(tx, start, end)).filter(
    (f) => f.serviceIds.length === 0 || f.serviceIds.some((id) => hit.has(id)),
  );
}

/** What a transition does to the RFC it locked: its new state, events, and a note to record. */
type TransitionWork = (
  tx: DbTransaction,
  rfc: Rfc,
  meta: WriteMeta,
) => Promise<{ rfc: Rfc; events: NewRfcEvent[]; note?: string | null }>;

const cancelled: TransitionWork = (_tx, rfc) =>
  Promise.resolve({ rfc: { ...rfc, state: "CANCELLED" as const }, events: [] });

/** Why an assessment no longer holds. */
interface Staleness {
  readonly assessment: Assessment;
  /** CIs under it that moved since: another revision, relationships, or gone. */
  readonly moved: MovedCi[];
  /** Open RFCs that collide with it and that its risk does not count (assessed after it). */
  readonly collisions: Collision[];
}

/** The staleness of the RFC's latest assessment; null when it does not stand on one. */
async function stalenessOf(tx: DbTransaction, rfc: Rfc): Promise<Staleness | null> {
  const assessment = rfc.assessment;
  if (assessment === null || !ASSESSED_STATES.includes(rfc.state)) return null;
  const collisions = (await collisionsAmong(tx, [rfc])).get(rfc.id) ?? [];
  return {
    assessment,
    moved: await movedUnder(tx, assessment),
    collisions: collisions.filter((c) => !counted(assessment, c.rfc)),
  };
}

/** Whether the assessment counted a collision with `other` (older ones: it was assessed before). */
function counted(assessment: Assessment, other: Rfc): boolean {
  if (assessment.collidingRfcIds) return assessment.collidingRfcIds.includes(other.id);
  return other.assessment !== null && other.assessment.at <= assessment.at;
}

function isStale(s: Staleness | null): boolean {
  return s !== null && (s.moved.length > 0 || s.collisions.length > 0);
}

/** One line per reason: each CI or relationship that moved, each RFC that collides since. */
function staleReasons(s: Staleness | null): string[] {
  if (s === null) return [];
  return [...movedLines(s.moved), ...s.collisions.map(collisionLine)];
}

function movedLines(moved: readonly MovedCi[]): string[] {
  const lines = moved.flatMap((c) => {
    if (c.now === null) return [`CI ${c.id} no longer exists`];
    const out: string[] = [];
    if (c.now !== c.assessed) {
      out.push(
        `CI ${c.key ?? c.id} is at revision ${String(c.now)} (assessed at ${String(c.assessed)})`,
      );
    }
    if (c.relationshipsChanged) {
      out.push(
        ...(c.relationships.length
          ? c.relationships.map(
              (r) => `${r.fromKey} ${r.type} ${r.toKey} was ${r.removed ? "removed" : "added"}`,
            )
          : [`relationships at CI ${c.key ?? c.id} were added or removed`]),
      );
    }
    return out;
  });
  return [...new Set(lines)];
}

function collisionLine(c: Collision): string {
  return `${rfcName(c.rfc)} collides with it, assessed after it (window ${windowText(c.rfc)}, ${String(c.sharedCount)} CI(s) shared)`;
}

/**
 * Refuses to go on when the assessment went stale: a CI or relationship under it moved since it
 * was made, or an RFC assessed after it collides with it (its risk does not count the collision).
 */
async function refuseIfStale(tx: DbTransaction, rfc: Rfc, what: string): Promise<void> {
  const s = await stalenessOf(tx, rfc);
  if (s === null || !isStale(s)) return;
  const { assessment } = s;
  const parts: string[] = [];
  if (s.moved.length > 0) {
    const listed = movedLines(s.moved);
    parts.push(
      `the graph under its assessment ${String(assessment.number)} changed since ${assessment.at.toISOString()} (${listed.slice(0, 10).join("; ")}${listed.length > 10 ? "; …" : ""})`,
    );
  }
  if (s.collisions.length > 0) {
    parts.push(
      `its assessment ${String(assessment.number)} does not count a collision: ${s.collisions.map(collisionLine).join("; ")}`,
    );
  }
  throw new ConflictError(
    `${rfcName(rfc)} cannot be ${what}: ${parts.join("; and ")}; assess it again`,
    {
      staleAssessment: assessment.number,
      moved: s.moved,
      collidingRfcs: s.collisions.map((c) => rfcName(c.rfc)),
    },
  );
}

/**
 * Who may take each action: the requester (holding REQUESTER) or a role; or a role, never the
 * requester (`verb` says what the requester may not do).
 */
const WHO: Record<RfcAction, { requesterOr: Role } | { role: Role; notRequester?: string }> = {
  edit: { requesterOr: "ADMIN" },
  submit: { requesterOr: "ADMIN" },
  assess: { requesterOr: "APPROVER" },
  schedule: { requesterOr: "APPROVER" },
  cancel: { requesterOr: "APPROVER" },
  close: { requesterOr: "APPROVER" },
  approve: { role: "APPROVER", notRequester: "approve" },
  reject: { role: "APPROVER", notRequester: "reject" },
  recordRetrospective: { role: "APPROVER", notRequester: "review" },
  implement: { role: "EDITOR" },
  backOut: { role: "EDITOR" },
};

/** Checked before the state, so that a role that may not act is refused in every state. */
function permit(action: RfcAction, actor: Actor, rfc: Rfc): void {
  const who = WHO[action];
  const operation = `'${action}' on an RFC`;
  if ("requesterOr" in who) {
    requesterOr(actor, rfc, operation, who.requesterOr);
    return;
  }
  if (who.notRequester) notTheRequester(actor, rfc, who.notRequester);
  authorize(actor, operation, who.role);
}

/** The requester can never approve, reject or review their own RFC, whatever their roles. */
function notTheRequester(actor: Actor, rfc: Rfc, verb: string): void {
  if (actor.user === rfc.requester) {
    throw new ForbiddenError(
      `${actor.user} requested ${rfcName(rfc)} and cannot ${verb} it, whatever their roles`,
      { user: actor.user, requester: rfc.requester },
    );
  }
}

/** The RFC's requester (holding REQUESTER), or someone holding one of `roles`. */
function requesterOr(actor: Actor, rfc: Rfc, operation: string, ...roles: Role[]): void {
  if (actor.user === rfc.requester && hasAnyRole(actor.roles, ["REQUESTER"])) return;
  authorize(actor, `${operation} (${rfcName(rfc)} is ${rfc.requester}'s)`, ...roles);
}

function event(
  rfc: Rfc,
  kind: RfcEventKind,
  fromState: RfcState | null,
  toState: RfcState | null,
  text: string | null,
  assessment: number | null = null,
): NewRfcEvent {
  return { id: randomUUID(), rfcId: rfc.id, kind, fromState, toState, text, assessment };
}

/** An RFC in the audit trail: its state and content, the assessment summarised. */
function rfcAudit(
  operation: string,
  before: Rfc | null,
  after: Rfc,
  extra: Record<string, unknown> | null,
): AuditRecord {
  return {
    operation: `RFC_${operation}`,
    targetType: "RFC",
    targetId: after.id,
    targetKey: rfcName(after),
    before: before ? auditView(before) : null,
    after: { ...auditView(after), ...extra },
  };
}

function auditView(rfc: Rfc): Record<string, unknown> {
  const { assessment, implementation, ...rest } = rfc;
  return {
    ...rest,
    assessment: assessment
      ? {
          number: assessment.number,
          impacted: assessment.impacted.length,
          businessServices: assessment.businessServices.map((s) => s.key),
          risk: assessment.risk.score,
          requiredApprovals: assessment.requiredApprovals,
        }
      : null,
    implementation,
  };
}

/** A note as the audit trail and CI versions keep it (their reason is at most 2000 characters). */
function clip(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

/**
 * The window rule of an implementation: refused outside the RFC's window unless an ADMIN gave a
 * reason to override it (the override is then returned, to be kept); an override where the rule
 * does not apply is refused too, so that none is recorded for nothing.
 */
function windowOverrideFor(
  rfc: Rfc,
  actor: Actor,
  now: Date,
  reason: string | null,
): WindowOverride | null {
  const outside = outsideWindow(rfc, now);
  if (outside === null) {
    if (reason !== null) {
      throw new ValidationError(
        "windowOverride",
        { reason },
        rfc.type === "EMERGENCY"
          ? `${rfcName(rfc)} is EMERGENCY: it may be implemented at any time, without an override`
          : `${rfcName(rfc)} is inside its window (${windowText(rfc)}): it needs no override`,
      );
    }
    return null;
  }
  const window = `${outside.plannedStart.toISOString()} – ${outside.plannedEnd.toISOString()}`;
  if (reason === null) {
    throw new ConflictError(
      `${rfcName(rfc)} may be implemented only inside its window ${window}; it is now ${now.toISOString()} (${now < outside.plannedStart ? "too early" : "too late"}: assess and schedule it for another window, or an ADMIN overrides the window with a reason)`,
      { plannedStart: outside.plannedStart, plannedEnd: outside.plannedEnd, now },
    );
  }
  return { at: now, by: actor.user, reason, ...outside };
}

function overrideEvents(rfc: Rfc, override: WindowOverride | null): NewRfcEvent[] {
  if (override === null) return [];
  const text = `implemented at ${override.at.toISOString()}, outside its window ${override.plannedStart.toISOString()} – ${override.plannedEnd.toISOString()}, by ${override.by}'s override: ${override.reason}`;
  return [event(rfc, "WINDOW_OVERRIDE", null, null, text)];
}

function windowText(rfc: { plannedStart: Date | null; plannedEnd: Date | null }): string {
  return `${rfc.plannedStart?.toISOString() ?? "none"} – ${rfc.plannedEnd?.toISOString() ?? "none"}`;
}

/** A planned window given with an action: both ends or neither, the end after the start. */
function checkWindow(input: ScheduleInput): { plannedStart: Date; plannedEnd: Date } | null {
  const start = input.plannedStart ?? null;
  const end = input.plannedEnd ?? null;
  if (start === null && end === null) return null;
  if (start === null)
    throw new ValidationError("plannedStart", null, "a planned window has both a start and an end");
  if (end === null)
    throw new ValidationError("plannedEnd", null, "a planned window has both a start and an end");
  if (end <= start)
    throw new ValidationError("plannedEnd", end.toISOString(), "must be after plannedStart");
  return { plannedStart: start, plannedEnd: end };
}

function sameWindow(
  a: { plannedStart: Date | null; plannedEnd: Date | null },
  b: { plannedStart: Date | null; plannedEnd: Date | null },
): boolean {
  return (
    (a.plannedStart?.getTime() ?? null) === (b.plannedStart?.getTime() ?? null) &&
    (a.plannedEnd?.getTime() ?? null) === (b.plannedEnd?.getTime() ?? null)
  );
}

/** The CIs under an assessment that moved since: another revision, relationships, or gone. */
async function movedUnder(tx: DbTransaction, assessment: Assessment): Promise<MovedCi[]> {
  return findChangesSinceAssessment(tx, assessment.revisions, assessment.at, LISTED_MOVES);
}

/** Records, on each CI's last image, its relationship revision as the implementation left it. */
async function withRelRevisions(
  tx: DbTransaction,
  images: readonly BeforeImage[],
): Promise<BeforeImage[]> {
  const ids = [...new Set(images.flatMap((i) => (i.kind === "CI" ? [i.ciId] : [])))];
  const now = await readCiRevisions(tx, ids);
  const last = new Map<string, number>();
  images.forEach((i, index) => {
    if (i.kind === "CI") last.set(i.ciId, index);
  });
  return images.map((i, index) =>
    i.kind === "CI" && last.get(i.ciId) === index
      ? { ...i, relRevisionAfter: now.get(i.ciId)?.revisions[1] ?? 0 }
      : i,
  );
}

function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = optionalText(field, value ?? null, max);
  if (text === null) throw new ValidationError(field, value, "is required");
  return text;
}

function optionalText(field: string, value: string | null, max: number): string | null {
  const text = value?.trim() ?? "";
  if (text.length > max) {
    throw new ValidationError(field, value, `must be at most ${String(max)} characters`);
  }
  return text.length ? text : null;
}

function checkPeriod(from: Date, to: Date, names: [string, string] = ["from", "to"]): void {
  const [f, t] = names;
  if (Number.isNaN(from.getTime())) throw new ValidationError(f, from, "must be a date");
  if (Number.isNaN(to.getTime())) throw new ValidationError(t, to, "must be a date");
  if (to <= from) throw new ValidationError(t, to.toISOString(), `must be after ${f}`);
  if (to.getTime() - from.getTime() > 5 * 366 * 86_400_000) {
    throw new ValidationError(t, to.toISOString(), "a period is at most five years");
  }
}

function encodeRfcCursor(number: number): string {
  return Buffer.from(`r:${String(number)}`, "utf8").toString("base64url");
}

function decodeRfcCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const n = text.startsWith("r:") ? Number(text.slice(2)) : NaN;
  if (!Number.isInteger(n))
    throw new ValidationError("after", cursor, "is not a cursor this API gave");
  return n;
}
