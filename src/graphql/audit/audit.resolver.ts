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
import { PageInfoType } from "../ci/configuration-item.resolver.js";
import type { GraphqlContext } from "../context.js";
import { JSONScalar } from "../scalars.js";

export const AuditTarget = Object.fromEntries(AUDIT_TARGET_TYPES.map((t) => [t, t])) as {
  [K in AuditTargetType]: K;
};
registerEnumType(AuditTarget, {
  name: "AuditTargetType",
  description: "What kind of thing a mutation changed.",
});

@ObjectType("AuditEntry", {
  description:
    "One mutation of the product: who, when, what, on what, before and after. Append-only.",
})
export class AuditEntryType {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  at: Date;

  @Field(() => String)
  actor: string;

  @Field(() => String, { description: "CREATE, UPDATE, RETIRE, RFC_APPROVE, IMPORT …" })
  operation: string;

  @Field(() => AuditTarget)
  targetType: AuditTargetType;

  @Field(() => String, { description: "The target's id (a CI's id, a type's name …)." })
  targetId: string;

  @Field(() => String, { nullable: true, description: "The name people use for the target." })
  targetKey: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "The target before (null: created)." })
  before: unknown;

  @Field(() => JSONScalar, { nullable: true })
  after: unknown;

  @Field(() => ID, { nullable: true, description: "The RFC the mutation implemented, if any." })
  rfcId: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType("AuditConnection")
export class AuditConnectionType {
  @Field(() => [AuditEntryType])
  nodes: AuditEntryType[];

  @Field(() => PageInfoType)
  pageInfo: PageInfoType;
}

@InputType("AuditFilter", { description: "Every field optional; together they narrow." })
export class AuditFilterInput {
  @Field(() => String, { nullable: true })
  targetId?: string | null;

  @Field(() => AuditTarget, { nullable: true })
  targetType?: AuditTargetType | null;

  @Field(() => String, { nullable: true })
  actor?: string | null;

  @Field(() => Date, { nullable: true, description: "From this instant (included)." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Until this instant (excluded)." })
  to?: Date | null;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnectionType, {
    description: "The audit trail, newest first: by target, actor and period.",
  })
  async auditTrail(
    @Arg("filter", () => AuditFilterInput, { nullable: true }) filter: AuditFilterInput | null,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AuditConnectionType> {
    const page = await ctx.app.audit.trail(ctx.scope, ctx.actor, filter ?? {}, {
      first,
      after: after ?? null,
    });
    return {
      nodes: page.entries,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }
}
