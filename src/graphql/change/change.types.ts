import { createUnionType, Field, ID, Int, ObjectType } from "type-graphql";
import { typeResolver } from "../type-resolvers.js";
import type {
  AssessedItem,
  Assessment,
  BeforeImage,
  Rfc,
  RfcEvent,
  RfcOperation,
} from "../../domain/change/rfc.js";
import type { StandardChange } from "../../domain/change/standard-change.js";
import type { CiPatch } from "../../domain/ci/configuration-item.js";
import type { FreezeWindow } from "../../neo4j/change.repository.js";
import { countsOf } from "../../application/change/assessment-impact.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import { Lifecycle } from "../ci/lifecycle.enum.js";
import { ImpactLevel, ImpactLevelCountsType, ImpactPathStepType } from "../impact/impact.types.js";
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
  toUpdatableCiField,
  UPDATABLE_CI_FIELDS,
  UpdatableCiField,
} from "./change.enums.js";
import { NodeInterface } from "../relay/node.js";

@ObjectType("RfcCiFields", {
  description:
    "A CI's stated fields: those a CREATE_CI gives the new CI, or those a before-image kept.",
})
export class RfcCiFieldsType {
  @Field(() => String, { description: "Its key." })
  key: string;

  @Field(() => String, { description: "What people call it." })
  name: string;

  @Field(() => String, { description: "Its CI type." })
  type: string;

  @Field(() => String, { nullable: true, description: "Its version (null: none)." })
  version: string | null;

  @Field(() => String, { nullable: true, description: "Who is accountable for it (null: none)." })
  owner: string | null;

  @Field(() => String, { nullable: true, description: "The team that runs it (null: none)." })
  responsibleTeam: string | null;

  @Field(() => Lifecycle, { description: "Where it stands in its life." })
  lifecycle: string;

  @Field(() => String, { nullable: true, description: "Its environment (null: none)." })
  environment: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Its criticality, 1 = most critical … 4 (null: unrated).",
  })
  criticality: number | null;

  @Field(() => JSONScalar, { description: "Its free attributes, a JSON object." })
  attributes: Record<string, unknown>;
}

function toCiFieldsType(fields: Readonly<Record<string, unknown>>): RfcCiFieldsType {
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return {
    key: String(fields.key),
    name: String(fields.name),
    type: String(fields.type),
    version: text(fields.version),
    owner: text(fields.owner),
    responsibleTeam: text(fields.responsibleTeam),
    lifecycle: text(fields.lifecycle) ?? "PLANNED",
    environment: text(fields.environment),
    criticality: typeof fields.criticality === "number" ? fields.criticality : null,
    attributes:
      typeof fields.attributes === "object" && fields.attributes !== null
        ? { ...(fields.attributes as Record<string, unknown>) }
        : {},
  };
}

@ObjectType("RfcCiChanges", {
  description:
    "The fields an UPDATE_CI changes: those named in `fields` are set to the value beside them (null: cleared); the others are kept.",
})
export class RfcCiChangesType {
  @Field(() => [UpdatableCiField], {
    description: "The fields it sets or clears (ATTRIBUTES: attributes or replaceAttributes).",
  })
  fields: string[];

  @Field(() => String, { nullable: true, description: "KEY: the new key." })
  key: string | null;

  @Field(() => String, { nullable: true, description: "NAME: the new name." })
  name: string | null;

  @Field(() => String, { nullable: true, description: "TYPE: the new CI type." })
  type: string | null;

  @Field(() => String, { nullable: true, description: "VERSION: the new version." })
  version: string | null;

  @Field(() => String, { nullable: true, description: "OWNER: the new owner." })
  owner: string | null;

  @Field(() => String, {
    nullable: true,
    description: "RESPONSIBLE_TEAM: the new responsible team.",
  })
  responsibleTeam: string | null;

  @Field(() => Lifecycle, { nullable: true, description: "LIFECYCLE: the new lifecycle." })
  lifecycle: string | null;

  @Field(() => String, { nullable: true, description: "ENVIRONMENT: the new environment." })
  environment: string | null;

  @Field(() => Int, { nullable: true, description: "CRITICALITY: the new criticality." })
  criticality: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "ATTRIBUTES: a JSON Merge Patch over the attributes (null with replaceAttributes null: every attribute removed).",
  })
  attributes: Record<string, unknown> | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "ATTRIBUTES: the whole new attribute map (null: attributes is a patch).",
  })
  replaceAttributes: Record<string, unknown> | null;
}

function toChangesType(patch: CiPatch): RfcCiChangesType {
  const p = patch as Record<string, unknown>;
  const value = (field: string): never => (p[field] ?? null) as never;
  const named = (f: string): boolean =>
    p[f] !== undefined || (f === "attributes" && p.replaceAttributes !== undefined);
  // in the enum's order, whatever the order the stored patch kept
  const fields = Object.entries(UPDATABLE_CI_FIELDS)
    .filter(([, f]) => named(f))
    .map(([value]) => value);
  return {
    fields,
    key: value("key"),
    name: value("name"),
    type: value("type"),
    version: value("version"),
    owner: value("owner"),
    responsibleTeam: value("responsibleTeam"),
    lifecycle: value("lifecycle"),
    environment: value("environment"),
    criticality: value("criticality"),
    attributes: value("attributes"),
    replaceAttributes: value("replaceAttributes"),
  };
}

/** What every operation type keeps beside its fields: the domain kind, to resolve the union. */
interface OperationKindTag {
  readonly operationKind: RfcOperation["kind"];
}

@ObjectType("RfcCreateCiOperation", { description: "CREATE_CI: creates a CI when implemented." })
export class RfcCreateCiOperationType implements OperationKindTag {
  readonly operationKind = "CREATE_CI" as const;

  @Field(() => RfcCiFieldsType, {
    description: "The new CI's fields (as createCi takes them).",
  })
  fields: RfcCiFieldsType;
}

@ObjectType("RfcUpdateCiOperation", { description: "UPDATE_CI: changes a CI when implemented." })
export class RfcUpdateCiOperationType implements OperationKindTag {
  readonly operationKind = "UPDATE_CI" as const;

  @Field(() => String, { description: "The CI's key when the RFC was written." })
  ci: string;

  @Field(() => Int, {
    nullable: true,
    description: "The revision the change was written against (null: no check).",
  })
  revision: number | null;

  @Field(() => RfcCiChangesType, { description: "The fields it changes." })
  changes: RfcCiChangesType;
}

@ObjectType("RfcRetireCiOperation", { description: "RETIRE_CI: retires a CI when implemented." })
export class RfcRetireCiOperationType implements OperationKindTag {
  readonly operationKind = "RETIRE_CI" as const;

  @Field(() => String, { description: "The CI's key when the RFC was written." })
  ci: string;

  @Field(() => Int, {
    nullable: true,
    description: "The revision the retirement was written against (null: no check).",
  })
  revision: number | null;
}

@ObjectType("RfcAddRelationshipOperation", {
  description: "ADD_RELATIONSHIP: creates a relationship when implemented.",
})
export class RfcAddRelationshipOperationType implements OperationKindTag {
  readonly operationKind = "ADD_RELATIONSHIP" as const;

  @Field(() => String, { description: "The source CI's key." })
  from: string;

  @Field(() => String, { description: "The target CI's key." })
  to: string;

  @Field(() => String, { description: "The relationship type." })
  type: string;
}

@ObjectType("RfcRemoveRelationshipOperation", {
  description: "REMOVE_RELATIONSHIP: ends a relationship in force when implemented.",
})
export class RfcRemoveRelationshipOperationType implements OperationKindTag {
  readonly operationKind = "REMOVE_RELATIONSHIP" as const;

  @Field(() => ID, { description: "The id of the relationship it ends." })
  relationshipId: string;

  @Field(() => String, { description: "The source CI's key." })
  from: string;

  @Field(() => String, { description: "The target CI's key." })
  to: string;

  @Field(() => String, { description: "The relationship type." })
  type: string;
}

const OPERATION_TYPES = {
  CREATE_CI: RfcCreateCiOperationType,
  UPDATE_CI: RfcUpdateCiOperationType,
  RETIRE_CI: RfcRetireCiOperationType,
  ADD_RELATIONSHIP: RfcAddRelationshipOperationType,
  REMOVE_RELATIONSHIP: RfcRemoveRelationshipOperationType,
} as const;

/** The GraphQL names of OPERATION_TYPES, for the union's (synchronous) resolveType. */
const OPERATION_TYPE_NAMES: Record<RfcOperation["kind"], string> = {
  CREATE_CI: "RfcCreateCiOperation",
  UPDATE_CI: "RfcUpdateCiOperation",
  RETIRE_CI: "RfcRetireCiOperation",
  ADD_RELATIONSHIP: "RfcAddRelationshipOperation",
  REMOVE_RELATIONSHIP: "RfcRemoveRelationshipOperation",
};

export const RfcOperationUnion = createUnionType({
  name: "RfcOperation",
  description: "One change to the CMDB an RFC proposes: one type per operation kind.",
  types: () => Object.values(OPERATION_TYPES),
  resolveType: typeResolver(
    "RfcOperation",
    (value: OperationKindTag) => OPERATION_TYPE_NAMES[value.operationKind],
  ),
});

export type RfcOperationValue =
  | RfcCreateCiOperationType
  | RfcUpdateCiOperationType
  | RfcRetireCiOperationType
  | RfcAddRelationshipOperationType
  | RfcRemoveRelationshipOperationType;

export function toOperationType(op: RfcOperation): RfcOperationValue {
  switch (op.kind) {
    case "CREATE_CI":
      return { operationKind: op.kind, fields: toCiFieldsType(op.ci) };
    case "UPDATE_CI":
      return {
        operationKind: op.kind,
        ci: op.ciKey,
        revision: op.revision,
        changes: toChangesType(op.changes),
      };
    case "RETIRE_CI":
      return { operationKind: op.kind, ci: op.ciKey, revision: op.revision };
    case "ADD_RELATIONSHIP":
      return { operationKind: op.kind, from: op.fromKey, to: op.toKey, type: op.type };
    case "REMOVE_RELATIONSHIP":
      return {
        operationKind: op.kind,
        relationshipId: op.relationshipId,
        from: op.fromKey,
        to: op.toKey,
        type: op.type,
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

  @Field(() => [String], {
    description:
      "The relationship types that reached it at that distance (empty for assessments made before 1.1).",
  })
  reachedThrough: string[];

  @Field(() => [ImpactPathStepType], {
    description:
      "The steps of one shortest explanation, from a CI the RFC touches to this one (empty for assessments made before 1.1).",
  })
  pathSteps: NonNullable<AssessedItem["pathSteps"]>;
}

export const AssessedConfigurationItemConnectionType = ConnectionType(
  AssessedItemType,
  "AssessedConfigurationItem",
  "impacted CIs",
  "nearest first, then by level (DOWN, DEGRADED, AT_RISK), then by key",
);
export type AssessedConfigurationItemConnectionType = ConnectionValue<AssessedItemType>;

/** An assessed CI in its GraphQL shape (older assessments kept no types or paths). */
export function toAssessedItemType(i: AssessedItem): AssessedItemType {
  return { ...i, reachedThrough: i.reachedThrough ?? [], pathSteps: i.pathSteps ?? [] };
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

  @Field(() => [AssessedItemType], { description: "By criticality, then distance." })
  businessServices: AssessedItemType[];

  @Field(() => ImpactLevelCountsType, {
    description: "How many CIs it found impacted, in all and at each level.",
  })
  counts: ImpactLevelCountsType;

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

  rfcId: string;
  source: Assessment;
}

export function toAssessmentType(a: Assessment, rfcId: string): RfcAssessmentType {
  return {
    number: a.number,
    at: a.at,
    by: a.by,
    rootKeys: a.roots.map((r) => r.key),
    businessServices: a.businessServices.map(toAssessedItemType),
    counts: a.counts ?? countsOf(a.impacted),
    rfcId,
    source: a,
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

  @Field(() => RfcCiFieldsType, {
    nullable: true,
    description: "The CI's fields before (null when created, and for relationship operations).",
  })
  before: RfcCiFieldsType | null;

  @Field(() => Int, { nullable: true, description: "The revision the implementation left." })
  revisionAfter: number | null;

  @Field(() => ID, {
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
        before: i.before ? toCiFieldsType(i.before) : null,
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

export const RfcEventConnectionType = ConnectionType(
  RfcEventType,
  "RfcEvent",
  "history lines",
  "oldest first",
);
export type RfcEventConnectionType = ConnectionValue<RfcEventType>;

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

  @Field(() => [RfcOperationUnion], {
    description: "The changes it makes to the CMDB when implemented, in order.",
  })
  operations: RfcOperationValue[];

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
    assessment: rfc.assessment ? toAssessmentType(rfc.assessment, rfc.id) : null,
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
  "in the order the field listing them gives",
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

  @Field(() => [UpdatableCiField], { description: "CI fields an update may change (empty: any)." })
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
  return { ...s, updatableFields: s.updatableFields.map(toUpdatableCiField) };
}

export const StandardChangeConnectionType = ConnectionType(
  StandardChangeType,
  "StandardChange",
  "standard change templates",
  "by name",
);
export type StandardChangeConnectionType = ConnectionValue<StandardChangeType>;

@ObjectType("FreezeWindow", {
  implements: NodeInterface,
  description:
    "A period in which only EMERGENCY changes may be scheduled or implemented: every change, or those whose impact hits its business services (ADMIN-defined).",
})
export class FreezeWindowType {
  @Field(() => ID, { description: "Server-made; names it in liftFreezeWindow and node(id:)." })
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

export const FreezeWindowConnectionType = ConnectionType(
  FreezeWindowType,
  "FreezeWindow",
  "freeze windows",
  "by start",
);
export type FreezeWindowConnectionType = ConnectionValue<FreezeWindowType>;

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
