import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { CiRelationship } from "../../domain/relationship/ci-relationship.js";
import { CiReferenceInput } from "../ci/ci.inputs.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";

export enum RelationshipDirection {
  OUTGOING = "OUTGOING",
  INCOMING = "INCOMING",
}

registerEnumType(RelationshipDirection, {
  name: "RelationshipDirection",
  description: "Seen from the CI it was read on: OUTGOING when that CI is the source.",
  valuesConfig: {
    OUTGOING: { description: "The CI it was read on is the source (reads as `type`)." },
    INCOMING: { description: "The CI it was read on is the target (reads as the inverse name)." },
  },
});

@ObjectType("CiRelationship", { description: "A typed, directed relationship between two CIs." })
export class CiRelationshipType {
  @Field(() => ID, {
    description:
      "Server-made, unique; names it in the audit trail (mutations name a relationship by its ends and type).",
  })
  id: string;

  @Field(() => String, { description: "The relationship type's name (as read from the source)." })
  type: string;

  @Field(() => RelationshipDirection, { description: "Seen from the CI it was read on." })
  direction: RelationshipDirection;

  @Field(() => Date, { description: "When it was created." })
  validFrom: Date;

  @Field(() => Date, { nullable: true, description: "When it was removed (null: in force)." })
  validTo: Date | null;

  @Field(() => String, { description: "The user who created it." })
  createdBy: string;

  @Field(() => String, { nullable: true, description: "Why it was created (null: not given)." })
  reason: string | null;

  @Field(() => String, { nullable: true, description: "The user who removed it (null: in force)." })
  removedBy: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Why it was removed (null: in force, or no reason given).",
  })
  removeReason: string | null;

  @Field(() => Int, { description: "1 while in force, 2 once removed; name it to remove." })
  revision: number;

  fromId: string;
  toId: string;
  /** The CI it was read from, and the instant it was read as of. */
  viewerId: string;
  asOf: Date | null;
}

export const CiRelationshipConnectionType = ConnectionType(
  CiRelationshipType,
  "CiRelationship",
  "relationships of a CI",
  "by type, then id",
);
export type CiRelationshipConnectionType = ConnectionValue<CiRelationshipType>;

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

@InputType("CreateRelationshipInput", {
  description: "A relationship to create (createRelationship).",
})
export class CreateRelationshipInput {
  @Field(() => CiReferenceInput, { description: "The CI it starts at (its source), by id or key." })
  from: CiReferenceInput;

  @Field(() => CiReferenceInput, { description: "The CI it ends at (its target), by id or key." })
  to: CiReferenceInput;

  @Field(() => String, { description: "A relationship type's name." })
  type: string;

  @Field(() => String, {
    nullable: true,
    description: "Why; kept in its history and the audit trail.",
  })
  reason?: string | null;
}

@InputType("RemoveRelationshipInput", {
  description:
    "The relationship to end (removeRelationship), named by its ends and type: the one in force.",
})
export class RemoveRelationshipInput {
  @Field(() => CiReferenceInput, { description: "The CI it starts at (its source), by id or key." })
  from: CiReferenceInput;

  @Field(() => CiReferenceInput, { description: "The CI it ends at (its target), by id or key." })
  to: CiReferenceInput;

  @Field(() => String, { description: "The relationship type's name." })
  type: string;

  @Field(() => String, {
    nullable: true,
    description: "Why; kept in its history and the audit trail.",
  })
  reason?: string | null;
}

@ObjectType("CreateRelationshipPayload", { description: "What createRelationship made." })
export class CreateRelationshipPayload {
  @Field(() => CiRelationshipType, {
    description: "The relationship created, read from its source (OUTGOING).",
  })
  relationship: CiRelationshipType;
}

@ObjectType("RemoveRelationshipPayload", { description: "What removeRelationship ended." })
export class RemoveRelationshipPayload {
  @Field(() => CiRelationshipType, {
    description: "The relationship, now ended (validTo set), read from its source (OUTGOING).",
  })
  relationship: CiRelationshipType;
}
