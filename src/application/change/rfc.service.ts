import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import {
  RFC_STATES,
  RFC_TYPES,
  rfcName,
  type Rfc,
  type RfcContent,
  type RfcEvent,
  type RfcState,
} from "../../domain/change/rfc.js";
import { parseRfcContent } from "../../domain/change/rfc-input.js";
import { allowedFrom } from "../../domain/change/rfc-lifecycle.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { IssueCollector, throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  createRfc,
  findRfcByNumber,
  findRfcsByIds,
  listRfcEvents,
  countRfcs,
  listRfcs,
  listStandardChanges,
  lockRfc,
  nextSequenceValue,
  recordRfcEvents,
  type Collision,
} from "../../neo4j/change.repository.js";
import { findCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { writeMeta } from "../write-meta.js";
import { resolveContent } from "./rfc-operations.js";
import {
  type TransitionWork,
  transition,
  transitionInTx,
  record,
  event,
  rfcAudit,
  requiredText,
} from "./rfc-transition.js";
import { collisionsAmong, stalenessOf, staleReasons } from "./assessment-staleness.js";

const MAX_PAGE = 200;

/** How an RFC is named: its id, or its number (RFC-12 or 12). */
export type RfcReference = { readonly id: string } | { readonly number: number };

export interface RfcFilter {
  readonly states?: readonly string[] | null;
  readonly type?: string | null;
  readonly requester?: string | null;
  readonly ciKey?: string | null;
}

/**
 * RFCs from draft to submission, their reading, comments and cancellation: what every other
 * change use case starts from.
 */
export class RfcService {
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
    page: PageRequest,
  ): Promise<Page<Rfc>> {
    authorize(actor, "reading RFCs", "READER");
    checkPageSize(page.first, MAX_PAGE);
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
    const before =
      page.after === null ? null : (decodeCursor(RFC_LIST, page.after, ["n"])[0] as number);
    const listed = await scope.readTransaction(async (tx) => {
      let ciId: string | null = null;
      if (filter.ciKey) {
        const [ci] = await findCisByKeys(tx, [filter.ciKey]);
        if (!ci) throw new NotFoundError("configuration item", `key ${filter.ciKey}`);
        ciId = ci.id;
      }
      const query = {
        states: states as RfcState[] | null,
        type: filter.type ?? null,
        requester: filter.requester ?? null,
        ciId,
      };
      return { query, rows: await listRfcs(tx, query, { before, limit: page.first + 1 }) };
    });
    return pageFromRows(
      listed.rows,
      page,
      RFC_LIST,
      (r) => [r.number],
      () => scope.readTransaction((tx) => countRfcs(tx, listed.query)),
    );
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

  async create(
    scope: DbScope,
    actor: Actor,
    input: Record<string, unknown>,
    opts: { releaseId?: string } = {},
  ): Promise<Rfc> {
    authorize(actor, "raising an RFC", "REQUESTER");
    return scope.writeTransaction((tx) => this.createWithin(tx, actor, input, opts));
  }

  /**
   * `create` inside a write transaction the caller holds, so that the draft and the caller's
   * own writes commit or roll back together (a retrospective RFC and the change it answers).
   */
  async createWithin(
    tx: DbTransaction,
    actor: Actor,
    input: Record<string, unknown>,
    opts: { releaseId?: string } = {},
  ): Promise<Rfc> {
    authorize(actor, "raising an RFC", "REQUESTER");
    const parsed = parseRfcContent(input);
    throwIfInvalid(parsed.issues);
    const meta = writeMeta(actor, null);
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
    await record(tx, meta, created, null, [event(created, "CREATED", null, "DRAFT", null)]);
    return created;
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
    return transition(scope, actor, id, "edit", null, async (tx, rfc) => {
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
    return transition(scope, actor, id, "submit", null, (_tx, rfc) => {
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
    return transition(scope, actor, id, "cancel", why, cancelled);
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
        await transitionInTx(tx, actor, rfc.id, "cancel", why, meta, cancelled, {
          permitted: true,
        }),
      );
    }
    return done;
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
}

const cancelled: TransitionWork = (_tx, rfc) =>
  Promise.resolve({ rfc: { ...rfc, state: "CANCELLED" as const }, events: [] });

const RFC_LIST = "rfcs";
