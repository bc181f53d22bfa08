import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";
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

export type CiWriteOperation = "CREATE" | "UPDATE" | "RETIRE" | "IMPORT" | "BACK_OUT";

export const CiVersionOperation: { [K in CiWriteOperation]: K } = {
  CREATE: "CREATE",
  UPDATE: "UPDATE",
  RETIRE: "RETIRE",
  IMPORT: "IMPORT",
  BACK_OUT: "BACK_OUT",
};

registerEnumType(CiVersionOperation, {
  name: "CiVersionOperation",
  description: "The kind of write that made a version of a CI.",
  valuesConfig: {
    CREATE: { description: "createConfigurationItem, or an RFC creating the CI (revision 1)." },
    UPDATE: { description: "updateConfigurationItem, or an RFC changing the CI." },
    RETIRE: { description: "retireConfigurationItem, or an RFC retiring the CI." },
    IMPORT: { description: "importConfiguration (or the CLI's import) created or changed it." },
    BACK_OUT: { description: "An RFC's back-out put its fields back." },
  },
});

/** The order a CI's history is listed in. */
export const CiHistoryOrder: { OLDEST_FIRST: "OLDEST_FIRST"; NEWEST_FIRST: "NEWEST_FIRST" } = {
  OLDEST_FIRST: "OLDEST_FIRST",
  NEWEST_FIRST: "NEWEST_FIRST",
};

registerEnumType(CiHistoryOrder, {
  name: "CiHistoryOrder",
  description: "The order of a CI's versions in its history.",
  valuesConfig: {
    OLDEST_FIRST: { description: "By revision, from the CI's creation." },
    NEWEST_FIRST: { description: "By revision, from the current version back." },
  },
});

@ObjectType("CiVersion", { description: "One write to a CI: who, when, why, what changed." })
export class CiVersionType {
  @Field(() => Int, { description: "The CI's revision this write made (1: created)." })
  revision: number;

  @Field(() => CiVersionOperation, { description: "The kind of write." })
  operation: CiWriteOperation;

  @Field(() => String, { description: "The user who wrote it." })
  actor: string;

  @Field(() => String, {
    nullable: true,
    description: "Why, as the writer gave it (null: not given).",
  })
  reason: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The id of the RFC the write implemented (null: none); `node(id:)` reads it.",
  })
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

export const CiVersionConnectionType = ConnectionType(
  CiVersionType,
  "CiVersion",
  "versions of a CI",
  "by revision, oldest or newest first as asked",
);
export type CiVersionConnectionType = ConnectionValue<CiVersionType>;
