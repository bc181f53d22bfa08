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
import {
  AUDIT_OPERATIONS,
  AUDIT_TARGET_TYPES,
  type AuditEntry,
  type AuditOperation,
  type AuditTargetType,
} from "../../domain/audit/audit-entry.js";
import { ConnectionType, toConnection, type ConnectionValue } from "../relay/connection.js";
import type { GraphqlContext } from "../context.js";
import { NodeInterface } from "../relay/node.js";
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
    USER: { description: "A user (targetKey: their name)." },
  },
});

export const AuditOperationEnum = Object.fromEntries(AUDIT_OPERATIONS.map((o) => [o, o])) as {
  [K in AuditOperation]: K;
};
const RFC_ACTION = (what: string) => ({ description: `An RFC ${what} (target: the RFC).` });
registerEnumType(AuditOperationEnum, {
  name: "AuditOperation",
  description:
    "What a mutation did to its target; RFC_ operations are change management's, the rest read with the targetType.",
  valuesConfig: {
    CREATE: { description: "Created (a CI, a relationship, a release, an API token)." },
    UPDATE: { description: "A CI's fields changed (by a user or an RFC's implementation)." },
    RETIRE: { description: "A CI retired." },
    IMPORT: {
      description: "Written by an import: a CI created or updated, or the import itself (IMPORT).",
    },
    DISCOVERY: {
      description: "One applied discovery run of a source, with its counts (target: IMPORT).",
    },
    BACK_OUT: { description: "A CI set back to its before-image by an RFC's back-out." },
    VERIFY: { description: "A CI checked against reality (verifyConfigurationItem)." },
    REMOVE: { description: "A relationship ended." },
    DEFINE: {
      description: "Defined: a CI or relationship type, a standard change, a freeze window.",
    },
    REDEFINE: { description: "A CI type, relationship type or standard change defined again." },
    LIFT: { description: "A freeze window lifted." },
    REVOKE: { description: "An API token revoked." },
    TAKE: { description: "A baseline taken." },
    CONFIGURE: { description: "An integrity rule enabled, disabled or tuned." },
    RUN: { description: "An integrity check run (target: the run)." },
    BUILD: { description: "A release marked built." },
    ACCEPT: { description: "A release accepted after TEST." },
    CLOSE: { description: "A release closed." },
    CANCEL: { description: "A release cancelled." },
    PREPARE_DEPLOYMENT: { description: "A deployment RFC drafted and linked to a release." },
    DEPLOY_TEST: { description: "A release deployed to TEST (or the attempt recorded as FAILED)." },
    DEPLOY_PRODUCTION: {
      description: "A release deployed to PRODUCTION (or the attempt recorded as FAILED).",
    },
    ROLLBACK: { description: "A release's production deployment rolled back." },
    DEACTIVATE: { description: "A user deactivated: their credentials stop authenticating." },
    REACTIVATE: { description: "A deactivated user made active again." },
    RFC_CREATE: RFC_ACTION("drafted"),
    RFC_EDIT: RFC_ACTION("edited"),
    RFC_SUBMIT: RFC_ACTION("submitted"),
    RFC_ASSESS: RFC_ACTION("assessed"),
    RFC_APPROVE: RFC_ACTION("approved"),
    RFC_REJECT: RFC_ACTION("rejected"),
    RFC_SCHEDULE: RFC_ACTION("scheduled"),
    RFC_IMPLEMENT: RFC_ACTION("implemented (or its failed implementation recorded)"),
    RFC_BACKOUT: RFC_ACTION("backed out"),
    RFC_CANCEL: RFC_ACTION("cancelled"),
    RFC_CLOSE: RFC_ACTION("closed"),
    RFC_RECORDRETROSPECTIVE: RFC_ACTION("given its retrospective review"),
    RFC_COMMENT: RFC_ACTION("commented on"),
  },
});

@ObjectType("AuditEntry", {
  implements: NodeInterface,
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

  @Field(() => String, {
    nullable: true,
    description:
      "Who issued the credential the mutation was made with: the ADMIN who created the API token, the identity provider (its `iss`) of a JWT, `config:GRAPH_CMDB_ADMIN_TOKEN`, `os` for the command line; null for entries written before 1.1.0 and for the product's own writes.",
  })
  issuedBy: string | null;

  @Field(() => AuditOperationEnum, { description: "What the mutation did to its target." })
  operation: AuditOperation;

  @Field(() => AuditTarget, { description: "What kind of thing was changed." })
  targetType: AuditTargetType;

  @Field(() => ID, { description: "The target's id (a CI's id, a type's name …)." })
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
  @Field(() => ID, {
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

  @Field(() => String, {
    nullable: true,
    description:
      "Only mutations made with a credential this issuer issued (see AuditEntry.issuedBy).",
  })
  issuedBy?: string | null;

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
    description: "The audit trail, newest first: by target, actor, issuer and period (READER).",
  })
  async auditTrail(
    @Arg("filter", () => AuditFilterInput, {
      nullable: true,
      description: "What to list (null: every entry).",
    })
    filter: AuditFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
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
    return toConnection(page, toAuditEntryType);
  }
}

/** An entry as the schema gives it (the trail holds only AuditOperation values: see recordAuditEntries). */
export function toAuditEntryType(e: AuditEntry): AuditEntryType {
  return { ...e, operation: e.operation as AuditOperation };
}
