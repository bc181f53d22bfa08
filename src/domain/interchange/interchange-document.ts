/**
 * The interchange document (fixed by the product design): four optional sections. Import and
 * export speak it; unknown fields on a CI entry go into its `attributes`.
 */
export interface InterchangeDocument {
  ciTypes?: CiTypeEntry[];
  relationshipTypes?: RelationshipTypeEntry[];
  configurationItems?: CiEntry[];
  relationships?: RelationshipEntry[];
}

export type AttributeJsonType = "string" | "number" | "integer" | "boolean" | "object" | "array";
export const ATTRIBUTE_JSON_TYPES: readonly AttributeJsonType[] = [
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
];

export interface AttributeDefinitionEntry {
  name: string;
  type: AttributeJsonType;
  required?: boolean;
  description?: string | null;
}

export interface CiTypeEntry {
  name: string;
  parent?: string | null;
  description?: string | null;
  attributes?: AttributeDefinitionEntry[];
}

/** Which end of a relationship is impacted when the other end changes. */
export type DependentEnd = "SOURCE" | "TARGET" | "NONE";
export const DEPENDENT_ENDS: readonly DependentEnd[] = ["SOURCE", "TARGET", "NONE"];

export interface RelationshipTypeEntry {
  name: string;
  inverseName: string;
  dependent: DependentEnd;
  allowedSourceTypes?: string[] | null;
  allowedTargetTypes?: string[] | null;
  description?: string | null;
  /** Members of a redundancy group are related to it by a membership type (MEMBER_OF). */
  membership?: boolean | null;
}

export const LIFECYCLES = ["PLANNED", "TEST", "PRODUCTION", "RETIRED"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface CiEntry {
  key: string;
  name: string;
  type: string;
  version?: string | null;
  owner?: string | null;
  responsibleTeam?: string | null;
  lifecycle?: Lifecycle | null;
  environment?: string | null;
  criticality?: number | null;
  attributes?: Record<string, unknown> | null;
  [unknownField: string]: unknown;
}

export interface RelationshipEntry {
  from: string;
  to: string;
  type: string;
}
