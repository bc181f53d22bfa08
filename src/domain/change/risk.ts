import type { ImpactLevel } from "../impact/impact-level.js";
import type { RfcOperationKind, RfcType } from "./rfc-kinds.js";

export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_FACTORS = [
  "BUSINESS_SERVICE",
  "OTHER_SERVICES",
  "BLAST_RADIUS",
  "CHANGE_TYPE",
  "DESTRUCTIVE_OPERATIONS",
  "EARLIER_FAILURES",
  "COLLISIONS",
  "FREEZE_WINDOW",
  "TRUNCATED",
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export interface RiskReason {
  readonly factor: RiskFactor;
  readonly points: number;
  readonly detail: string;
}

export interface RiskAssessment {
  /** 0 (none) … 100. */
  readonly score: number;
  readonly level: RiskLevel;
  /** Every factor that added points, largest first. */
  readonly reasons: RiskReason[];
}

export interface RiskInput {
  readonly type: RfcType;
  readonly operationKinds: readonly RfcOperationKind[];
  readonly businessServices: readonly {
    key: string;
    /** When no name is known, the key stands in. */
    name?: string;
    criticality: number | null;
    level: ImpactLevel;
    distance: number;
  }[];
  readonly impactedCount: number;
  readonly truncated: boolean;
  /** Earlier RFCs on the same CIs that FAILED or were BACKED_OUT (their names). */
  readonly earlierFailures: readonly string[];
  /** Open RFCs whose windows overlap and whose impact sets intersect this one's (their names). */
  readonly collisions: readonly string[];
  /** Freeze windows the planned window falls in (their names). */
  readonly freezeWindows: readonly string[];
}

/** Points for the most critical business service hit, by criticality (1 … 4) and level. */
const SERVICE_POINTS: Record<number, Record<ImpactLevel, number>> = {
  1: { DOWN: 40, DEGRADED: 25, AT_RISK: 15 },
  2: { DOWN: 30, DEGRADED: 18, AT_RISK: 10 },
  3: { DOWN: 15, DEGRADED: 8, AT_RISK: 5 },
  4: { DOWN: 5, DEGRADED: 3, AT_RISK: 2 },
};
/** A business service without a criticality counts as the least critical. */
const UNRATED = 4;

const TYPE_POINTS: Record<RfcType, number> = { STANDARD: 0, NORMAL: 5, EMERGENCY: 15 };

export const LEVEL_FLOORS: Record<RiskLevel, number> = { LOW: 0, MEDIUM: 30, HIGH: 60 };

/**
 * The risk of a change from what its assessment found: each factor adds points (capped per
 * factor), the total is capped at 100, and every factor that counted is given as a reason.
 */
export function assessRisk(input: RiskInput): RiskAssessment {
  const reasons: RiskReason[] = [];
  const add = (factor: RiskFactor, points: number, detail: string): void => {
    if (points > 0) reasons.push({ factor, points, detail });
  };

  const ranked = [...input.businessServices]
    .map((s) => ({ ...s, points: SERVICE_POINTS[s.criticality ?? UNRATED]?.[s.level] ?? 0 }))
    .sort((a, b) => b.points - a.points || a.key.localeCompare(b.key));
  const [top, ...others] = ranked;
  if (top) {
    const criticality = top.criticality === null ? "unrated" : String(top.criticality);
    const who =
      top.name === undefined
        ? `${top.key} (criticality ${criticality})`
        : `${top.name} (${top.key}, criticality ${criticality})`;
    add(
      "BUSINESS_SERVICE",
      top.points,
      `business service ${who} ${top.level} at distance ${String(top.distance)}`,
    );
  }
  if (others.length > 0) {
    add(
      "OTHER_SERVICES",
      Math.min(10, 2 * others.length),
      `${String(others.length)} more business service(s) hit: ${others
        .slice(0, 5)
        .map((s) => (s.name === undefined ? s.key : `${s.name} (${s.key})`))
        .join(", ")}${others.length > 5 ? ", …" : ""}`,
    );
  }
  add(
    "BLAST_RADIUS",
    blastRadiusPoints(input.impactedCount),
    `${String(input.impactedCount)} CI(s) impacted`,
  );
  add("CHANGE_TYPE", TYPE_POINTS[input.type], `${input.type} change`);
  const destructive = input.operationKinds.filter(
    (k) => k === "RETIRE_CI" || k === "REMOVE_RELATIONSHIP",
  ).length;
  add(
    "DESTRUCTIVE_OPERATIONS",
    Math.min(10, 5 * destructive),
    `${String(destructive)} operation(s) retire a CI or remove a relationship`,
  );
  add(
    "EARLIER_FAILURES",
    Math.min(20, 10 * input.earlierFailures.length),
    `earlier changes on the same CIs failed or were backed out: ${input.earlierFailures.join(", ")}`,
  );
  add(
    "COLLISIONS",
    Math.min(20, 10 * input.collisions.length),
    `collides with ${input.collisions.join(", ")}`,
  );
  add(
    "FREEZE_WINDOW",
    input.freezeWindows.length > 0 ? 15 : 0,
    `planned inside freeze window(s) ${input.freezeWindows.join(", ")}`,
  );
  add(
    "TRUNCATED",
    input.truncated ? 10 : 0,
    "the impact walk reached its node cap: the impact may be larger than listed",
  );

  reasons.sort((a, b) => b.points - a.points);
  const score = Math.min(
    100,
    reasons.reduce((sum, r) => sum + r.points, 0),
  );
  return { score, level: riskLevel(score), reasons };
}

/** 0 for nothing, then 5 per order of magnitude of impacted CIs (1–9: 5, 10–99: 10, …), up to 20. */
export function blastRadiusPoints(impacted: number): number {
  if (impacted <= 0) return 0;
  return Math.min(20, 5 * (Math.floor(Math.log10(impacted)) + 1));
}

export function riskLevel(score: number): RiskLevel {
  if (score >= LEVEL_FLOORS.HIGH) return "HIGH";
  if (score >= LEVEL_FLOORS.MEDIUM) return "MEDIUM";
  return "LOW";
}
