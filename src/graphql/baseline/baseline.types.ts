import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import {
  describeScope,
  SCOPE_KINDS,
  type BaselineScope,
  type ScopeKind,
} from "../../domain/baseline/baseline.js";
import type { BaselineRef } from "../../application/baseline/baseline.service.js";
import { ValidationError } from "../../domain/errors.js";
import type { Baseline } from "../../neo4j/baseline.repository.js";
import { RfcType } from "../change/change.enums.js";
import { RequestForChangeType } from "../change/change.types.js";
import { FieldChangeType } from "../ci/ci-version.type.js";
import { JSONScalar } from "../scalars.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
import { NodeInterface } from "../relay/node.js";
import { OneOf } from "../relay/one-of.js";

export const ScopeKindEnum = Object.fromEntries(SCOPE_KINDS.map((k) => [k, k])) as {
  [K in ScopeKind]: K;
};
registerEnumType(ScopeKindEnum, {
  name: "ScopeKind",
  description:
    "DEPENDENCIES: a CI and what it depends on; ENVIRONMENT; CI_TYPE (subtypes included unless said); LIST of keys. Retired CIs are never in a scope.",
  valuesConfig: {
    DEPENDENCIES: { description: "A CI (ciKey) and every CI it depends on, to depth." },
    ENVIRONMENT: { description: "Every CI of one environment." },
    CI_TYPE: {
      description: "Every CI of one type, and of its subtypes unless includeSubtypes is false.",
    },
    LIST: { description: "The CIs named by key (ciKeys); keys that name no CI are left out." },
  },
});

@InputType("ScopeInput", { description: "A part of the CMDB: give the fields its kind needs." })
export class ScopeInput {
  @Field(() => ScopeKindEnum, {
    description: "Which kind of scope; decides which other fields are needed.",
  })
  kind: ScopeKind;

  @Field(() => String, { nullable: true, description: "DEPENDENCIES: the CI." })
  ciKey?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "DEPENDENCIES: how many relationships deep, from 1 to the impact depth cap (default: the cap, 25 unless configured).",
  })
  depth?: number | null;

  @Field(() => String, { nullable: true, description: "ENVIRONMENT: the environment's name." })
  environment?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "CI_TYPE: the CI type's name (VALIDATION when no such type).",
  })
  ciType?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "CI_TYPE: whether CIs of its subtypes count too (default true).",
  })
  includeSubtypes?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: "LIST: the CI keys, at least one and at most 100,000.",
  })
  ciKeys?: string[] | null;
}

@ObjectType("Scope", {
  description: "The part of the CMDB a baseline covers; only the fields of its kind are set.",
})
export class ScopeType {
  @Field(() => ScopeKindEnum, { description: "Which kind of scope." })
  kind: ScopeKind;

  @Field(() => String, { description: "The scope in words." })
  description: string;

  @Field(() => String, {
    nullable: true,
    description: "DEPENDENCIES: the CI whose dependencies are covered.",
  })
  ciKey: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "DEPENDENCIES: how many relationships deep (null: the server's cap).",
  })
  depth: number | null;

  @Field(() => String, { nullable: true, description: "ENVIRONMENT: the environment covered." })
  environment: string | null;

  @Field(() => String, { nullable: true, description: "CI_TYPE: the CI type covered." })
  ciType: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "CI_TYPE: whether its subtypes are covered too.",
  })
  includeSubtypes: boolean | null;

  @Field(() => [String], { nullable: true, description: "LIST: the CI keys listed." })
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

@InputType("TakeBaselineInput", { description: "A baseline to take (takeBaseline)." })
export class TakeBaselineInput {
  @Field(() => String, {
    description: "Unique among baselines (CONFLICT when taken), at most 200 characters.",
  })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "What the baseline is for (at most 4000 characters).",
  })
  description?: string | null;

  @Field(() => ScopeInput, { description: "The CIs to snapshot (at most 100,000)." })
  scope: ScopeInput;

  @Field(() => Date, {
    nullable: true,
    description:
      "Snapshot the CMDB as it was at this past instant (null: now; a future instant is a VALIDATION error).",
  })
  asOf?: Date | null;
}

@ObjectType("Baseline", {
  implements: NodeInterface,
  description: "A named, immutable snapshot of a scope of the CMDB.",
})
export class BaselineType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => String, { description: "Unique among baselines; names it like its id does." })
  name: string;

  @Field(() => String, { nullable: true, description: "What it is for (null: not said)." })
  description: string | null;

  @Field(() => ScopeType, { description: "The part of the CMDB it covers." })
  scope: ScopeType;

  @Field(() => Date, { description: "When it was taken." })
  takenAt: Date;

  @Field(() => String, { description: "The user who took it." })
  takenBy: string;

  @Field(() => Date, { nullable: true, description: "The instant its content is from, if past." })
  asOf: Date | null;

  @Field(() => Int, { description: "How many CIs it holds (retired CIs are never held)." })
  ciCount: number;

  @Field(() => Int, { description: "How many relationships among its CIs it holds." })
  relationshipCount: number;
}

export function toBaselineType(b: Baseline): BaselineType {
  return { ...b, scope: toScopeType(b.scope) };
}

export const BaselineConnectionType = ConnectionType(
  BaselineType,
  "Baseline",
  "baselines",
  "newest first",
);
export type BaselineConnectionType = ConnectionValue<BaselineType>;

@OneOf("BaselineReferenceInput")
@InputType("BaselineReferenceInput", {
  description: "A baseline by exactly one of its id or its name (@oneOf).",
})
export class BaselineReferenceInput {
  @Field(() => ID, { nullable: true, description: "The baseline's id." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "The baseline's name." })
  name?: string | null;
}

/** The service's reference from the input (graphql-js has checked that exactly one is given). */
export function toBaselineRef(ref: BaselineReferenceInput, field: string): BaselineRef {
  if (ref.id != null) return { id: ref.id };
  if (ref.name != null) return { name: ref.name };
  throw new ValidationError(field, ref, "name the baseline by exactly one of id or name");
}

@ObjectType("TakeBaselinePayload", { description: "What takeBaseline returns." })
export class TakeBaselinePayload {
  @Field(() => BaselineType, { description: "The baseline taken." })
  baseline: BaselineType;
}

@InputType("RestoreBaselineInput", {
  description: "The baseline to restore, and the RFC to draft for it (restoreBaseline).",
})
export class RestoreBaselineInput {
  @Field(() => BaselineReferenceInput, {
    description: "The baseline to restore (NOT_FOUND when none matches).",
  })
  baseline: BaselineReferenceInput;

  @Field(() => String, {
    nullable: true,
    description: "The RFC's title (null: 'Restore <scope> to baseline <name>').",
  })
  title?: string | null;

  @Field(() => RfcType, {
    nullable: true,
    description:
      "NORMAL or EMERGENCY (null: NORMAL); STANDARD is refused (VALIDATION: it needs a template).",
  })
  type?: "NORMAL" | "EMERGENCY" | null;
}

@ObjectType("RestoreBaselinePayload", {
  description: "What restoreBaseline returns: the RFC drafted and the baseline it restores.",
})
export class RestoreBaselinePayload {
  @Field(() => RequestForChangeType, {
    description: "The RFC drafted (DRAFT, the caller its requester) that undoes the drift.",
  })
  rfc: RequestForChangeType;

  @Field(() => BaselineType, { description: "The baseline restored." })
  baseline: BaselineType;
}

@ObjectType("BaselineConfigurationItem", { description: "A CI as a baseline holds it." })
export class BaselineCiType {
  @Field(() => ID, { description: "The CI's id." })
  id: string;

  @Field(() => String, { description: "Its key then." })
  key: string;

  @Field(() => String, { description: "Its CI type then." })
  type: string;

  @Field(() => Int, { description: "Its revision then." })
  revision: number;

  @Field(() => JSONScalar, { description: "Its stated fields then." })
  fields: Record<string, unknown>;
}

export const BaselineCiConnectionType = ConnectionType(
  BaselineCiType,
  "BaselineConfigurationItem",
  "CIs of a baseline",
  "by key",
);
export type BaselineCiConnectionType = ConnectionValue<BaselineCiType>;

@ObjectType("DriftConfigurationItem", {
  description: "A CI added to or removed from a scope since the baseline.",
})
export class DriftCiType {
  @Field(() => ID, { description: "The CI's id." })
  id: string;

  @Field(() => String, { description: "Its key (as the side that holds it has it)." })
  key: string;

  @Field(() => String, { description: "Its CI type (as the side that holds it has it)." })
  type: string;
}

@ObjectType("ChangedConfigurationItem", {
  description:
    "A CI on both sides whose fields differ; id, key and type are as they are now (or in the other baseline).",
})
export class ChangedCiType extends DriftCiType {
  @Field(() => [FieldChangeType], {
    description: "Field by field (attributes.NAME by attribute): before = baseline, after = now.",
  })
  changes: FieldChangeType[];
}

@ObjectType("DriftRelationship", {
  description:
    "A relationship among a scope's CIs added or removed since the baseline (the same type between the same CIs is the same relationship).",
})
export class DriftRelationshipType {
  @Field(() => String, { description: "The relationship type's name." })
  type: string;

  @Field(() => String, { description: "The key of the CI it starts at (its source)." })
  from: string;

  @Field(() => String, { description: "The key of the CI it ends at (its target)." })
  to: string;

  @Field(() => ID, { description: "The relationship's id (a CiRelationship id)." })
  relationshipId: string;
}

@ObjectType("BaselineComparison", {
  description: "What drifted from a baseline to now (or to another baseline).",
})
export class BaselineComparisonType {
  @Field(() => BaselineType, { description: "The baseline compared from (the before side)." })
  baseline: BaselineType;

  @Field(() => BaselineType, {
    nullable: true,
    description:
      "The baseline compared to (the after side); null: the baseline's scope as it is now.",
  })
  against: BaselineType | null;

  @Field(() => Date, { description: "When the comparison was made (the instant 'now' means)." })
  comparedAt: Date;

  @Field(() => Boolean, { description: "Nothing drifted." })
  empty: boolean;

  @Field(() => [DriftCiType], {
    description: "In scope now (or in `against`), not in the baseline.",
  })
  addedCis: DriftCiType[];

  @Field(() => [DriftCiType], {
    description:
      "In the baseline, not in scope now (or in `against`); a CI retired since counts as removed.",
  })
  removedCis: DriftCiType[];

  @Field(() => [ChangedCiType], { description: "On both sides, with fields that differ." })
  changedCis: ChangedCiType[];

  @Field(() => [DriftRelationshipType], {
    description: "Among the scope's CIs now (or in `against`), not in the baseline.",
  })
  addedRelationships: DriftRelationshipType[];

  @Field(() => [DriftRelationshipType], {
    description: "In the baseline, not among the scope's CIs now (or in `against`).",
  })
  removedRelationships: DriftRelationshipType[];
}
