import type { CiPatch } from "../ci/configuration-item.js";
import type { ImpactLevel } from "../impact/impact-level.js";
import type { RiskAssessment } from "./risk.js";
import { OPERATION_KINDS, type RfcOperationKind, type RfcType } from "./rfc-kinds.js";

export { RFC_TYPES, type RfcType } from "./rfc-kinds.js";

export const RFC_STATES = [
  "DRAFT",
  "SUBMITTED",
  "ASSESSED",
  "APPROVED",
  "REJECTED",
  "SCHEDULED",
  "IMPLEMENTED",
  "FAILED",
  "BACKED_OUT",
  "CLOSED",
  "CANCELLED",
] as const;
export type RfcState = (typeof RFC_STATES)[number];

export const RFC_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type RfcPriority = (typeof RFC_PRIORITIES)[number];

/** States in which an RFC stands on its latest assessment (which can go stale). */
export const ASSESSED_STATES: readonly RfcState[] = ["ASSESSED", "APPROVED", "SCHEDULED"];

/** States in which an RFC is still in play: it can collide with others. */
export const OPEN_STATES: readonly RfcState[] = ["SUBMITTED", "ASSESSED", "APPROVED", "SCHEDULED"];

export const REVIEW_OUTCOMES = ["SUCCESSFUL", "PARTIALLY_SUCCESSFUL", "UNSUCCESSFUL"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** A change an RFC proposes to make to the CMDB; CIs named by key as the requester wrote them. */
export type RfcOperation =
  | { readonly kind: "CREATE_CI"; readonly ci: Readonly<Record<string, unknown>> }
  | {
      readonly kind: "UPDATE_CI";
      readonly ciKey: string;
      readonly ciId: string;
      readonly changes: CiPatch;
      /** The revision the change was written against (null: whatever it is when implemented). */
      readonly revision: number | null;
    }
  | {
      readonly kind: "RETIRE_CI";
      readonly ciKey: string;
      readonly ciId: string;
      readonly revision: number | null;
    }
  | {
      readonly kind: "ADD_RELATIONSHIP";
      readonly fromKey: string;
      readonly toKey: string;
      readonly type: string;
    }
  | {
      readonly kind: "REMOVE_RELATIONSHIP";
      readonly relationshipId: string;
      readonly fromKey: string;
      readonly toKey: string;
      readonly type: string;
    };
export type { RfcOperationKind };
export { OPERATION_KINDS };

/** One step of an explanation path, as an assessment keeps it (the keys of its two CIs). */
export interface AssessedStep {
  readonly from: string;
  readonly to: string;
  readonly relationshipType: string;
  readonly direction: "OUTGOING" | "INCOMING";
}

export interface AssessedItem {
  readonly id: string;
  readonly key: string;
  /** Its name when assessed (kept for business services, which risk reasons name). */
  readonly name?: string;
  readonly type: string;
  readonly criticality: number | null;
  readonly distance: number;
  readonly level: ImpactLevel;
  /** Absent from assessments made before they were kept. */
  readonly reachedThrough?: string[];
  readonly pathSteps?: AssessedStep[];
}

/** How many CIs an assessment found impacted, in all and at each level. */
export interface AssessedCounts {
  readonly total: number;
  readonly down: number;
  readonly degraded: number;
  readonly atRisk: number;
}

export interface StandardChangeFit {
  readonly templateId: string;
  readonly templateName: string;
  /** The template's revision it was checked against. */
  readonly templateRevision: number;
  readonly inside: boolean;
  /** Why the RFC is outside the template (empty when inside). */
  readonly reasons: string[];
}

/** One assessment of an RFC: its impact on the graph then, the risk, the approvals it needs. */
export interface Assessment {
  readonly number: number;
  readonly at: Date;
  readonly by: string;
  /** The CIs the walk started from: affected CIs and the existing targets of the operations. */
  readonly roots: { id: string; key: string }[];
  /**
   * The impacted CIs, while the assessment is made. Stored apart, a page at a time
   * (RfcImpactPage, ADR 014), so a stored assessment has none here unless it was made before
   * that (`counts` absent): `impactedCountOf` and the assessment's pages serve them.
   */
  readonly impacted: AssessedItem[];
  /** Absent from assessments made before the impacted CIs were stored apart. */
  readonly counts?: AssessedCounts;
  readonly businessServices: AssessedItem[];
  readonly truncated: boolean;
  /**
   * For every CI of the impact set (roots included): its revision and its relationship revision
   * when assessed; any other value later means the graph under the assessment moved.
   */
  readonly revisions: Record<string, readonly [revision: number, relRevision: number]>;
  /** The planned window it was assessed for (collisions and freeze windows depend on it). */
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly risk: RiskAssessment;
  readonly requiredApprovals: number;
  readonly standardChange: StandardChangeFit | null;
  /**
   * The RFCs it found colliding with it, counted in its risk (their ids). Another collision,
   * from an RFC assessed after it, makes it stale. Absent from assessments made before it was kept.
   */
  readonly collidingRfcIds?: string[];
}

/** What an implementation changed, so that a back-out can restore it. */
export type BeforeImage =
  | {
      readonly kind: "CI";
      readonly operation: "CREATE_CI" | "UPDATE_CI" | "RETIRE_CI";
      readonly ciId: string;
      readonly ciKey: string;
      /** The CI's stated fields before (null: the implementation created it). */
      readonly before: Readonly<Record<string, unknown>> | null;
      /** The revision the implementation left it at. */
      readonly revisionAfter: number;
      /** Its relationship revision when the implementation ended (set on its last image). */
      readonly relRevisionAfter?: number;
    }
  | {
      readonly kind: "RELATIONSHIP";
      readonly operation: "ADD_RELATIONSHIP" | "REMOVE_RELATIONSHIP";
      readonly relationshipId: string;
      readonly fromId: string;
      readonly toId: string;
      readonly type: string;
      readonly label: string;
    };

export interface Implementation {
  readonly at: Date;
  readonly by: string;
  readonly images: BeforeImage[];
}

/**
 * An ADMIN's leave to implement a change outside the window it was approved and scheduled for:
 * who, when, why, and the window it was implemented outside of.
 */
export interface WindowOverride {
  readonly at: Date;
  readonly by: string;
  readonly reason: string;
  readonly plannedStart: Date;
  readonly plannedEnd: Date;
}

export interface Review {
  readonly at: Date;
  readonly by: string;
  readonly outcome: ReviewOutcome;
  readonly notes: string;
}

export interface Retrospective {
  readonly at: Date;
  readonly by: string;
  readonly notes: string;
}

/** The fields a requester writes (a draft's content). */
export interface RfcContent {
  readonly title: string;
  readonly description: string | null;
  readonly priority: RfcPriority;
  readonly type: RfcType;
  readonly standardChangeId: string | null;
  readonly affectedCiIds: string[];
  readonly operations: RfcOperation[];
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly backOutPlan: string | null;
  readonly risk: string | null;
  readonly impact: string | null;
  readonly benefit: string | null;
}

export interface Rfc extends RfcContent {
  readonly id: string;
  readonly number: number;
  readonly requester: string;
  readonly requestedAt: Date;
  readonly state: RfcState;
  readonly revision: number;
  readonly updatedAt: Date;
  /** The CIs the RFC touches: affected ones and the existing targets of its operations. */
  readonly touchedCiIds: string[];
  readonly assessment: Assessment | null;
  readonly implementation: Implementation | null;
  /** When an implementation was last attempted (it succeeded or failed). */
  readonly attemptedAt: Date | null;
  readonly failureReason: string | null;
  /** Set when an ADMIN had it implemented outside its window (the attempt succeeded or failed). */
  readonly windowOverride: WindowOverride | null;
  readonly review: Review | null;
  /** The release this RFC deploys, if any: it is implemented only through the release's gates. */
  readonly releaseId: string | null;
  /** The state a CLOSED RFC was closed from (IMPLEMENTED, FAILED or BACKED_OUT). */
  readonly closedFrom: RfcState | null;
  readonly retrospective: Retrospective | null;
}

export const EVENT_KINDS = [
  "CREATED",
  "EDITED",
  "TRANSITION",
  "ASSESSED",
  "APPROVED",
  "REJECTED",
  "COMMENT",
  "RETROSPECTIVE",
  "WINDOW_OVERRIDE",
] as const;
export type RfcEventKind = (typeof EVENT_KINDS)[number];

/** One line of an RFC's history (never changed once written). */
export interface RfcEvent {
  readonly id: string;
  readonly rfcId: string;
  readonly at: Date;
  readonly actor: string;
  readonly kind: RfcEventKind;
  readonly fromState: RfcState | null;
  readonly toState: RfcState | null;
  readonly text: string | null;
  /** The assessment an approval or rejection was given on. */
  readonly assessment: number | null;
  /** Its place among the events written in the same transaction (which share `at`). */
  readonly seq: number;
}

export function rfcName(rfc: { number: number }): string {
  return `RFC-${String(rfc.number)}`;
}

/**
 * Whether the RFC may be implemented at `now`: an EMERGENCY change any time, any other only
 * inside its planned window (start and end included). Returns the window it is outside of.
 */
export function outsideWindow(
  rfc: Pick<Rfc, "type" | "plannedStart" | "plannedEnd">,
  now: Date,
): { plannedStart: Date; plannedEnd: Date } | null {
  if (rfc.type === "EMERGENCY" || !rfc.plannedStart || !rfc.plannedEnd) return null;
  const inside = rfc.plannedStart <= now && now <= rfc.plannedEnd;
  return inside ? null : { plannedStart: rfc.plannedStart, plannedEnd: rfc.plannedEnd };
}

/** True when an EMERGENCY RFC has been carried out and still lacks its retrospective review. */
export function retrospectiveDue(rfc: Rfc): boolean {
  return rfc.type === "EMERGENCY" && rfc.attemptedAt !== null && rfc.retrospective === null;
}

/** How many CIs an assessment found impacted, wherever they are kept. */
export function impactedCountOf(a: Pick<Assessment, "impacted" | "counts">): number {
  return a.counts?.total ?? a.impacted.length;
}
