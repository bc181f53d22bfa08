import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import { toConnection } from "../relay/connection.js";
import { ActorType } from "./actor.type.js";
import {
  ApiTokenConnectionType,
  ApiTokenFilterInput,
  ApiTokenType,
  CreateApiTokenPayload,
  RevokeApiTokenPayload,
} from "./api-token.type.js";
import { CreateApiTokenInput, RevokeApiTokenInput } from "./create-api-token.input.js";

@Resolver(() => ActorType)
export class AuthResolver {
  @Query(() => ActorType, {
    description: "Who this request's token belongs to, and its roles (any caller).",
  })
  me(@Ctx() ctx: GraphqlContext): ActorType {
    return {
      user: ctx.actor.user,
      roles: [...ctx.actor.roles],
      issuedBy: ctx.actor.issuedBy ?? null,
      tokenId: ctx.actor.tokenId,
    };
  }

  @FieldResolver(() => ApiTokenType, {
    nullable: true,
    description: "The token used (null for the configured admin token).",
  })
  async token(@Root() actor: ActorType, @Ctx() ctx: GraphqlContext): Promise<ApiTokenType | null> {
    return actor.tokenId ? ctx.loaders.apiTokenById.load(actor.tokenId) : null;
  }

  @Query(() => ApiTokenConnectionType, {
    description: "The API tokens, newest first, a page at a time (ADMIN); revoked ones when asked.",
  })
  async apiTokens(
    @Arg("filter", () => ApiTokenFilterInput, {
      nullable: true,
      description: "Which tokens (null: the active ones).",
    })
    filter: ApiTokenFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Tokens in the page, from 1 to 100 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the newest tokens).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ApiTokenConnectionType> {
    const page = await ctx.app.tokens.list(
      ctx.scope,
      ctx.actor,
      { includeRevoked: filter?.includeRevoked ?? false },
      { first, after: after ?? null },
    );
    return toConnection(page, (t) => t);
  }

  @Mutation(() => CreateApiTokenPayload, {
    description: "Issues a token (ADMIN). Its secret is shown once.",
  })
  async createApiToken(
    @Arg("input", () => CreateApiTokenInput, {
      description: "Who the token acts for, with which roles.",
    })
    input: CreateApiTokenInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CreateApiTokenPayload> {
    const issued = await ctx.app.tokens.create(ctx.scope, ctx.actor, input);
    return { secret: issued.secret, apiToken: issued.token, token: issued.token };
  }

  @Mutation(() => RevokeApiTokenPayload, {
    description:
      "Revokes a token (ADMIN); it stops working at once. Revoking it again keeps the first revokedAt.",
  })
  async revokeApiToken(
    @Arg("input", () => RevokeApiTokenInput, { description: "The token to revoke." })
    input: RevokeApiTokenInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RevokeApiTokenPayload> {
    return { apiToken: await ctx.app.tokens.revoke(ctx.scope, ctx.actor, input.id) };
  }
}
