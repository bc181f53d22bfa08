import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import type { AuditRecord } from "../../domain/audit/audit-entry.js";
import {
  impactedCountOf,
  rfcName,
  type Rfc,
  type RfcEventKind,
  type RfcState,
} from "../../domain/change/rfc.js";
import { checkTransition, type RfcAction } from "../../domain/change/rfc-lifecycle.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { hasAnyRole, type Role } from "../../domain/roles.js";
import { sameUser } from "../../domain/user-name.js";
import { hiddenCharacter } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import {
  lockRfc,
  recordRfcEvents,
  saveRfc,
  type NewRfcEvent,
} from "../../neo4j/change.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import { writeMeta } from "../write-meta.js";

/*
 * The one way an RFC changes state: lock it, check who may act and from which state, save it
 * with its history and audit entry, in one transaction. Shared by every change use case.
 */

/** What a transition does to the RFC it locked: its new state, events, and a note to record. */
export type TransitionWork = (
  tx: DbTransaction,
  rfc: Rfc,
  meta: WriteMeta,
) => Promise<{ rfc: Rfc; events: NewRfcEvent[]; note?: string | null }>;

/**
 * One transition: locks the RFC, checks the action against its state, lets `work` check the
 * role and build the new state, then saves it with its events and audit entry, all in one
 * transaction.
 */
export async function transition(
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
  return scope.writeTransaction((tx) => transitionInTx(tx, actor, id, action, note, meta, work));
}

/** A transition in the caller's transaction; `permitted`: the caller authorised the actor. */
export async function transitionInTx(
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
  await record(tx, meta, saved, before, all, action);
  return saved;
}

export async function record(
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

/**
 * The requester can never approve, reject or review their own RFC, whatever their roles: not
 * under their name in other letters, nor through a token they issued under another name.
 */
function notTheRequester(actor: Actor, rfc: Rfc, verb: string): void {
  if (sameUser(actor.user, rfc.requester)) {
    throw new ForbiddenError(
      `${actor.user} requested ${rfcName(rfc)} and cannot ${verb} it, whatever their roles`,
      { user: actor.user, requester: rfc.requester },
    );
  }
  if (sameUser(actor.issuedBy, rfc.requester)) {
    throw new ForbiddenError(
      `${actor.user}'s token was issued by ${String(actor.issuedBy)}, who requested ${rfcName(rfc)}: it cannot ${verb} it`,
      { user: actor.user, issuedBy: actor.issuedBy, requester: rfc.requester },
    );
  }
}

/** The RFC's requester (holding REQUESTER), or someone holding one of `roles`. */
function requesterOr(actor: Actor, rfc: Rfc, operation: string, ...roles: Role[]): void {
  if (sameUser(actor.user, rfc.requester) && hasAnyRole(actor.roles, ["REQUESTER"])) return;
  authorize(actor, `${operation} (${rfcName(rfc)} is ${rfc.requester}'s)`, ...roles);
}

export function event(
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
export function rfcAudit(
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
          impacted: impactedCountOf(assessment),
          businessServices: assessment.businessServices.map((s) => s.key),
          risk: assessment.risk.score,
          requiredApprovals: assessment.requiredApprovals,
        }
      : null,
    implementation,
  };
}

/** A note as the audit trail and CI versions keep it (their reason is at most 2000 characters). */
export function clip(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = optionalText(field, value ?? null, max);
  if (text === null) throw new ValidationError(field, value, "is required");
  return text;
}

export function optionalText(field: string, value: string | null, max: number): string | null {
  const text = value?.trim() ?? "";
  if (text.length > max) {
    throw new ValidationError(field, value, `must be at most ${String(max)} characters`);
  }
  const hidden = hiddenCharacter(text, true);
  if (hidden) throw new ValidationError(field, value, `must not contain ${hidden}`);
  return text.length ? text : null;
}
