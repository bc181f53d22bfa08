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

function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const RfcState = enumOf(RFC_STATES);
registerEnumType(RfcState, {
  name: "RfcState",
  description:
    "DRAFT → SUBMITTED → ASSESSED → APPROVED | REJECTED → SCHEDULED → IMPLEMENTED | FAILED → BACKED_OUT → CLOSED; CANCELLED from any open state.",
});

export const RfcType = enumOf(RFC_TYPES);
registerEnumType(RfcType, {
  name: "RfcType",
  description:
    "STANDARD: from a pre-approved template; NORMAL; EMERGENCY: one approval, no scheduling step, a retrospective review afterwards.",
});

export const RfcPriority = enumOf(RFC_PRIORITIES);
registerEnumType(RfcPriority, { name: "RfcPriority" });

export const RfcOperationKind = enumOf(OPERATION_KINDS);
registerEnumType(RfcOperationKind, {
  name: "RfcOperationKind",
  description: "What an operation of an RFC does to the CMDB when it is implemented.",
});

export const RiskLevel = enumOf(RISK_LEVELS);
registerEnumType(RiskLevel, { name: "RiskLevel", description: "LOW < 30 ≤ MEDIUM < 60 ≤ HIGH." });

export const RiskFactor = enumOf(RISK_FACTORS);
registerEnumType(RiskFactor, { name: "RiskFactor", description: "What added to a risk score." });

export const ReviewOutcome = enumOf(REVIEW_OUTCOMES);
registerEnumType(ReviewOutcome, { name: "ReviewOutcome" });

export const RfcEventKind = enumOf(EVENT_KINDS);
registerEnumType(RfcEventKind, { name: "RfcEventKind" });
