import { registerEnumType } from "type-graphql";
import {
  EVENT_KINDS,
  OPERATION_KINDS,
  REVIEW_OUTCOMES,
  RFC_PRIORITIES,
  RFC_STATES,
  RFC_TYPES,
} from "../../domain/change/rfc.js";
import { RISK_FACTORS, RISK_LEVELS } from "../../domain/change/risk.js";
import type { CI_FIELDS } from "../../domain/ci/configuration-item.js";

function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const RfcState = enumOf(RFC_STATES);
registerEnumType(RfcState, {
  name: "RfcState",
  description:
    "DRAFT → SUBMITTED → ASSESSED → APPROVED | REJECTED → SCHEDULED → IMPLEMENTED | FAILED → BACKED_OUT → CLOSED; CANCELLED from any open state.",
  valuesConfig: {
    DRAFT: { description: "Being written by its requester (updateRfc); not in play yet." },
    SUBMITTED: { description: "Handed in (submitRfc); waits for its assessment." },
    ASSESSED: {
      description:
        "Assessed (impact, risk, approvals needed); waits for its approvals, or a rejection.",
    },
    APPROVED: {
      description:
        "Has the approvals its assessment needs; waits for scheduling (an EMERGENCY RFC may be implemented at once).",
    },
    REJECTED: { description: "Rejected by an APPROVER; final." },
    SCHEDULED: {
      description: "Scheduled for its assessed window; implemented inside that window.",
    },
    IMPLEMENTED: {
      description: "Its operations were written to the CMDB; may be backed out, or closed.",
    },
    FAILED: {
      description:
        "Its implementation failed and wrote nothing (failureReason); closed with a review.",
    },
    BACKED_OUT: {
      description: "Its implementation was undone (backOutRfc); closed with a review.",
    },
    CLOSED: {
      description:
        "Closed with its review, from IMPLEMENTED, FAILED or BACKED_OUT; final (an EMERGENCY one may still get its retrospective review).",
    },
    CANCELLED: {
      description:
        "Cancelled from DRAFT, SUBMITTED, ASSESSED, APPROVED or SCHEDULED (cancelRfc, or its release was cancelled); final.",
    },
  },
});

export const RfcType = enumOf(RFC_TYPES);
registerEnumType(RfcType, {
  name: "RfcType",
  description:
    "STANDARD: from a pre-approved template; NORMAL; EMERGENCY: one approval, no scheduling step, a retrospective review afterwards.",
  valuesConfig: {
    STANDARD: {
      description:
        "Names a standard change template; APPROVED on assessment when it stays inside it. Needs a planned window like NORMAL.",
    },
    NORMAL: {
      description:
        "Assessed for a planned window, approved by as many APPROVERs as its risk asks, scheduled and implemented inside the window.",
    },
    EMERGENCY: {
      description:
        "Needs one approval and no window; implemented any time from APPROVED, even in a freeze window; owes a retrospective review.",
    },
  },
});

export const RfcPriority = enumOf(RFC_PRIORITIES);
registerEnumType(RfcPriority, {
  name: "RfcPriority",
  description: "How urgent the requester says the change is; informative, it sets no rule.",
  valuesConfig: {
    LOW: { description: "Can wait." },
    MEDIUM: { description: "The default." },
    HIGH: { description: "Needed soon." },
    CRITICAL: { description: "Needed as soon as possible." },
  },
});

export const RfcOperationKind = enumOf(OPERATION_KINDS);
registerEnumType(RfcOperationKind, {
  name: "RfcOperationKind",
  description: "What an operation of an RFC does to the CMDB when it is implemented.",
  valuesConfig: {
    CREATE_CI: { description: "Creates a CI (createCi: its fields); a back-out retires it." },
    UPDATE_CI: {
      description:
        "Changes a CI (updateCi: ci, changes, optional revision); a back-out writes its fields back.",
    },
    RETIRE_CI: { description: "Retires a CI (retireCi: ci); a back-out restores it." },
    ADD_RELATIONSHIP: {
      description: "Creates a relationship (addRelationship: from, to, type); a back-out ends it.",
    },
    REMOVE_RELATIONSHIP: {
      description: "Ends a relationship in force; a back-out creates it again.",
    },
  },
});

export const RiskLevel = enumOf(RISK_LEVELS);
registerEnumType(RiskLevel, {
  name: "RiskLevel",
  description: "LOW < 30 ≤ MEDIUM < 60 ≤ HIGH.",
  valuesConfig: {
    LOW: { description: "A score below 30." },
    MEDIUM: { description: "A score from 30 to 59." },
    HIGH: { description: "A score of 60 or more." },
  },
});

export const RiskFactor = enumOf(RISK_FACTORS);
registerEnumType(RiskFactor, {
  name: "RiskFactor",
  description: "What added to a risk score.",
  valuesConfig: {
    BUSINESS_SERVICE: {
      description:
        "The most critical business service hit, by criticality and level (up to 40: criticality 1 DOWN).",
    },
    OTHER_SERVICES: { description: "Each further business service hit: 2 points, up to 10." },
    BLAST_RADIUS: {
      description:
        "How many CIs are impacted: 5 per order of magnitude (1–9: 5, 10–99: 10 …), up to 20.",
    },
    CHANGE_TYPE: { description: "EMERGENCY 15, NORMAL 5 (STANDARD adds none)." },
    DESTRUCTIVE_OPERATIONS: {
      description: "Each operation that retires a CI or removes a relationship: 5, up to 10.",
    },
    EARLIER_FAILURES: {
      description: "Each earlier RFC on the same CIs that FAILED or was BACKED_OUT: 10, up to 20.",
    },
    COLLISIONS: {
      description: "Each open RFC whose window overlaps and whose impact shares CIs: 10, up to 20.",
    },
    FREEZE_WINDOW: { description: "The planned window falls in a freeze window that applies: 15." },
    TRUNCATED: {
      description: "The impact walk reached its node cap, so the impact may be larger: 10.",
    },
  },
});

export const ReviewOutcome = enumOf(REVIEW_OUTCOMES);
registerEnumType(ReviewOutcome, {
  name: "ReviewOutcome",
  description: "How a change went, as its post-implementation review judges it.",
  valuesConfig: {
    SUCCESSFUL: { description: "It did what it was meant to." },
    PARTIALLY_SUCCESSFUL: { description: "It did part of what it was meant to." },
    UNSUCCESSFUL: { description: "It did not do what it was meant to." },
  },
});

export const RfcEventKind = enumOf(EVENT_KINDS);
registerEnumType(RfcEventKind, {
  name: "RfcEventKind",
  description: "What a line of an RFC's history records.",
  valuesConfig: {
    CREATED: { description: "The RFC was raised as a DRAFT." },
    EDITED: { description: "Its content was rewritten (updateRfc)." },
    TRANSITION: {
      description: "It changed state (fromState → toState); text: the reason or note, if any.",
    },
    ASSESSED: {
      description: "It was assessed; text: the risk, CIs impacted and approvals needed.",
    },
    APPROVED: {
      description:
        "One approval, on the assessment numbered in `assessment` (or its pre-approval by a standard change template).",
    },
    REJECTED: { description: "It was rejected; text: the APPROVER's comment." },
    COMMENT: { description: "A comment (commentOnRfc)." },
    RETROSPECTIVE: {
      description: "The retrospective review of an EMERGENCY change; text: its notes.",
    },
    WINDOW_OVERRIDE: {
      description: "An ADMIN had it implemented outside its window; text: the reason.",
    },
  },
});

/** The CI fields by their GraphQL enum value, and back (the domain names them in camelCase). */
export const UPDATABLE_CI_FIELDS = {
  KEY: "key",
  NAME: "name",
  TYPE: "type",
  VERSION: "version",
  OWNER: "owner",
  RESPONSIBLE_TEAM: "responsibleTeam",
  LIFECYCLE: "lifecycle",
  ENVIRONMENT: "environment",
  CRITICALITY: "criticality",
  ATTRIBUTES: "attributes",
} as const satisfies Record<string, (typeof CI_FIELDS)[number]>;
export type UpdatableCiField = keyof typeof UPDATABLE_CI_FIELDS;

export function toDomainCiField(field: UpdatableCiField): string {
  return UPDATABLE_CI_FIELDS[field];
}

export function toUpdatableCiField(field: string): UpdatableCiField {
  const found = Object.entries(UPDATABLE_CI_FIELDS).find(([, name]) => name === field);
  return (found?.[0] ?? field) as UpdatableCiField;
}

export const UpdatableCiField = enumOf(Object.keys(UPDATABLE_CI_FIELDS) as UpdatableCiField[]);
registerEnumType(UpdatableCiField, {
  name: "UpdatableCiField",
  description: "A field of a CI that an update (UPDATE_CI) may change.",
  valuesConfig: {
    KEY: { description: "Its key." },
    NAME: { description: "Its name." },
    TYPE: { description: "Its CI type." },
    VERSION: { description: "Its version." },
    OWNER: { description: "Who is accountable for it." },
    RESPONSIBLE_TEAM: { description: "The team that runs it." },
    LIFECYCLE: { description: "Where it stands in its life." },
    ENVIRONMENT: { description: "The environment it belongs to." },
    CRITICALITY: { description: "Its criticality (business services)." },
    ATTRIBUTES: {
      description: "Its free attributes (a merge patch or the whole map: replaceAttributes).",
    },
  },
});
