import { Field, Int, ObjectType } from "type-graphql";
import { JSONScalar } from "../scalars.js";

@ObjectType("FieldChange", {
  description: "One field (or attribute, as attributes.NAME) that a write changed.",
})
export class FieldChangeType {
  @Field(() => String, {
    description: "The field's name (key, name, lifecycle …), or attributes.NAME for an attribute.",
  })
  field: string;

  @Field(() => JSONScalar, { nullable: true, description: "Its value before (null: unset)." })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "Its value after (null: cleared)." })
  after: unknown;
}

@ObjectType("CiVersion", { description: "One write to a CI: who, when, why, what changed." })
export class CiVersionType {
  @Field(() => Int, { description: "The CI's revision this write made (1: created)." })
  revision: number;

  @Field(() => String, { description: "CREATE, UPDATE, RETIRE or IMPORT." })
  operation: string;

  @Field(() => String, { description: "The user who wrote it." })
  actor: string;

  @Field(() => String, {
    nullable: true,
    description: "Why, as the writer gave it (null: not given).",
  })
  reason: string | null;

  @Field(() => String, { nullable: true, description: "The RFC the write implemented, if any." })
  rfcId: string | null;

  @Field(() => Date, { description: "When the write was made: this version holds from then." })
  validFrom: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When the next write replaced it (null: current).",
  })
  validTo: Date | null;

  @Field(() => [FieldChangeType], {
    description: "Field by field, what the write changed (CREATE: every field it set).",
  })
  changes: FieldChangeType[];
}
