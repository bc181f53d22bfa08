import {
  Arg,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from "type-graphql";
import { AUDIT_TARGET_TYPES, type AuditTargetType } from "../../domain/audit/audit-entry.js";
import { ConnectionType, toConnection, type ConnectionValue } from "../relay/connection.js";
import type { GraphqlContext } from "../context.js";
import { JSONScalar } from "../scalars.js";

export const AuditTarget = Object.fromEntries(AUDIT_TARGET_TYPES.map((t) => [t, t])) as {
  [K in AuditTargetType]: K;
};
registerEnumType(AuditTarget, {
  name: "AuditTargetType",
  description: "What kind of thing a mutation changed.",
  valuesConfig: {
    CONFIGURATION_ITEM: { description: "A CI (targetId: its id; targetKey: its key)." },
    RELATIONSHIP: { description: "A relationship between two CIs." },
    CI_TYPE: { description: "A CI type of the catalogue (targetId: its name)." },
    RELATIONSHIP_TYPE: {
      description: "A relationship type of the catalogue (targetId: its name).",
    },
    API_TOKEN: { description: "An API token (never its secret)." },
    IMPORT: { description: "One applied import of an interchange document, with its counts." },
    RFC: { description: "A request for change (targetKey: RFC-<number>)." },
    STANDARD_CHANGE: { description: "A standard change template." },
    FREEZE_WINDOW: { description: "A freeze window." },
    BASELINE: { description: "A baseline (targetKey: its name)." },
    INTEGRITY_RULE: { description: "An integrity rule's configuration (targetId: the rule)." },
    INTEGRITY_RUN: { description: "One run of the integrity checks." },
    RELEASE: { description: "A release (targetKey: 'name version')." },
  },
});

@ObjectType("AuditEntry", {
  description:
    "One mutation of the product: who, when, what, on what, before and after. Append-only.",
})
export class AuditEntryType {
  @Field(() => ID, { description: "Server-made." })
  id: string;

  @Field(() => Date, { description: "When the mutation was made." })
  at: Date;

  @Field(() => String, { description: "The user who made the mutation." })
  actor: string;

  @Field(() => String, { description: "CREATE, UPDATE, RETIRE, RFC_APPROVE, IMPORT …" })
  operation: string;

  @Field(() => AuditTarget, { description: "What kind of thing was changed." })
  targetType: AuditTargetType;

  @Field(() => String, { description: "The target's id (a CI's id, a type's name …)." })
  targetId: string;

  @Field(() => String, { nullable: true, description: "The name people use for the target." })
  targetKey: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The target before (null: created)." })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "The target after the mutation." })
  after: unknown;

  @Field(() => ID, { nullable: true, description: "The RFC the mutation implemented, if any." })
  rfcId: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Why, as the caller gave it (null: not given).",
  })
  reason: string | null;
}

export const AuditConnectionType = ConnectionType(
  AuditEntryType,
  "Audit",
  "audit entries",
  "newest first",
);
export type AuditConnectionType = ConnectionValue<AuditEntryType>;

@InputType("AuditFilter", { description: "Every field optional; together they narrow." })
export class AuditFilterInput {
  @Field(() => String, {
    nullable: true,
    description: "Only entries about this target (its id: a CI's id, a type's name …).",
  })
  targetId?: string | null;

  @Field(() => AuditTarget, {
    nullable: true,
    description: "Only entries about targets of this kind.",
  })
  targetType?: AuditTargetType | null;

  @Field(() => String, { nullable: true, description: "Only mutations made by this user." })
  actor?: string | null;

  @Field(() => Date, { nullable: true, description: "From this instant (included)." })
  from?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "Until this instant (excluded); must be after `from` (VALIDATION).",
  })
  to?: Date | null;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnectionType, {
    description: "The audit trail, newest first: by target, actor and period (READER).",
  })
  async auditTrail(
    @Arg("filter", () => AuditFilterInput, {
      nullable: true,
      description: "What to list (null: every entry).",
    })
    filter: AuditFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 100,
      description: "Entries in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the page before (null: the newest entries).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AuditConnectionType> {
    const page = await ctx.app.audit.trail(ctx.scope, ctx.actor, filter ?? {}, {
      first,
      after: after ?? null,
    });
    return toConnection(page, (e) => e);
  }
}
