import { ConflictError } from "../errors.js";
import type { RfcState, RfcType } from "./rfc.js";

/** What can be done to an RFC; each action is one mutation. */
export type RfcAction =
  | "edit"
  | "submit"
  | "assess"
  | "approve"
  | "reject"
  | "schedule"
  | "implement"
  | "backOut"
  | "close"
  | "cancel"
  | "recordRetrospective";

/**
 * The states each action may start from. `assess` also starts from APPROVED and SCHEDULED (the
 * graph changed under the assessment: the RFC goes back to ASSESSED and needs new approvals).
 * An EMERGENCY RFC may be implemented from APPROVED, without the scheduling step.
 */
const FROM: Record<RfcAction, readonly RfcState[]> = {
  edit: ["DRAFT"],
  submit: ["DRAFT"],
  assess: ["SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED"],
  approve: ["ASSESSED"],
  reject: ["ASSESSED"],
  schedule: ["APPROVED", "SCHEDULED"],
  implement: ["SCHEDULED"],
  backOut: ["IMPLEMENTED"],
  close: ["IMPLEMENTED", "FAILED", "BACKED_OUT"],
  cancel: ["DRAFT", "SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED"],
  recordRetrospective: ["IMPLEMENTED", "FAILED", "BACKED_OUT", "CLOSED"],
};

/** Where an action leads when it completes (approve: APPROVED once enough approvals are in). */
export const TO: Record<RfcAction, RfcState | null> = {
  edit: null,
  submit: "SUBMITTED",
  assess: "ASSESSED",
  approve: "APPROVED",
  reject: "REJECTED",
  schedule: "SCHEDULED",
  implement: "IMPLEMENTED",
  backOut: "BACKED_OUT",
  close: "CLOSED",
  cancel: "CANCELLED",
  recordRetrospective: null,
};

export function allowedFrom(action: RfcAction, type: RfcType): readonly RfcState[] {
  if (action === "implement" && type === "EMERGENCY") return ["APPROVED", "SCHEDULED"];
  return FROM[action];
}

/** Refuses an action the RFC's state does not allow, naming both states. */
export function checkTransition(
  rfc: { number: number; state: RfcState; type: RfcType },
  action: RfcAction,
): void {
  const from = allowedFrom(action, rfc.type);
  if (from.includes(rfc.state)) return;
  const to = TO[action];
  const target = to ? ` to ${to}` : "";
  throw new ConflictError(
    `RFC-${String(rfc.number)} is ${rfc.state}: it cannot ${describe(action)}${target} (only from ${from.join(", ")})`,
    { state: rfc.state, action, to, allowedFrom: from },
  );
}

function describe(action: RfcAction): string {
  switch (action) {
    case "backOut":
      return "be backed out";
    case "recordRetrospective":
      return "get a retrospective review";
    case "edit":
      return "be edited";
    default:
      return `go through '${action}'`;
  }
}
