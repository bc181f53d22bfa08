import { Field, InputType, Int, ObjectType } from "type-graphql";
import type { DependentEnd as DomainDependentEnd } from "../../domain/interchange/interchange-document.js";
import { DependentEnd } from "./dependent-end.enum.js";

@ObjectType("AttributeDefinition", { description: "An attribute a CI type declares." })
export class AttributeDefinitionType {
  @Field(() => String)
  name: string;

  @Field(() => String, {
    description: "JSON type: string, number, integer, boolean, object or array.",
  })
  type: string;

  @Field(() => Boolean)
  required: boolean;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType("CiType", { description: "A type of configuration item: data, defined by ADMINs." })
export class CiTypeType {
  @Field(() => String)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "The type it specialises (inherits attributes from).",
  })
  parent: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [AttributeDefinitionType], {
    description: "Attributes declared on this type itself.",
  })
  attributes: AttributeDefinitionType[];

  @Field(() => Boolean, { description: "Shipped with the product's default catalogue." })
  builtIn: boolean;

  @Field(() => Int)
  revision: number;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

@ObjectType("RelationshipType", {
  description: "A type of relationship between CIs: data, defined by ADMINs.",
})
export class RelationshipTypeType {
  @Field(() => String)
  name: string;

  @Field(() => String, {
    description: "How the relationship reads from its target (USED_BY for DEPENDS_ON).",
  })
  inverseName: string;

  @Field(() => DependentEnd)
  dependent: DomainDependentEnd;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may start at (and their subtypes); null = any.",
  })
  allowedSourceTypes: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "CI types it may end at (and their subtypes); null = any.",
  })
  allowedTargetTypes: string[] | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Boolean, {
    description: "Relates members to a redundancy group (its dependent end).",
  })
  membership: boolean;

  @Field(() => Boolean)
  builtIn: boolean;

  @Field(() => Int)
  revision: number;
}

@InputType("AttributeDefinitionInput")
export class AttributeDefinitionInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { description: "string, number, integer, boolean, object or array" })
  type: string;

  @Field(() => Boolean, { nullable: true })
  required?: boolean | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

/** A CI type as the interchange document states it (also the base of defineCiType's input). */
@InputType("CiTypeEntryInput")
export class CiTypeEntryInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  parent?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [AttributeDefinitionInput], { nullable: true })
  attributes?: AttributeDefinitionInput[] | null;
}

@InputType("DefineCiTypeInput")
export class DefineCiTypeInput extends CiTypeEntryInput {
  @Field(() => Int, {
    nullable: true,
    description: "The revision read, when changing an existing type.",
  })
  revision?: number | null;
}

/** A relationship type as the interchange document states it (also the base of defineRelationshipType's input). */
@InputType("RelationshipTypeEntryInput")
export class RelationshipTypeEntryInput {
  @Field(() => String)
  name: string;

  @Field(() => String)
  inverseName: string;

  @Field(() => DependentEnd)
  dependent: DomainDependentEnd;

  @Field(() => [String], { nullable: true })
  allowedSourceTypes?: string[] | null;

  @Field(() => [String], { nullable: true })
  allowedTargetTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Relates members to a redundancy group." })
  membership?: boolean | null;
}

@InputType("DefineRelationshipTypeInput")
export class DefineRelationshipTypeInput extends RelationshipTypeEntryInput {
  @Field(() => Int, {
    nullable: true,
    description: "The revision read, when changing an existing type.",
  })
  revision?: number | null;
}
