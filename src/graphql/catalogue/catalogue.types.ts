import { Field, InputType, Int, ObjectType } from "type-graphql";
import type {
  AttributeJsonType,
  DependentEnd as DomainDependentEnd,
} from "../../domain/interchange/interchange-document.js";
import { AttributeType } from "./attribute-type.enum.js";
import { DependentEnd } from "./dependent-end.enum.js";

@ObjectType("AttributeDefinition", { description: "An attribute a CI type declares." })
export class AttributeDefinitionType {
  @Field(() => String, { description: "The attribute's name: its key in a CI's attributes." })
  name: string;

  @Field(() => AttributeType, { description: "The JSON type its value must have." })
  type: AttributeJsonType;

  @Field(() => Boolean, {
    description:
      "Every CI of the type (and of its subtypes) must have it; a CI without it is refused (VALIDATION).",
  })
  required: boolean;

  @Field(() => String, {
    nullable: true,
    description: "What the attribute means (null: not said).",
  })
  description: string | null;
}

@ObjectType("CiType", { description: "A type of configuration item: data, defined by ADMINs." })
export class CiTypeType {
  @Field(() => String, {
    description: "Unique, PascalCase (Server, BusinessService …); a CI's `type`.",
  })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "The type it specialises (inherits attributes from).",
  })
  parent: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What CIs of the type are (null: not said).",
  })
  description: string | null;

  @Field(() => [AttributeDefinitionType], {
    description: "Attributes declared on this type itself.",
  })
  attributes: AttributeDefinitionType[];

  @Field(() => Boolean, { description: "Shipped with the product's default catalogue." })
  builtIn: boolean;

  @Field(() => Int, {
    description:
      "1 when created, one more with each change; name it in defineCiType to change the type.",
  })
  revision: number;

  @Field(() => Date, { description: "When it was created." })
  createdAt: Date;

  @Field(() => Date, { description: "When it was last changed." })
  updatedAt: Date;
}

@ObjectType("RelationshipType", {
  description: "A type of relationship between CIs: data, defined by ADMINs.",
})
export class RelationshipTypeType {
  @Field(() => String, {
    description:
      "Unique, UPPER_SNAKE_CASE; how the relationship reads from its source (DEPENDS_ON).",
  })
  name: string;

  @Field(() => String, {
    description: "How the relationship reads from its target (USED_BY for DEPENDS_ON).",
  })
  inverseName: string;

  @Field(() => DependentEnd, {
    description: "Which end is impacted when the other changes: what impact analysis follows.",
  })
  dependent: DomainDependentEnd;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may start at (and their subtypes); null: any.",
  })
  allowedSourceTypes: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may end at (and their subtypes); null: any.",
  })
  allowedTargetTypes: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "What the relationship means (null: not said).",
  })
  description: string | null;

  @Field(() => Boolean, {
    description: "Relates members to a redundancy group (its dependent end).",
  })
  membership: boolean;

  @Field(() => Boolean, { description: "Shipped with the product's default catalogue." })
  builtIn: boolean;

  @Field(() => Int, {
    description:
      "1 when created, one more with each change; name it in defineRelationshipType to change the type.",
  })
  revision: number;
}

@InputType("AttributeDefinitionInput", { description: "An attribute a CI type declares." })
export class AttributeDefinitionInput {
  @Field(() => String, {
    description: "A letter, then letters, digits or '_' (at most 64); unique within the type.",
  })
  name: string;

  @Field(() => AttributeType, { description: "The JSON type its value must have." })
  type: AttributeJsonType;

  @Field(() => Boolean, {
    nullable: true,
    description: "Whether every CI of the type must have it (default false).",
  })
  required?: boolean | null;

  @Field(() => String, { nullable: true, description: "What it means (at most 2000 characters)." })
  description?: string | null;
}

/** A CI type as the interchange document states it (also the base of defineCiType's input). */
@InputType("CiTypeEntryInput", {
  description: "A CI type of the interchange document, created or changed by name.",
})
export class CiTypeEntryInput {
  @Field(() => String, { description: "PascalCase letters and digits, at most 64." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "An existing CI type it specialises and inherits attributes from (null: none).",
  })
  parent?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What CIs of the type are (at most 2000 characters).",
  })
  description?: string | null;

  @Field(() => [AttributeDefinitionInput], {
    nullable: true,
    description:
      "The attributes the type itself declares: the whole list, replacing the one before (null: none).",
  })
  attributes?: AttributeDefinitionInput[] | null;
}

@InputType("DefineCiTypeInput", { description: "A CI type to create or change (defineCiType)." })
export class DefineCiTypeInput extends CiTypeEntryInput {
  @Field(() => Int, {
    nullable: true,
    description:
      "The revision read: required to change an existing type, absent for a new one (CONFLICT otherwise).",
  })
  revision?: number | null;
}

/** A relationship type as the interchange document states it (also the base of defineRelationshipType's input). */
@InputType("RelationshipTypeEntryInput", {
  description: "A relationship type of the interchange document, created or changed by name.",
})
export class RelationshipTypeEntryInput {
  @Field(() => String, {
    description: "UPPER_SNAKE_CASE, at most 64 (HAS_VERSION and SUBTYPE_OF are reserved).",
  })
  name: string;

  @Field(() => String, {
    description: "How it reads from its target (USED_BY for DEPENDS_ON); UPPER_SNAKE_CASE.",
  })
  inverseName: string;

  @Field(() => DependentEnd, { description: "Which end is impacted when the other changes." })
  dependent: DomainDependentEnd;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may start at (and their subtypes); null: any.",
  })
  allowedSourceTypes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may end at (and their subtypes); null: any.",
  })
  allowedTargetTypes?: string[] | null;

  @Field(() => String, { nullable: true, description: "What it means (at most 2000 characters)." })
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Relates members to a redundancy group (default false; needs a dependent end other than NONE).",
  })
  membership?: boolean | null;
}

@InputType("DefineRelationshipTypeInput", {
  description: "A relationship type to create or change (defineRelationshipType).",
})
export class DefineRelationshipTypeInput extends RelationshipTypeEntryInput {
  @Field(() => Int, {
    nullable: true,
    description:
      "The revision read: required to change an existing type, absent for a new one (CONFLICT otherwise).",
  })
  revision?: number | null;
}

@ObjectType("DefineCiTypePayload", { description: "What defineCiType wrote." })
export class DefineCiTypePayload {
  @Field(() => CiTypeType, { description: "The CI type as it now is." })
  ciType: CiTypeType;
}

@ObjectType("DefineRelationshipTypePayload", { description: "What defineRelationshipType wrote." })
export class DefineRelationshipTypePayload {
  @Field(() => RelationshipTypeType, { description: "The relationship type as it now is." })
  relationshipType: RelationshipTypeType;
}
