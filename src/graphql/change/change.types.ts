import { Field, ID, Int, ObjectType } from "type-graphql";
import type {
  AssessedItem,
  Assessment,
  BeforeImage,
  Rfc,
  RfcEvent,
  RfcOperation,
} from "../../domain/change/rfc.js";
import type { StandardChange } from "../../domain/change/standard-change.js";
import type { FreezeWindow } from "../../neo4j/change.repository.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import { ImpactLevel } from "../impact/impact.types.js";
import { JSONScalar } from "../scalars.js";
import {
  ReviewOutcome,
  RfcEventKind,
  RfcOperationKind,
  RfcPriority,
  RfcState,
  RfcType,
  RiskFactor,
  RiskLevel,
} from "./change.enums.js";
import { NodeInterface } from "../relay/node.js";

@ObjectType("RfcOperation", { description: "One change to the CMDB an RFC proposes." })
export class RfcOperationType {
  @Field(() => RfcOperationKind, { description: "What it does; it says which fields are set." })
  kind: RfcOperation["kind"];

  @Field(() => String, { nullable: true, description: "The CI updated or retired." })
  ciKey: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "CREATE_CI: the new CI's fields." })
  ci: Record<string, unknown> | null;

  @Field(() => JSONScalar, { nullable: true, description: "UPDATE_CI: the fields changed." })
  changes: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true, description: "The revision an update was written against." })
  revision: number | null;

  @Field(() => String, {
    nullable: true,
    description: "ADD_RELATIONSHIP, REMOVE_RELATIONSHIP: the source CI's key.",
  })
  fromKey: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ADD_RELATIONSHIP, REMOVE_RELATIONSHIP: the target CI's key.",
  })
  toKey: string | null;

  @Field(() => String, { nullable: true, description: "The relationship type." })
  type: string | null;

  @Field(() => String, {
    nullable: true,
    description: "REMOVE_RELATIONSHIP: the id of the relationship it ends.",
  })
  relationshipId: string | null;
}

export function toOperationType(op: RfcOperation): RfcOperationType {
  const base = {
    kind: op.kind,
    ciKey: null,
    ci: null,
    changes: null,
    revision: null,
    fromKey: null,
    toKey: null,
    type: null,
    relationshipId: null,
  };
  switch (op.kind) {
    case "CREATE_CI":
      return { ...base, ci: { ...op.ci }, ciKey: typeof op.ci.key === "string" ? op.ci.key : null };
    case "UPDATE_CI":
      return { ...base, ciKey: op.ciKey, changes: { ...op.changes }, revision: op.revision };
    case "RETIRE_CI":
      return { ...base, ciKey: op.ciKey, revision: op.revision };
    case "ADD_RELATIONSHIP":
      return { ...base, fromKey: op.fromKey, toKey: op.toKey, type: op.type };
    case "REMOVE_RELATIONSHIP":
      return {
        ...base,
        fromKey: op.fromKey,
        toKey: op.toKey,
        type: op.type,
        relationshipId: op.relationshipId,
      };
  }
}

@ObjectType("AssessedConfigurationItem", { description: "A CI in an assessment's impact." })
export class AssessedItemType {
  @Field(() => ID, { description: "The CI's id." })
  id: string;

  @Field(() => String, { description: "Its key when assessed." })
  key: string;

  @Field(() => String, { description: "Its CI type when assessed." })
  type: string;

  @Field(() => Int, {
    nullable: true,
    description: "Its criticality when assessed, 1 = most critical … 4 (null: unrated).",
  })
  criticality: number | null;

  @Field(() => Int, { description: "Hops from the nearest CI the RFC touches (0: touched)." })
  distance: number;

  @Field(() => ImpactLevel, { description: "How badly the change hits it." })
  level: AssessedItem["level"];
}

@ObjectType("RiskReason", { description: "One factor that added to a risk score, and why." })
export class RiskReasonType {
  @Field(() => RiskFactor, { description: "Which factor." })
  factor: string;

  @Field(() => Int, { description: "The points it added (more than 0)." })
  points: number;

  @Field(() => String, {
    description:
      "What it found, in words (e.g. business service Online Checkout (checkout-svc, criticality 1) DOWN at distance 2).",
  })
  detail: string;
}

@ObjectType("RiskAssessment", {
  description: "The risk of an RFC as its assessment scored it: each factor adds points.",
})
export class RiskAssessmentType {
  @Field(() => Int, { description: "0 … 100: the factors' points added up, capped at 100." })
  score: number;

  @Field(() => RiskLevel, {
    description: "The score's band; the approvals needed follow the score.",
  })
  level: string;

  @Field(() => [RiskReasonType], { description: "Every factor that added points, largest first." })
  reasons: RiskReasonType[];
}

@ObjectType("StandardChangeFit", {
  description: "Whether a STANDARD RFC stays inside its template.",
})
export class StandardChangeFitType {
  @Field(() => ID, { description: "The template's id." })
  templateId: string;

  @Field(() => String, { description: "The template's name." })
  templateName: string;

  @Field(() => Boolean, {
    description:
      "True when the operations and impact stay inside the template: the RFC was APPROVED on assessment.",
  })
  inside: boolean;

  @Field(() => [String], { description: "Why it is outside (empty when inside)." })
  reasons: string[];
}

@ObjectType("RfcAssessment", {
  description: "The impact of an RFC on the graph when assessed, its risk, the approvals needed.",
})
export class RfcAssessmentType {
  @Field(() => Int, { description: "1 for the first assessment, then 2 …" })
  number: number;

  @Field(() => Date, { description: "When it was made." })
  at: Date;

  @Field(() => String, { description: "The user who asked for it." })
  by: string;

  @Field(() => [String], { description: "The keys of the CIs the walk started from." })
  rootKeys: string[];

  @Field(() => [AssessedItemType], {
    description:
      "Every CI the impact walk reached from the CIs the RFC touches (DEPENDENTS, the server's depth cap), nearest first.",
  })
  impacted: AssessedItemType[];

  @Field(() => [AssessedItemType], { description: "By criticality, then distance." })
  businessServices: AssessedItemType[];

  @Field(() => Boolean, { description: "The walk reached its node cap." })
  truncated: boolean;

  @Field(() => RiskAssessmentType, { description: "The risk it scored, with its reasons." })
  risk: RiskAssessmentType;

  @Field(() => Int, {
    description:
      "How many distinct APPROVERs must approve: by risk score (GRAPH_CMDB_CAB_THRESHOLDS, 30:2,60:3 by default: one below 30); one for EMERGENCY.",
  })
  requiredApprovals: number;

  @Field(() => StandardChangeFitType, {
    nullable: true,
    description: "STANDARD only: whether it stays inside its template (null: not STANDARD).",
  })
  standardChange: StandardChangeFitType | null;
}

export function toAssessmentType(a: Assessment): RfcAssessmentType {
  return {
    number: a.number,
    at: a.at,
    by: a.by,
    rootKeys: a.roots.map((r) => r.key),
    impacted: a.impacted,
    businessServices: a.businessServices,
    truncated: a.truncated,
    risk: a.risk,
    requiredApprovals: a.requiredApprovals,
    standardChange: a.standardChange,
  };
}

@ObjectType("BeforeImage", { description: "What one operation changed, kept for a back-out." })
export class BeforeImageType {
  @Field(() => RfcOperationKind, { description: "The operation it was kept for." })
  operation: string;

  @Field(() => String, {
    nullable: true,
    description: "CI operations: the CI's key (null for relationship operations).",
  })
  ciKey: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The CI's fields before (null when created).",
  })
  before: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true, description: "The revision the implementation left." })
  revisionAfter: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Relationship operations: the relationship added or removed (null for CI operations).",
  })
  relationshipId: string | null;

  @Field(() => String, { nullable: true, description: "A relationship as people read it." })
  relationship: string | null;
}

export function toBeforeImageType(i: BeforeImage): BeforeImageType {
  return i.kind === "CI"
    ? {
        operation: i.operation,
        ciKey: i.ciKey,
        before: i.before ? { ...i.before } : null,
        revisionAfter: i.revisionAfter,
        relationshipId: null,
        relationship: null,
      }
    : {
        operation: i.operation,
        ciKey: null,
        before: null,
        revisionAfter: null,
        relationshipId: i.relationshipId,
        relationship: i.label,
      };
}

@ObjectType("RfcImplementation", {
  description:
    "A successful implementation: who wrote the operations to the CMDB, when, and what they changed.",
})
export class RfcImplementationType {
  @Field(() => Date, { description: "When it was implemented." })
  at: Date;

  @Field(() => String, { description: "The EDITOR who implemented it." })
  by: string;

  @Field(() => [BeforeImageType], {
    description: "One per operation, in order; backOutRfc restores them in reverse.",
  })
  beforeImages: BeforeImageType[];
}

@ObjectType("RfcWindowOverride", {
  description: "An ADMIN had the change implemented outside its window: who, when, why.",
})
export class RfcWindowOverrideType {
  @Field(() => Date, { description: "When it was implemented (or the attempt failed)." })
  at: Date;

  @Field(() => String, { description: "The ADMIN who overrode the window." })
  by: string;

  @Field(() => String, { description: "Why, as the ADMIN gave it." })
  reason: string;

  @Field(() => Date, { description: "The window it was implemented outside of." })
  plannedStart: Date;

  @Field(() => Date, { description: "The end of that window." })
  plannedEnd: Date;
}

@ObjectType("RfcReview", { description: "The post-implementation review an RFC is closed with." })
export class RfcReviewType {
  @Field(() => Date, { description: "When it was closed." })
  at: Date;

  @Field(() => String, { description: "The user who closed it." })
  by: string;

  @Field(() => ReviewOutcome, { description: "How the change went." })
  outcome: string;

  @Field(() => String, { description: "What was found, in words." })
  notes: string;
}

@ObjectType("RetrospectiveReview", { description: "The review an EMERGENCY change owes." })
export class RetrospectiveType {
  @Field(() => Date, { description: "When it was recorded." })
  at: Date;

  @Field(() => String, { description: "The APPROVER who recorded it (never the requester)." })
  by: string;

  @Field(() => String, { description: "What the review found, in words." })
  notes: string;
}

@ObjectType("RfcEvent", { description: "One line of an RFC's history; never changed." })
export class RfcEventType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => Date, { description: "When it happened." })
  at: Date;

  @Field(() => String, { description: "The user who acted." })
  actor: string;

  @Field(() => RfcEventKind, { description: "What happened." })
  kind: RfcEvent["kind"];

  @Field(() => RfcState, {
    nullable: true,
    description: "TRANSITION: the state left (null for other kinds).",
  })
  fromState: string | null;

  @Field(() => RfcState, {
    nullable: true,
    description: "TRANSITION, CREATED: the state reached (null for other kinds).",
  })
  toState: string | null;

  @Field(() => String, { nullable: true, description: "A comment, a reason, a summary." })
  text: string | null;

  @Field(() => Int, { nullable: true, description: "The assessment an approval was given on." })
  assessment: number | null;
}

@ObjectType("Rfc", {
  implements: NodeInterface,
  description: "A request for change, from draft to closed.",
})
export class RequestForChangeType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => Int, { description: "Server-made, from 1 up; names it like its id does." })
  number: number;

  @Field(() => String, { description: "RFC-<number>." })
  name: string;

  @Field(() => String, { description: "What the change is, in a line." })
  title: string;

  @Field(() => String, { nullable: true, description: "What and why, in full (null: not said)." })
  description: string | null;

  @Field(() => RfcPriority, { description: "How urgent the requester says it is." })
  priority: string;

  @Field(() => RfcType, { description: "STANDARD, NORMAL or EMERGENCY: the rules it goes by." })
  type: string;

  @Field(() => RfcState, { description: "Where it is in its workflow." })
  state: string;

  @Field(() => String, { description: "Who raised it." })
  requester: string;

  @Field(() => Date, { description: "When it was raised." })
  requestedAt: Date;

  @Field(() => Date, { description: "When it last changed (content or state)." })
  updatedAt: Date;

  @Field(() => Int, { description: "Name it to edit a draft; a stale one is a CONFLICT." })
  revision: number;

  @Field(() => ID, {
    nullable: true,
    description: "STANDARD: the id of its template (null for other types).",
  })
  standardChangeId: string | null;

  @Field(() => [RfcOperationType], {
    description: "The changes it makes to the CMDB when implemented, in order.",
  })
  operations: RfcOperationType[];

  @Field(() => Date, {
    nullable: true,
    description:
      "The start of its planned window (null: none yet); it is implemented only inside the window unless EMERGENCY or an ADMIN overrides it.",
  })
  plannedStart: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "The end of its planned window (null: none yet).",
  })
  plannedEnd: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "How to undo it, in words (null: none given).",
  })
  backOutPlan: string | null;

  @Field(() => String, { nullable: true, description: "The risk as the requester states it." })
  risk: string | null;

  @Field(() => String, { nullable: true, description: "The impact as the requester states it." })
  impact: string | null;

  @Field(() => String, { nullable: true, description: "What it brings (null: not said)." })
  benefit: string | null;

  @Field(() => RfcAssessmentType, { nullable: true, description: "The latest assessment." })
  assessment: RfcAssessmentType | null;

  @Field(() => RfcImplementationType, {
    nullable: true,
    description: "Its successful implementation (null: not implemented).",
  })
  implementation: RfcImplementationType | null;

  @Field(() => String, { nullable: true, description: "Why the implementation FAILED." })
  failureReason: string | null;

  @Field(() => RfcWindowOverrideType, {
    nullable: true,
    description: "Set when an ADMIN had it implemented outside its window.",
  })
  windowOverride: RfcWindowOverrideType | null;

  @Field(() => RfcReviewType, {
    nullable: true,
    description: "The review it was closed with (null: not CLOSED).",
  })
  review: RfcReviewType | null;

  @Field(() => RetrospectiveType, {
    nullable: true,
    description: "EMERGENCY: its retrospective review (null: none recorded).",
  })
  retrospective: RetrospectiveType | null;

  @Field(() => Boolean, {
    description: "An EMERGENCY change carried out that still lacks its retrospective review.",
  })
  retrospectiveDue: boolean;

  @Field(() => ID, {
    nullable: true,
    description: "The release it deploys: it is implemented by deployRelease, not implementRfc.",
  })
  releaseId: string | null;

  /** The domain RFC, for field resolvers. */
  source: Rfc;
}

export function toRfcType(rfc: Rfc): RequestForChangeType {
  return {
    id: rfc.id,
    number: rfc.number,
    name: `RFC-${String(rfc.number)}`,
    title: rfc.title,
    description: rfc.description,
    priority: rfc.priority,
    type: rfc.type,
    state: rfc.state,
    requester: rfc.requester,
    requestedAt: rfc.requestedAt,
    updatedAt: rfc.updatedAt,
    revision: rfc.revision,
    standardChangeId: rfc.standardChangeId,
    operations: rfc.operations.map(toOperationType),
    plannedStart: rfc.plannedStart,
    plannedEnd: rfc.plannedEnd,
    backOutPlan: rfc.backOutPlan,
    risk: rfc.risk,
    impact: rfc.impact,
    benefit: rfc.benefit,
    assessment: rfc.assessment ? toAssessmentType(rfc.assessment) : null,
    implementation: rfc.implementation
      ? {
          at: rfc.implementation.at,
          by: rfc.implementation.by,
          beforeImages: rfc.implementation.images.map(toBeforeImageType),
        }
      : null,
    failureReason: rfc.failureReason,
    windowOverride: rfc.windowOverride,
    review: rfc.review,
    retrospective: rfc.retrospective,
    retrospectiveDue:
      rfc.type === "EMERGENCY" && rfc.attemptedAt !== null && rfc.retrospective === null,
    releaseId: rfc.releaseId,
    source: rfc,
  };
}

@ObjectType("RfcCollision", {
  description: "Another open RFC whose window overlaps and whose impact shares CIs with this one.",
})
export class RfcCollisionType {
  @Field(() => RequestForChangeType, { description: "The other RFC." })
  rfc: RequestForChangeType;

  @Field(() => Int, { description: "How many CIs the two impact sets share." })
  sharedCount: number;

  /** Up to 100 of the shared CIs' ids (resolved to CIs by `shared`). */
  sharedIds: string[];
}

export const RfcConnectionType = ConnectionType(
  RequestForChangeType,
  "Rfc",
  "RFCs",
  "newest first",
);
export type RfcConnectionType = ConnectionValue<RequestForChangeType>;

@ObjectType("StandardChange", {
  implements: NodeInterface,
  description: "A pre-approved change template (ADMIN-defined).",
})
export class StandardChangeType {
  @Field(() => ID, { description: "Server-made; a STANDARD RFC names it in standardChangeId." })
  id: string;

  @Field(() => String, { description: "Unique among templates; names it like its id does." })
  name: string;

  @Field(() => String, { nullable: true, description: "What it is for (null: not said)." })
  description: string | null;

  @Field(() => [RfcOperationKind], { description: "The operation kinds it allows." })
  operationKinds: string[];

  @Field(() => [String], { description: "CI fields an update may change (empty: any)." })
  updatableFields: string[];

  @Field(() => [String], {
    description: "CIs it may touch, by key (with ciTypes; both empty: any).",
  })
  ciKeys: string[];

  @Field(() => [String], { description: "CI types it may touch (subtypes included)." })
  ciTypes: string[];

  @Field(() => Int, { description: "The most CIs its impact may reach." })
  maxImpacted: number;

  @Field(() => Int, {
    nullable: true,
    description: "The most critical business service it may hit (null: none).",
  })
  maxServiceCriticality: number | null;

  @Field(() => Int, {
    description: "1 when defined, one more with each redefinition; name it to redefine.",
  })
  revision: number;

  @Field(() => String, { description: "The ADMIN who first defined it." })
  createdBy: string;

  @Field(() => Date, { description: "When it was first defined." })
  createdAt: Date;

  @Field(() => Date, { description: "When it was last (re)defined." })
  updatedAt: Date;
}

export function toStandardChangeType(s: StandardChange): StandardChangeType {
  return { ...s };
}

@ObjectType("FreezeWindow", {
  description:
    "A period in which only EMERGENCY changes may be scheduled or implemented: every change, or those whose impact hits its business services (ADMIN-defined).",
})
export class FreezeWindowType {
  @Field(() => ID, { description: "Server-made; names it in liftFreezeWindow." })
  id: string;

  @Field(() => String, { description: "What people call it." })
  name: string;

  @Field(() => String, { nullable: true, description: "Why nothing may change (null: not said)." })
  reason: string | null;

  @Field(() => Date, { description: "When it starts." })
  start: Date;

  @Field(() => Date, { description: "When it ends." })
  end: Date;

  /** The business services it protects (empty: every change). */
  serviceIds: string[];

  @Field(() => String, { description: "The ADMIN who defined it." })
  createdBy: string;

  @Field(() => Date, { description: "When it was defined." })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When an ADMIN lifted it (null: in force); a lifted one blocks nothing.",
  })
  liftedAt: Date | null;
}

export function toFreezeWindowType(f: FreezeWindow): FreezeWindowType {
  return { ...f };
}

@ObjectType("ChangeCalendar", { description: "What changes when, and when nothing may." })
export class ChangeCalendarType {
  @Field(() => Date, { description: "The period's start (included)." })
  from: Date;

  @Field(() => Date, { description: "The period's end (excluded)." })
  to: Date;

  @Field(() => [RequestForChangeType], {
    description:
      "RFCs whose planned window overlaps the period, by start (DRAFT, REJECTED and CANCELLED ones left out).",
  })
  changes: RequestForChangeType[];

  @Field(() => [FreezeWindowType], {
    description: "Freeze windows in force (not lifted) that overlap the period, by start.",
  })
  freezeWindows: FreezeWindowType[];

  @Field(() => Boolean, { description: "More than 1000 RFCs: the first 1000 are listed." })
  truncated: boolean;
}
