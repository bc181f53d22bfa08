import { Field, Int, ObjectType } from "type-graphql";
import { JSONScalar } from "../scalars.js";

@ObjectType("FieldChange", {
  description: "One field (or attribute, as attributes.NAME) that a write changed.",
})
export class FieldChangeType {
  @Field(() => String)
  field: string;

  @Field(() => JSONScalar, { nullable: true })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true })
  after: unknown;
}

@ObjectType("CiVersion", { description: "One write to a CI: who, when, why, what changed." })
export class CiVersionType {
  @Field(() => Int)
  revision: number;

  @Field(() => String, { description: "CREATE, UPDATE, RETIRE or IMPORT." })
  operation: string;

  @Field(() => String)
  actor: string;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true, description: "The RFC the write implemented, if any." })
  rfcId: string | null;

  @Field(() => Date)
  validFrom: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When the next write replaced it (null: current).",
  })
  validTo: Date | null;

  @Field(() => [FieldChangeType])
  changes: FieldChangeType[];
}
