import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import {
  describeScope,
  SCOPE_KINDS,
  type BaselineScope,
  type ScopeKind,
} from "../../domain/baseline/baseline.js";
import type { Baseline } from "../../neo4j/baseline.repository.js";
import { FieldChangeType } from "../ci/ci-version.type.js";
import { JSONScalar } from "../scalars.js";

export const ScopeKindEnum = Object.fromEntries(SCOPE_KINDS.map((k) => [k, k])) as {
  [K in ScopeKind]: K;
};
registerEnumType(ScopeKindEnum, {
  name: "ScopeKind",
  description:
    "DEPENDENCIES: a CI and what it depends on; ENVIRONMENT; CI_TYPE (subtypes included unless said); LIST of keys. Retired CIs are never in a scope.",
});

@InputType("ScopeInput", { description: "A part of the CMDB: give the fields its kind needs." })
export class ScopeInput {
  @Field(() => ScopeKindEnum)
  kind: ScopeKind;

  @Field(() => String, { nullable: true, description: "DEPENDENCIES: the CI." })
  ciKey?: string | null;

  @Field(() => Int, { nullable: true, description: "DEPENDENCIES: how deep (default: the cap)." })
  depth?: number | null;

  @Field(() => String, { nullable: true, description: "ENVIRONMENT." })
  environment?: string | null;

  @Field(() => String, { nullable: true, description: "CI_TYPE." })
  ciType?: string | null;

  @Field(() => Boolean, { nullable: true, description: "CI_TYPE: default true." })
  includeSubtypes?: boolean | null;

  @Field(() => [String], { nullable: true, description: "LIST." })
  ciKeys?: string[] | null;
}

@ObjectType("Scope")
export class ScopeType {
  @Field(() => ScopeKindEnum)
  kind: ScopeKind;

  @Field(() => String, { description: "The scope in words." })
  description: string;

  @Field(() => String, { nullable: true })
  ciKey: string | null;

  @Field(() => Int, { nullable: true })
  depth: number | null;

  @Field(() => String, { nullable: true })
  environment: string | null;

  @Field(() => String, { nullable: true })
  ciType: string | null;

  @Field(() => Boolean, { nullable: true })
  includeSubtypes: boolean | null;

  @Field(() => [String], { nullable: true })
  ciKeys: string[] | null;
}

export function toScopeType(s: BaselineScope): ScopeType {
  return {
    kind: s.kind,
    description: describeScope(s),
    ciKey: s.kind === "DEPENDENCIES" ? s.ciKey : null,
    depth: s.kind === "DEPENDENCIES" ? s.depth : null,
    environment: s.kind === "ENVIRONMENT" ? s.environment : null,
    ciType: s.kind === "CI_TYPE" ? s.ciType : null,
    includeSubtypes: s.kind === "CI_TYPE" ? s.includeSubtypes : null,
    ciKeys: s.kind === "LIST" ? s.ciKeys : null,
  };
}

@InputType("TakeBaselineInput")
export class TakeBaselineInput {
  @Field(() => String, { description: "Unique." })
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ScopeInput)
  scope: ScopeInput;

  @Field(() => Date, { nullable: true, description: "Snapshot the CMDB as it was then." })
  asOf?: Date | null;
}

@ObjectType("Baseline", { description: "A named, immutable snapshot of a scope of the CMDB." })
export class BaselineType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => ScopeType)
  scope: ScopeType;

  @Field(() => Date)
  takenAt: Date;

  @Field(() => String)
  takenBy: string;

  @Field(() => Date, { nullable: true, description: "The instant its content is from, if past." })
  asOf: Date | null;

  @Field(() => Int)
  ciCount: number;

  @Field(() => Int)
  relationshipCount: number;
}

export function toBaselineType(b: Baseline): BaselineType {
  return { ...b, scope: toScopeType(b.scope) };
}

@ObjectType("BaselineConfigurationItem", { description: "A CI as a baseline holds it." })
export class BaselineCiType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  key: string;

  @Field(() => String)
  type: string;

  @Field(() => Int, { description: "Its revision then." })
  revision: number;

  @Field(() => JSONScalar, { description: "Its stated fields then." })
  fields: Record<string, unknown>;
}

@ObjectType("DriftConfigurationItem")
export class DriftCiType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  key: string;

  @Field(() => String)
  type: string;
}

@ObjectType("ChangedConfigurationItem")
export class ChangedCiType extends DriftCiType {
  @Field(() => [FieldChangeType], {
    description: "Field by field (attributes.NAME by attribute): before = baseline, after = now.",
  })
  changes: FieldChangeType[];
}

@ObjectType("DriftRelationship")
export class DriftRelationshipType {
  @Field(() => String)
  type: string;

  @Field(() => String)
  fromKey: string;

  @Field(() => String)
  toKey: string;

  @Field(() => String)
  relationshipId: string;
}

@ObjectType("BaselineComparison", {
  description: "What drifted from a baseline to now (or to another baseline).",
})
export class BaselineComparisonType {
  @Field(() => BaselineType)
  baseline: BaselineType;

  @Field(() => BaselineType, { nullable: true, description: "Null: compared with now." })
  against: BaselineType | null;

  @Field(() => Date)
  comparedAt: Date;

  @Field(() => Boolean, { description: "Nothing drifted." })
  empty: boolean;

  @Field(() => [DriftCiType], { description: "In scope now, not in the baseline." })
  addedCis: DriftCiType[];

  @Field(() => [DriftCiType], { description: "In the baseline, not in scope now." })
  removedCis: DriftCiType[];

  @Field(() => [ChangedCiType])
  changedCis: ChangedCiType[];

  @Field(() => [DriftRelationshipType])
  addedRelationships: DriftRelationshipType[];

  @Field(() => [DriftRelationshipType])
  removedRelationships: DriftRelationshipType[];
}
