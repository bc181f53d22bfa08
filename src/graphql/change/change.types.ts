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
import { PageInfoType } from "../ci/configuration-item.resolver.js";
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

@ObjectType("RfcOperation", { description: "One change to the CMDB an RFC proposes." })
export class RfcOperationType {
  @Field(() => RfcOperationKind)
  kind: RfcOperation["kind"];

  @Field(() => String, { nullable: true, description: "The CI updated or retired." })
  ciKey: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "CREATE_CI: the new CI's fields." })
  ci: Record<string, unknown> | null;

  @Field(() => JSONScalar, { nullable: true, description: "UPDATE_CI: the fields changed." })
  changes: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true, description: "The revision an update was written against." })
  revision: number | null;

  @Field(() => String, { nullable: true })
  fromKey: string | null;

  @Field(() => String, { nullable: true })
  toKey: string | null;

  @Field(() => String, { nullable: true, description: "The relationship type." })
  type: string | null;

  @Field(() => String, { nullable: true })
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
  @Field(() => ID)
  id: string;

  @Field(() => String)
  key: string;

  @Field(() => String)
  type: string;

  @Field(() => Int, { nullable: true })
  criticality: number | null;

  @Field(() => Int, { description: "Hops from the nearest CI the RFC touches (0: touched)." })
  distance: number;

  @Field(() => ImpactLevel)
  level: AssessedItem["level"];
}

@ObjectType("RiskReason")
export class RiskReasonType {
  @Field(() => RiskFactor)
  factor: string;

  @Field(() => Int)
  points: number;

  @Field(() => String)
  detail: string;
}

@ObjectType("RiskAssessment")
export class RiskAssessmentType {
  @Field(() => Int, { description: "0 … 100." })
  score: number;

  @Field(() => RiskLevel)
  level: string;

  @Field(() => [RiskReasonType], { description: "Every factor that added points, largest first." })
  reasons: RiskReasonType[];
}

@ObjectType("StandardChangeFit", {
  description: "Whether a STANDARD RFC stays inside its template.",
})
export class StandardChangeFitType {
  @Field(() => ID)
  templateId: string;

  @Field(() => String)
  templateName: string;

  @Field(() => Boolean)
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

  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => [String], { description: "The keys of the CIs the walk started from." })
  rootKeys: string[];

  @Field(() => [AssessedItemType])
  impacted: AssessedItemType[];

  @Field(() => [AssessedItemType], { description: "By criticality, then distance." })
  businessServices: AssessedItemType[];

  @Field(() => Boolean, { description: "The walk reached its node cap." })
  truncated: boolean;

  @Field(() => RiskAssessmentType)
  risk: RiskAssessmentType;

  @Field(() => Int)
  requiredApprovals: number;

  @Field(() => StandardChangeFitType, { nullable: true })
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
  @Field(() => RfcOperationKind)
  operation: string;

  @Field(() => String, { nullable: true })
  ciKey: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "The CI's fields before (null when created).",
  })
  before: Record<string, unknown> | null;

  @Field(() => Int, { nullable: true, description: "The revision the implementation left." })
  revisionAfter: number | null;

  @Field(() => String, { nullable: true })
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

@ObjectType("RfcImplementation")
export class RfcImplementationType {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => [BeforeImageType])
  beforeImages: BeforeImageType[];
}

@ObjectType("RfcWindowOverride", {
  description: "An ADMIN had the change implemented outside its window: who, when, why.",
})
export class RfcWindowOverrideType {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => String)
  reason: string;

  @Field(() => Date, { description: "The window it was implemented outside of." })
  plannedStart: Date;

  @Field(() => Date)
  plannedEnd: Date;
}

@ObjectType("RfcReview", { description: "The post-implementation review an RFC is closed with." })
export class RfcReviewType {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => ReviewOutcome)
  outcome: string;

  @Field(() => String)
  notes: string;
}

@ObjectType("RetrospectiveReview", { description: "The review an EMERGENCY change owes." })
export class RetrospectiveType {
  @Field(() => Date)
  at: Date;

  @Field(() => String)
  by: string;

  @Field(() => String)
  notes: string;
}

@ObjectType("RfcEvent", { description: "One line of an RFC's history; never changed." })
export class RfcEventType {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  at: Date;

  @Field(() => String)
  actor: string;

  @Field(() => RfcEventKind)
  kind: RfcEvent["kind"];

  @Field(() => RfcState, { nullable: true })
  fromState: string | null;

  @Field(() => RfcState, { nullable: true })
  toState: string | null;

  @Field(() => String, { nullable: true, description: "A comment, a reason, a summary." })
  text: string | null;

  @Field(() => Int, { nullable: true, description: "The assessment an approval was given on." })
  assessment: number | null;
}

@ObjectType("Rfc", { description: "A request for change, from draft to closed." })
export class RequestForChangeType {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  number: number;

  @Field(() => String, { description: "RFC-<number>." })
  name: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => RfcPriority)
  priority: string;

  @Field(() => RfcType)
  type: string;

  @Field(() => RfcState)
  state: string;

  @Field(() => String, { description: "Who raised it." })
  requester: string;

  @Field(() => Date)
  requestedAt: Date;

  @Field(() => Date)
  updatedAt: Date;

  @Field(() => Int, { description: "Name it to edit a draft; a stale one is a CONFLICT." })
  revision: number;

  @Field(() => ID, { nullable: true })
  standardChangeId: string | null;

  @Field(() => [RfcOperationType])
  operations: RfcOperationType[];

  @Field(() => Date, { nullable: true })
  plannedStart: Date | null;

  @Field(() => Date, { nullable: true })
  plannedEnd: Date | null;

  @Field(() => String, { nullable: true })
  backOutPlan: string | null;

  @Field(() => String, { nullable: true, description: "The risk as the requester states it." })
  risk: string | null;

  @Field(() => String, { nullable: true, description: "The impact as the requester states it." })
  impact: string | null;

  @Field(() => String, { nullable: true })
  benefit: string | null;

  @Field(() => RfcAssessmentType, { nullable: true, description: "The latest assessment." })
  assessment: RfcAssessmentType | null;

  @Field(() => RfcImplementationType, { nullable: true })
  implementation: RfcImplementationType | null;

  @Field(() => String, { nullable: true, description: "Why the implementation FAILED." })
  failureReason: string | null;

  @Field(() => RfcWindowOverrideType, {
    nullable: true,
    description: "Set when an ADMIN had it implemented outside its window.",
  })
  windowOverride: RfcWindowOverrideType | null;

  @Field(() => RfcReviewType, { nullable: true })
  review: RfcReviewType | null;

  @Field(() => RetrospectiveType, { nullable: true })
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
  @Field(() => RequestForChangeType)
  rfc: RequestForChangeType;

  @Field(() => Int, { description: "How many CIs the two impact sets share." })
  sharedCount: number;

  /** Up to 100 of the shared CIs' ids (resolved to CIs by `shared`). */
  sharedIds: string[];
}

@ObjectType("RfcConnection")
export class RfcConnectionType {
  @Field(() => [RequestForChangeType])
  nodes: RequestForChangeType[];

  @Field(() => PageInfoType)
  pageInfo: PageInfoType;
}

@ObjectType("StandardChange", { description: "A pre-approved change template (ADMIN-defined)." })
export class StandardChangeType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [RfcOperationKind])
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

  @Field(() => Int)
  revision: number;

  @Field(() => String)
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export function toStandardChangeType(s: StandardChange): StandardChangeType {
  return { ...s };
}

@ObjectType("FreezeWindow", {
  description: "A period in which only EMERGENCY changes may be scheduled (ADMIN-defined).",
})
export class FreezeWindowType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => Date)
  start: Date;

  @Field(() => Date)
  end: Date;

  /** The business services it protects (empty: every change). */
  serviceIds: string[];

  @Field(() => String)
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  liftedAt: Date | null;
}

export function toFreezeWindowType(f: FreezeWindow): FreezeWindowType {
  return { ...f };
}

@ObjectType("ChangeCalendar", { description: "What changes when, and when nothing may." })
export class ChangeCalendarType {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => [RequestForChangeType], {
    description: "RFCs with a planned window in the period, by start.",
  })
  changes: RequestForChangeType[];

  @Field(() => [FreezeWindowType])
  freezeWindows: FreezeWindowType[];

  @Field(() => Boolean, { description: "More than 1000 RFCs: the first 1000 are listed." })
  truncated: boolean;
}
