import { hasRole, type Me } from "../../api.js";

/** Each action the API has on an RFC (one mutation each; edit is updateRfc). */
export type RfcAction =
  | "edit"
  | "submit"
  | "assess"
  | "approve"
  | "reject"
  | "schedule"
  | "implement"
  | "backOut"
  | "cancel"
  | "close"
  | "retrospective";

export interface RfcForPermissions {
  state: string;
  type: string;
  requester: string;
  releaseId: string | null;
  approvals: { actor: string }[];
  history: { nodes: { actor: string; kind: string }[] };
  staleReasons: string[];
  retrospective?: { by: string } | null;
}

function same(a: string, b: string): boolean {
  return a.trim().normalize("NFKC").toLowerCase() === b.trim().normalize("NFKC").toLowerCase();
}

const OPEN = ["DRAFT", "SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED"];
const CARRIED_OUT = ["IMPLEMENTED", "FAILED", "BACKED_OUT"];

/**
 * What the signed-in user may do to this RFC now, by the server's rules (rfc-transition.ts: the
 * requester holding REQUESTER, or a role; approve, reject and the retrospective never by the
 * requester); the server checks again.
 */
export function actionsFor(me: Me, rfc: RfcForPermissions): RfcAction[] {
  const isRequester = same(me.user, rfc.requester);
  const requester = isRequester && hasRole(me, "REQUESTER");
  const approver = hasRole(me, "APPROVER");
  const editor = hasRole(me, "EDITOR");
  const admin = hasRole(me, "ADMIN");
  // a stale assessment is assessed again before anything else
  const stale = rfc.staleReasons.length > 0;
  const out: RfcAction[] = [];
  if (rfc.state === "DRAFT" && (requester || admin)) out.push("edit", "submit");
  const assessable = ["SUBMITTED", "ASSESSED"].includes(rfc.state) || stale;
  if (assessable && (requester || approver)) out.push("assess");
  if (rfc.state === "ASSESSED" && !isRequester && approver) {
    // the server refuses a second approval, and one from whoever wrote the RFC's content
    const wrote = rfc.history.nodes.some(
      (e) => (e.kind === "CREATED" || e.kind === "EDITED") && same(e.actor, me.user),
    );
    const approved = rfc.approvals.some((x) => same(x.actor, me.user));
    if (!stale && !wrote && !approved) out.push("approve");
    out.push("reject");
  }
  if (!stale) {
    if (rfc.state === "APPROVED" && (requester || approver)) out.push("schedule");
    // a release's RFC is implemented by deploying the release, behind its gates
    const ready =
      rfc.state === "SCHEDULED" || (rfc.state === "APPROVED" && rfc.type === "EMERGENCY");
    if (ready && rfc.releaseId === null && editor) out.push("implement");
  }
  if (rfc.state === "IMPLEMENTED" && editor) out.push("backOut");
  if (CARRIED_OUT.includes(rfc.state) && (requester || approver)) out.push("close");
  if (
    rfc.type === "EMERGENCY" &&
    [...CARRIED_OUT, "CLOSED"].includes(rfc.state) &&
    !rfc.retrospective &&
    !isRequester &&
    approver
  ) {
    out.push("retrospective");
  }
  if (OPEN.includes(rfc.state) && (requester || approver)) out.push("cancel");
  return out;
}
