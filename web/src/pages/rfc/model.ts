/** What the RFC pages read of an RFC, and the queries that read it. */
import type { PathStep } from "../../graph/impact-source.js";

export const STATES = [
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

export const PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export const TYPES = ["NORMAL", "EMERGENCY", "STANDARD"] as const;

export interface Risk {
  score: number;
  level: string;
}

export interface Listed {
  id: string;
  name: string;
  title: string;
  state: string;
  type: string;
  priority: string;
  requester: string;
  plannedStart: string | null;
  assessment: { risk: Risk } | null;
}

export const LISTED_FIELDS = `id name title state type priority requester plannedStart assessment { risk { score level } }`;

/** An RFC operation as the page reads it: one GraphQL type per kind. */
export type Operation =
  | { __typename: "RfcCreateCiOperation"; fields: CiFields }
  | {
      __typename: "RfcUpdateCiOperation";
      ci: string;
      revision: number | null;
      changes: { fields: string[] } & Record<string, unknown>;
    }
  | { __typename: "RfcRetireCiOperation"; ci: string; revision: number | null }
  | { __typename: "RfcAddRelationshipOperation"; from: string; to: string; type: string }
  | {
      __typename: "RfcRemoveRelationshipOperation";
      from: string;
      to: string;
      type: string;
      relationshipId: string;
    };

export interface CiFields {
  key: string;
  name: string;
  type: string;
  version: string | null;
  owner: string | null;
  responsibleTeam: string | null;
  lifecycle: string;
  environment: string | null;
  criticality: number | null;
  attributes: Record<string, unknown>;
}

const CI_FIELDS = `key name type version owner responsibleTeam lifecycle environment criticality attributes`;

export const OPERATION_FIELDS = `__typename
  ... on RfcCreateCiOperation { fields { ${CI_FIELDS} } }
  ... on RfcUpdateCiOperation { ci revision changes { fields key name type version owner responsibleTeam lifecycle environment criticality attributes replaceAttributes } }
  ... on RfcRetireCiOperation { ci revision }
  ... on RfcAddRelationshipOperation { from to type }
  ... on RfcRemoveRelationshipOperation { from to type relationshipId }`;

export interface AssessedCi {
  id: string;
  key: string;
  type: string;
  pathSteps: PathStep[];
  level: string;
  distance: number;
  criticality: number | null;
  configurationItem: { id: string; key: string; name: string; type: string } | null;
}

export interface RfcEvent {
  at: string;
  actor: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  text: string | null;
}

export interface Full extends Listed {
  revision: number;
  description: string | null;
  benefit: string | null;
  impact: string | null;
  risk: string | null;
  backOutPlan: string | null;
  plannedEnd: string | null;
  failureReason: string | null;
  releaseId: string | null;
  standardChangeId: string | null;
  retrospectiveDue: boolean;
  affectedConfigurationItems: { key: string; name: string; type: string }[];
  operations: Operation[];
  assessment:
    | (Listed["assessment"] & {
        number: number;
        at: string;
        by: string;
        truncated: boolean;
        requiredApprovals: number;
        counts: { total: number; down: number; degraded: number; atRisk: number };
        businessServices: AssessedCi[];
        risk: Risk & { reasons: { factor: string; points: number; detail: string }[] };
      })
    | null;
  approvals: { actor: string; at: string; text: string | null }[];
  collisions: { rfc: { id: string; name: string }; sharedCount: number }[];
  staleReasons: string[];
  implementation: {
    at: string;
    by: string;
    beforeImages: {
      operation: string;
      ciKey: string | null;
      relationship: string | null;
      revisionAfter: number | null;
      before: CiFields | null;
    }[];
  } | null;
  review: { at: string; by: string; outcome: string; notes: string } | null;
  retrospective: { at: string; by: string; notes: string } | null;
  windowOverride: {
    at: string;
    by: string;
    reason: string;
    plannedStart: string;
    plannedEnd: string;
  } | null;
  history: { nodes: RfcEvent[] };
}

const ASSESSED_CI = `id key type level distance criticality pathSteps { from to relationshipType direction } configurationItem { id key name type }`;

export const FULL_QUERY = `query Rfc($id: ID!) { rfc(ref: { id: $id }) {
  ${LISTED_FIELDS} revision description benefit impact risk backOutPlan plannedEnd failureReason releaseId standardChangeId retrospectiveDue
  affectedConfigurationItems { key name type }
  operations { ${OPERATION_FIELDS} }
  assessment { number at by truncated requiredApprovals counts { total down degraded atRisk } businessServices { ${ASSESSED_CI} } risk { score level reasons { factor points detail } } }
  approvals { actor at text } collisions { rfc { id name } sharedCount } staleReasons
  implementation { at by beforeImages { operation ciKey relationship revisionAfter before { ${CI_FIELDS} } } }
  review { at by outcome notes } retrospective { at by notes }
  windowOverride { at by reason plannedStart plannedEnd }
  history(first: 500) { nodes { at actor kind fromState toState text } } } }`;

/** VERSION → version, RESPONSIBLE_TEAM → responsibleTeam */
export function camel(field: string): string {
  return field.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}

/** One line per operation: its kind, what it names, and what an update sets. */
export function operationText(o: Operation): string {
  switch (o.__typename) {
    case "RfcCreateCiOperation":
      return `CREATE_CI ${o.fields.key} (${o.fields.type})`;
    case "RfcUpdateCiOperation": {
      const set: Record<string, unknown> = {};
      for (const field of o.changes.fields) {
        const name = camel(field);
        set[name] =
          name === "attributes"
            ? (o.changes.replaceAttributes ?? o.changes.attributes)
            : o.changes[name];
      }
      return `UPDATE_CI ${o.ci} ${JSON.stringify(set)}`;
    }
    case "RfcRetireCiOperation":
      return `RETIRE_CI ${o.ci}`;
    case "RfcAddRelationshipOperation":
      return `ADD_RELATIONSHIP ${o.from} ${o.type} ${o.to}`;
    case "RfcRemoveRelationshipOperation":
      return `REMOVE_RELATIONSHIP ${o.from} ${o.type} ${o.to}`;
  }
}

/** An operation as createRfc/updateRfc take it back (RfcOperationInput), to keep it on edit. */
export function operationInput(o: Operation): Record<string, unknown> {
  switch (o.__typename) {
    case "RfcCreateCiOperation":
      return { createCi: { ...o.fields } };
    case "RfcUpdateCiOperation": {
      const changes: Record<string, unknown> = {};
      for (const field of o.changes.fields) {
        const name = camel(field);
        if (name === "attributes") {
          if (o.changes.replaceAttributes != null)
            changes.replaceAttributes = o.changes.replaceAttributes;
          else changes.attributes = o.changes.attributes;
        } else changes[name] = o.changes[name];
      }
      return { updateCi: { ci: o.ci, revision: o.revision, changes } };
    }
    case "RfcRetireCiOperation":
      return { retireCi: { ci: o.ci, revision: o.revision } };
    case "RfcAddRelationshipOperation":
      return { addRelationship: { from: o.from, to: o.to, type: o.type } };
    case "RfcRemoveRelationshipOperation":
      return { removeRelationship: { relationshipId: o.relationshipId } };
  }
}

/** An operation input in words, for the form's list. */
export function operationInputText(op: Record<string, unknown>): string {
  const [kind, value] = Object.entries(op)[0] ?? ["", {}];
  const v = value as Record<string, unknown>;
  switch (kind) {
    case "createCi":
      return `CREATE_CI ${String(v.key)} (${String(v.type)})`;
    case "updateCi":
      return `UPDATE_CI ${String(v.ci)} ${JSON.stringify(v.changes)}`;
    case "retireCi":
      return `RETIRE_CI ${String(v.ci)}`;
    case "addRelationship":
      return `ADD_RELATIONSHIP ${String(v.from)} ${String(v.type)} ${String(v.to)}`;
    case "removeRelationship": {
      const label = (op as { label?: string }).label;
      return `REMOVE_RELATIONSHIP ${label ?? String(v.relationshipId)}`;
    }
    default:
      return kind;
  }
}

/** "RISK 42 · MEDIUM": the assessed risk, never to be read as the requester's priority. */
export function riskText(r: Risk): string {
  return `Risk ${String(r.score)} · ${r.level}`;
}

export function words(state: string): string {
  return state.replace(/_/g, " ").toLowerCase();
}
