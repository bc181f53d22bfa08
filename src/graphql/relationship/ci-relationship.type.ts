import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { CiRelationship } from "../../domain/relationship/ci-relationship.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";

export enum RelationshipDirection {
  OUTGOING = "OUTGOING",
  INCOMING = "INCOMING",
}

registerEnumType(RelationshipDirection, {
  name: "RelationshipDirection",
  description: "Seen from the CI it was read on: OUTGOING when that CI is the source.",
});

@ObjectType("CiRelationship", { description: "A typed, directed relationship between two CIs." })
export class CiRelationshipType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The relationship type's name (as read from the source)." })
  type: string;

  @Field(() => RelationshipDirection)
  direction: RelationshipDirection;

  @Field(() => Date)
  validFrom: Date;

  @Field(() => Date, { nullable: true, description: "When it was removed (null: in force)." })
  validTo: Date | null;

  @Field(() => String)
  createdBy: string;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  removedBy: string | null;

  @Field(() => String, { nullable: true })
  removeReason: string | null;

  @Field(() => Int, { description: "1 while in force, 2 once removed; name it to remove." })
  revision: number;

  fromId: string;
  toId: string;
  /** The CI it was read from, and the instant it was read as of. */
  viewerId: string;
  asOf: Date | null;
}

export function toRelationshipType(
  r: CiRelationship,
  viewerId: string,
  asOf: Date | null,
): CiRelationshipType {
  return {
    ...r,
    direction:
      r.fromId === viewerId ? RelationshipDirection.OUTGOING : RelationshipDirection.INCOMING,
    viewerId,
    asOf,
  };
}

@InputType("CreateRelationshipInput")
export class CreateRelationshipInput {
  @Field(() => CiReferenceInput)
  from: CiReferenceInput;

  @Field(() => CiReferenceInput)
  to: CiReferenceInput;

  @Field(() => String, { description: "A relationship type's name." })
  type: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType("RemoveRelationshipInput")
export class RemoveRelationshipInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The revision read (1 for a relationship in force)." })
  revision: number;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
