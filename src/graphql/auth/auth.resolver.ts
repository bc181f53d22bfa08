import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import { ActorType } from "./actor.type.js";
import { ApiTokenType, IssuedApiTokenType } from "./api-token.type.js";
import { CreateApiTokenInput } from "./create-api-token.input.js";

@Resolver(() => ActorType)
export class AuthResolver {
  @Query(() => ActorType, {
    description: "Who this request's token belongs to, and its roles (any caller).",
  })
  me(@Ctx() ctx: GraphqlContext): ActorType {
    return { user: ctx.actor.user, roles: [...ctx.actor.roles], tokenId: ctx.actor.tokenId };
  }

  @FieldResolver(() => ApiTokenType, {
    nullable: true,
    description: "The token used (null for the configured admin token).",
  })
  async token(@Root() actor: ActorType, @Ctx() ctx: GraphqlContext): Promise<ApiTokenType | null> {
    return actor.tokenId ? ctx.loaders.apiTokenById.load(actor.tokenId) : null;
  }

  @Query(() => [ApiTokenType], {
    description: "The API tokens, newest first (ADMIN); revoked ones only when asked.",
  })
  apiTokens(
    @Arg("includeRevoked", () => Boolean, {
      defaultValue: false,
      description: "Also list revoked tokens.",
    })
    includeRevoked: boolean,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ApiTokenType[]> {
    return ctx.app.tokens.list(ctx.scope, ctx.actor, includeRevoked);
  }

  @Mutation(() => IssuedApiTokenType, {
    description: "Issues a token (ADMIN). Its secret is shown once.",
  })
  createApiToken(
    @Arg("input", () => CreateApiTokenInput, {
      description: "Who the token acts for, with which roles.",
    })
    input: CreateApiTokenInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<IssuedApiTokenType> {
    return ctx.app.tokens.create(ctx.scope, ctx.actor, input);
  }

  @Mutation(() => ApiTokenType, {
    description:
      "Revokes a token (ADMIN); it stops working at once. Revoking it again keeps the first revokedAt.",
  })
  revokeApiToken(
    @Arg("id", () => ID, { description: "The token's id (NOT_FOUND when none has it)." })
    id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ApiTokenType> {
    return ctx.app.tokens.revoke(ctx.scope, ctx.actor, id);
  }
}
