import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UNAUTHORIZED_CHANGE_STATUSES } from "../../application/discovery/discovery.service.js";
import type { RelationshipChange } from "../../domain/discovery/reconciliation.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";
import { RequestForChangeType } from "../change/change.types.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import type { DiscoveryFormat as DomainFormat } from "../../domain/discovery/discovered-estate.js";
import { FieldChangeType } from "../ci/ci-version.type.js";
import { ImportErrorType } from "../interchange/import.types.js";
import { JSONScalar } from "../scalars.js";
import { DiscoveryFormat } from "./discovery-format.enum.js";

@InputType("RunDiscoveryInput", { description: "One discovery run of a source." })
export class RunDiscoveryInput {
  @Field(() => String, {
    description:
      "The source's name (lower case, e.g. prod-cluster): what it stops reporting goes stale, and precedence rules name it.",
  })
  source: string;

  @Field(() => DiscoveryFormat, { description: "How to read the documents." })
  format: DomainFormat;

  @Field(() => [String], {
    description:
      "The files' texts, one a string (errors name them documents[0], documents[1] …). Together they are the source's whole estate.",
  })
  documents: string[];

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Do everything and report it, then write nothing.",
  })
  dryRun?: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "After how many runs without seeing it a CI or relationship of this source is stale (kept from the last run that set it; 3 at first).",
  })
  staleAfterRuns?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether an unauthorized change this source finds (a PRODUCTION CI found different with no implemented RFC covering it) is held: recorded, the CMDB left as it is. Otherwise it is applied and recorded. Kept from the source's last run that said (applied at first).",
  })
  holdUnauthorizedChanges?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      "KUBERNETES only: the cluster the manifests describe, part of every key (k8s:<cluster>/…). Null: the cluster of a kubeconfig document's current context among the documents, else the source's name.",
  })
  cluster?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "TERRAFORM only: the workspace of the state, part of every key (tf:<workspace>/…). Null: default.",
  })
  workspace?: string | null;
}

export type RelationshipChangeKind = RelationshipChange["change"];
export const RelationshipChangeKindEnum = {
  APPEARED: "APPEARED",
  DISAPPEARED: "DISAPPEARED",
} as const;
registerEnumType(RelationshipChangeKindEnum, {
  name: "RelationshipChangeKind",
  description: "How a relationship a discovery source reports differs from the CMDB.",
  valuesConfig: {
    APPEARED: { description: "The source reports it; the CMDB does not hold it." },
    DISAPPEARED: {
      description:
        "The source reported it on its last run and no longer does; the CMDB still holds it.",
    },
  },
});

export type UnauthorizedChangeStatus = (typeof UNAUTHORIZED_CHANGE_STATUSES)[number];
export const UnauthorizedChangeStatusEnum = { OPEN: "OPEN", RFC_OPENED: "RFC_OPENED" } as const;
registerEnumType(UnauthorizedChangeStatusEnum, {
  name: "UnauthorizedChangeStatus",
  description: "Where an unauthorized change stands.",
  valuesConfig: {
    OPEN: { description: "Found; no retrospective RFC yet." },
    RFC_OPENED: { description: "Its retrospective RFC was opened." },
  },
});

@ObjectType("DiscoveredRelationshipChange", {
  description:
    "A relationship of a PRODUCTION CI a discovery source found appeared or gone, with no RFC proposing it.",
})
export class DiscoveredRelationshipChangeType {
  @Field(() => RelationshipChangeKindEnum, { description: "Appeared or disappeared." })
  change: RelationshipChangeKind;

  @Field(() => String, { description: "The key it starts at." })
  from: string;

  @Field(() => String, { description: "The relationship type." })
  type: string;

  @Field(() => String, { description: "The key it ends at." })
  to: string;
}

@ObjectType("DiscoveredChange", {
  description:
    "A PRODUCTION CI a discovery run found different, with no implemented RFC covering it.",
})
export class DiscoveredChangeType {
  @Field(() => String, { description: "The CI's key." })
  key: string;

  @Field(() => [FieldChangeType], {
    description: "What differs, field by field (CMDB before, source after).",
  })
  changes: FieldChangeType[];

  @Field(() => [DiscoveredRelationshipChangeType], {
    description:
      "Relationships of the CI that appeared or disappeared (a relationship is the CI's at its from end when that one is in PRODUCTION, else at its to end).",
  })
  relationships: DiscoveredRelationshipChangeType[];

  @Field(() => Boolean, {
    description:
      "True when held: the CMDB kept its values (and did not add appeared relationships). Discovery never ends a relationship that disappeared.",
  })
  held: boolean;
}

@ObjectType("UnauthorizedChange", {
  description:
    "A PRODUCTION CI a discovery source found different from the CMDB, with no implemented RFC that touched it since the source last saw it.",
})
export class UnauthorizedChangeType {
  @Field(() => String, { description: "The record's id." })
  id: string;

  @Field(() => ID, { description: "The CI's id." })
  ciId: string;

  @Field(() => String, { description: "The CI's key when it was found." })
  ciKey: string;

  @Field(() => String, { description: "The source that saw it." })
  source: string;

  @Field(() => Date, { description: "When." })
  detectedAt: Date;

  @Field(() => [FieldChangeType], { description: "What differs, field by field." })
  changes: FieldChangeType[];

  @Field(() => [DiscoveredRelationshipChangeType], {
    description: "Relationships of the CI that appeared or disappeared.",
  })
  relationships: DiscoveredRelationshipChangeType[];

  @Field(() => Boolean, { description: "True when held: the CMDB kept its values." })
  held: boolean;

  @Field(() => String, {
    description: "OPEN until a retrospective RFC is opened for it, then RFC_OPENED.",
  })
  status: string;

  @Field(() => String, {
    nullable: true,
    description: "The id of its retrospective RFC, once opened.",
  })
  rfcId: string | null;
}

@InputType("OpenRetrospectiveRfcInput", {
  description: "The unauthorized change to open a retrospective RFC for.",
})
export class OpenRetrospectiveRfcInput {
  @Field(() => String, { description: "The unauthorized change's id." })
  unauthorizedChangeId: string;
}

@ObjectType("OpenRetrospectiveRfcPayload", { description: "The result of openRetrospectiveRfc." })
export class OpenRetrospectiveRfcPayload {
  @Field(() => UnauthorizedChangeType, { description: "The unauthorized change, now RFC_OPENED." })
  unauthorizedChange: UnauthorizedChangeType;

  @Field(() => String, { description: "The new RFC's id (a DRAFT; read it with rfc(id:))." })
  rfcId: string;

  @Field(() => Int, { description: "The new RFC's number." })
  rfcNumber: number;
}

@ObjectType("DiscoveryCiCounts", { description: "What a discovery run did to CIs." })
export class DiscoveryCiCountsType {
  @Field(() => Int, { description: "CIs that are new." })
  created: number;

  @Field(() => Int, { description: "CIs that changed." })
  updated: number;

  @Field(() => Int, { description: "CIs already as the source says (not written again)." })
  unchanged: number;

  @Field(() => Int, {
    description: "CIs with a field a higher-precedence source owns and this one reports otherwise.",
  })
  conflicting: number;

  @Field(() => Int, {
    description: "The source's CIs of earlier runs that this run did not report.",
  })
  notSeen: number;

  @Field(() => Int, {
    description: "The source's CIs that are stale now (not seen for staleAfterRuns runs); kept.",
  })
  stale: number;
}

@ObjectType("DiscoveryRelationshipCounts", {
  description: "What a discovery run did to relationships.",
})
export class DiscoveryRelationshipCountsType {
  @Field(() => Int, { description: "Relationships that are new." })
  created: number;

  @Field(() => Int, { description: "Relationships already in force." })
  unchanged: number;

  @Field(() => Int, { description: "The source's relationships of earlier runs not reported now." })
  notSeen: number;

  @Field(() => Int, { description: "The source's relationships that are stale now; kept." })
  stale: number;
}

@ObjectType("DiscoveryConflict", {
  description: "A field a source reported and did not write: a higher-precedence source owns it.",
})
export class DiscoveryConflictType {
  @Field(() => String, { description: "The CI's key." })
  key: string;

  @Field(() => String, { description: "The field (name, version, attributes.replicas …)." })
  field: string;

  @Field(() => String, { description: "The source of this run." })
  source: string;

  @Field(() => String, { description: "The source that owns the field." })
  owner: string;

  @Field(() => JSONScalar, { nullable: true, description: "The value kept." })
  kept: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The value this source reported." })
  offered: unknown;
}

@ObjectType("DiscoveryReference", {
  description: "A relationship to a key that neither the documents nor the CMDB have: left out.",
})
export class DiscoveryReferenceType {
  @Field(() => String, { description: "The key it starts at." })
  from: string;

  @Field(() => String, { description: "The relationship type." })
  type: string;

  @Field(() => String, { description: "The key it ends at." })
  to: string;
}

@ObjectType("DiscoveryReport", {
  description: "What a discovery run did, or in a dry run would do.",
})
export class DiscoveryReportType {
  @Field(() => String, { description: "The source that ran." })
  source: string;

  @Field(() => DiscoveryFormat, { description: "The format read." })
  format: DomainFormat;

  @Field(() => Boolean, { description: "True when asked as a dry run: nothing was written." })
  dryRun: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The Kubernetes cluster the run's keys name (KUBERNETES runs; null otherwise).",
  })
  cluster: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The Terraform workspace the run's keys name (TERRAFORM runs; null otherwise).",
  })
  workspace: string | null;

  @Field(() => Boolean, { description: "True when the run was written: no errors, not a dry run." })
  applied: boolean;

  @Field(() => DiscoveryCiCountsType, { description: "Counts of CIs." })
  configurationItems: DiscoveryCiCountsType;

  @Field(() => DiscoveryRelationshipCountsType, { description: "Counts of relationships." })
  relationships: DiscoveryRelationshipCountsType;

  @Field(() => [DiscoveryConflictType], { description: "Every field kept for a higher source." })
  conflicts: DiscoveryConflictType[];

  @Field(() => [DiscoveredChangeType], {
    description: "Unauthorized changes found (one per CI), recorded unless the run was a dry run.",
  })
  unauthorizedChanges: DiscoveredChangeType[];

  @Field(() => [DiscoveryReferenceType], {
    description: "Relationships left out: an end is in neither the documents nor the CMDB.",
  })
  unresolved: DiscoveryReferenceType[];

  @Field(() => [ImportErrorType], {
    description:
      "Every error (the first 1000), as an import reports them; a file that cannot be read has section document, its name in entry and the path in field.",
  })
  errors: ImportErrorType[];

  @Field(() => Int, { description: "How many errors in all; with any, nothing was written." })
  errorCount: number;
}

@ObjectType("RunDiscoveryPayload", { description: "The result of runDiscovery." })
export class RunDiscoveryPayload {
  @Field(() => DiscoveryReportType, { description: "What the run did." })
  report: DiscoveryReportType;
}

@ObjectType("DiscoveryPrecedenceRule", {
  description: "For a CI type and a field, the sources that may write it, highest first.",
})
export class DiscoveryPrecedenceRuleType {
  @Field(() => String, {
    description: "The CI type (its subtypes follow it unless they have a rule).",
  })
  ciType: string;

  @Field(() => String, {
    description: "A CI field, attributes.<name>, attributes (every attribute) or * (every field).",
  })
  field: string;

  @Field(() => [String], { description: "Source names, highest precedence first." })
  sources: string[];
}

@InputType("SetDiscoveryPrecedenceInput", {
  description: "The precedence of sources for one CI type and field.",
})
export class SetDiscoveryPrecedenceInput {
  @Field(() => String, { description: "The CI type." })
  ciType: string;

  @Field(() => String, {
    description: "A CI field, attributes.<name>, attributes (every attribute) or * (every field).",
  })
  field: string;

  @Field(() => [String], {
    description: "Source names, highest first; an empty list removes the rule.",
  })
  sources: string[];
}

@ObjectType("SetDiscoveryPrecedencePayload", {
  description: "The result of setDiscoveryPrecedence.",
})
export class SetDiscoveryPrecedencePayload {
  @Field(() => [DiscoveryPrecedenceRuleType], {
    description: "Every precedence rule after the change.",
  })
  rules: DiscoveryPrecedenceRuleType[];
}

@ObjectType("DiscoverySighting", { description: "One source's sighting of a CI." })
export class DiscoverySightingType {
  @Field(() => String, { description: "The source." })
  source: string;

  @Field(() => Date, { description: "When the source first reported the CI." })
  firstSeen: Date;

  @Field(() => Date, { description: "When the source last reported the CI." })
  lastSeen: Date;

  @Field(() => Int, { description: "Runs of the source since it last reported the CI." })
  missedRuns: number;

  @Field(() => Boolean, {
    description: "True when missedRuns reached the source's staleAfterRuns.",
  })
  stale: boolean;
}

@ObjectType("DiscoveryFieldOwner", { description: "The source that last wrote a field of a CI." })
export class DiscoveryFieldOwnerType {
  @Field(() => String, { description: "The field (name, version, attributes.replicas …)." })
  field: string;

  @Field(() => String, { description: "The source that wrote it last." })
  source: string;

  @Field(() => Date, { description: "When." })
  at: Date;
}

@ObjectType("DiscoveryProvenance", {
  description: "Which sources report a CI and which one wrote each of its fields.",
})
export class DiscoveryProvenanceType {
  @Field(() => [DiscoverySightingType], { description: "Each source that reported the CI." })
  sightings: DiscoverySightingType[];

  @Field(() => [DiscoveryFieldOwnerType], {
    description: "Each field a source wrote (fields written by hand are not listed).",
  })
  fieldOwners: DiscoveryFieldOwnerType[];
}

@ObjectType("DerivedDependency", {
  description:
    "A service another depends on, derived from component edges for the map: never stored, never a fact of the CMDB.",
})
export class DerivedDependencyType {
  @Field(() => String, { description: "The service depended on: its key." })
  key: string;

  @Field(() => String, { description: "Its name." })
  name: string;

  @Field(() => String, { description: "Its CI type." })
  type: string;

  @Field(() => [DiscoveryReferenceType], {
    description: "The component edges it is derived from (from a CI under the first service).",
  })
  via: DiscoveryReferenceType[];
}

@ObjectType("DerivedComponentEdge", {
  description:
    "A relationship in force between two components that a derived service dependency comes from: `from` is, or is under, the dependent service; `to` is, or is under, the service depended on.",
})
export class DerivedComponentEdgeType {
  fromId: string;
  toId: string;

  @Field(() => String, { description: "The relationship type (its dependent end is SOURCE)." })
  type: string;
}

@ObjectType("DerivedServiceDependency", {
  description:
    "A service-to-service dependency derived from component edges, for the map (draw it dashed): never stored, never a fact of the CMDB. `from` depends on `to` because something under `from` depends on something that is, or is under, `to` (under: BELONGS_TO or PROVIDES it, part to whole, up to 4 hops).",
})
export class DerivedServiceDependencyType {
  fromId: string;
  toId: string;

  @Field(() => [DerivedComponentEdgeType], {
    description: "The component edges it is derived from, at least one.",
  })
  via: DerivedComponentEdgeType[];
}

export const UnauthorizedChangeConnectionType = ConnectionType(
  UnauthorizedChangeType,
  "UnauthorizedChange",
  "unauthorized changes",
  "newest first",
);
export type UnauthorizedChangeConnectionType = ConnectionValue<UnauthorizedChangeType>;

@InputType("UnauthorizedChangeFilter", {
  description: "Every field optional; together they narrow.",
})
export class UnauthorizedChangeFilterInput {
  @Field(() => CiReferenceInput, {
    nullable: true,
    description: "Only this CI's, by id or key.",
  })
  ci?: CiReferenceInput | null;

  @Field(() => String, { nullable: true, description: "Only those this source found." })
  source?: string | null;

  @Field(() => UnauthorizedChangeStatusEnum, {
    nullable: true,
    description: "Only those in this status.",
  })
  status?: UnauthorizedChangeStatus | null;
}

@ObjectType("StaleDiscovery", {
  description:
    "A CI a discovery source reported before and no longer reports past its staleness threshold (kept, never deleted: retire it through an RFC, e.g. proposeRetirement).",
})
export class StaleDiscoveryType {
  @Field(() => ID, { description: "The CI's id." })
  ciId: string;

  @Field(() => String, { description: "The CI's key." })
  ciKey: string;

  @Field(() => String, { description: "The CI's name." })
  name: string;

  @Field(() => String, { description: "The CI's type." })
  type: string;

  @Field(() => String, { description: "The CI's lifecycle (never RETIRED here)." })
  lifecycle: string;

  @Field(() => Int, { description: "The CI's revision, which a retire operation names." })
  revision: number;

  @Field(() => Date, { description: "When the source last reported it." })
  lastSeen: Date;

  @Field(() => Int, { description: "The source's runs since it last reported it." })
  missedRuns: number;

  @Field(() => [String], {
    description: "Other sources that still report it (then proposeRetirement leaves it out).",
  })
  reportedBy: string[];
}

export const StaleDiscoveryConnectionType = ConnectionType(
  StaleDiscoveryType,
  "StaleDiscovery",
  "stale CIs of a source",
  "by key",
);
export type StaleDiscoveryConnectionType = ConnectionValue<StaleDiscoveryType>;

@InputType("ProposeRetirementInput", {
  description: "The source whose stale CIs to propose retiring, and optionally which.",
})
export class ProposeRetirementInput {
  @Field(() => String, { description: "The discovery source." })
  source: string;

  @Field(() => [String], {
    nullable: true,
    description:
      "Only these CIs (keys), each stale for the source and reported by no other (VALIDATION naming it otherwise). Null: every such CI.",
  })
  ciKeys?: string[] | null;
}

@ObjectType("RetirementAlreadyProposed", {
  description:
    "A stale CI proposeRetirement left out: an open RFC already has a RETIRE_CI operation for it.",
})
export class RetirementAlreadyProposedType {
  @Field(() => String, { description: "The CI's key." })
  ciKey: string;

  @Field(() => ID, { description: "The open RFC that retires it." })
  rfcId: string;

  @Field(() => Int, { description: "That RFC's number." })
  rfcNumber: number;

  @Field(() => String, {
    description: "That RFC's state (DRAFT, SUBMITTED, ASSESSED, APPROVED or SCHEDULED).",
  })
  rfcState: string;
}

@ObjectType("ProposeRetirementPayload", { description: "The result of proposeRetirement." })
export class ProposeRetirementPayload {
  @Field(() => RequestForChangeType, {
    description: "The RFC drafted: a RETIRE_CI operation per CI, the caller its requester.",
  })
  rfc: RequestForChangeType;

  @Field(() => [StaleDiscoveryType], { description: "The CIs it proposes to retire." })
  retiring: StaleDiscoveryType[];

  @Field(() => [RetirementAlreadyProposedType], {
    description:
      "Stale CIs left out because an open RFC (DRAFT to SCHEDULED) already proposes to retire them, each with that RFC.",
  })
  alreadyProposed: RetirementAlreadyProposedType[];
}
