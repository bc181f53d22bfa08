import type { RfcType } from "./rfc.js";

/** From which risk score how many approvals are needed; below the first threshold, one. */
export interface ApprovalThreshold {
  readonly minScore: number;
  readonly approvals: number;
}

export const DEFAULT_APPROVAL_THRESHOLDS: readonly ApprovalThreshold[] = [
  { minScore: 30, approvals: 2 },
  { minScore: 60, approvals: 3 },
];

/**
 * Reads thresholds written `score:approvals,score:approvals` (e.g. `30:2,60:3`): scores 0–100
 * ascending, approvals 1–20 not decreasing. Returns the rule broken, or the thresholds.
 */
export function parseApprovalThresholds(text: string): ApprovalThreshold[] | string {
  const out: ApprovalThreshold[] = [];
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,3}):(\d{1,2})$/.exec(part);
    if (!m) return `each threshold is score:approvals, e.g. 30:2 (got "${part}")`;
    const minScore = Number(m[1]);
    const approvals = Number(m[2]);
    if (minScore > 100) return `a score is at most 100 (got ${String(minScore)})`;
    if (approvals < 1 || approvals > 20) return `approvals are 1 to 20 (got ${String(approvals)})`;
    const last = out[out.length - 1];
    if (last && (minScore <= last.minScore || approvals < last.approvals)) {
      return "scores must rise and approvals must not fall from one threshold to the next";
    }
    out.push({ minScore, approvals });
  }
  return out;
}

/** How many distinct approvers an RFC needs: one for an EMERGENCY, else by its risk score. */
export function requiredApprovals(
  score: number,
  type: RfcType,
  thresholds: readonly ApprovalThreshold[],
): number {
  if (type === "EMERGENCY") return 1;
  let needed = 1;
  for (const t of thresholds) if (score >= t.minScore) needed = t.approvals;
  return needed;
}
