import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import { toConnection } from "../relay/connection.js";
import {
  CreateUserInput,
  CreateUserPayload,
  DeactivateUserInput,
  DeactivateUserPayload,
  ReactivateUserInput,
  ReactivateUserPayload,
  toUserType,
  UpdateUserInput,
  UpdateUserPayload,
  UserConnectionType,
  UserFilterInput,
  UserType,
} from "./user.types.js";

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserConnectionType, {
    description: "The users, by name, a page at a time (ADMIN); deactivated ones when asked.",
  })
  async users(
    @Arg("filter", () => UserFilterInput, {
      nullable: true,
      description: "Which users (null: the active ones).",
    })
    filter: UserFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "Users in the page, from 1 to 100 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: from the first name).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UserConnectionType> {
    const page = await ctx.app.users.list(
      ctx.scope,
      ctx.actor,
      { includeDeactivated: filter?.includeDeactivated ?? false },
      { first, after: after ?? null },
    );
    return toConnection(page, toUserType);
  }

  @Query(() => UserType, {
    nullable: true,
    description: "A user by name, in any spelling (ADMIN, or the caller's own); null when none.",
  })
  async user(
    @Arg("name", () => String, { description: "The user's name." }) name: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UserType | null> {
    const user = await ctx.app.users.get(ctx.scope, ctx.actor, name);
    return user ? toUserType(user) : null;
  }

  @Mutation(() => CreateUserPayload, {
    description:
      "Creates a user (ADMIN), once: tokens are issued only for users, with the roles the user may be given.",
  })
  async createUser(
    @Arg("input", () => CreateUserInput, { description: "Who, and which roles they may be given." })
    input: CreateUserInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CreateUserPayload> {
    return { user: toUserType(await ctx.app.users.create(ctx.scope, ctx.actor, input)) };
  }

  @Mutation(() => UpdateUserPayload, {
    description:
      "Changes a user's display name or the roles their credentials may carry (ADMIN); narrowed roles narrow their tokens at once.",
  })
  async updateUser(
    @Arg("input", () => UpdateUserInput, { description: "The user and what to change." })
    input: UpdateUserInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UpdateUserPayload> {
    return { user: toUserType(await ctx.app.users.update(ctx.scope, ctx.actor, input)) };
  }

  @Mutation(() => DeactivateUserPayload, {
    description:
      "Deactivates a user (ADMIN): their tokens and JWTs stop authenticating at once. Deactivating again keeps the first deactivatedAt.",
  })
  async deactivateUser(
    @Arg("input", () => DeactivateUserInput, { description: "The user to deactivate." })
    input: DeactivateUserInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DeactivateUserPayload> {
    return { user: toUserType(await ctx.app.users.deactivate(ctx.scope, ctx.actor, input.name)) };
  }

  @Mutation(() => ReactivateUserPayload, {
    description:
      "Reactivates a deactivated user (ADMIN): their tokens that were not revoked work again.",
  })
  async reactivateUser(
    @Arg("input", () => ReactivateUserInput, { description: "The user to reactivate." })
    input: ReactivateUserInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ReactivateUserPayload> {
    return { user: toUserType(await ctx.app.users.reactivate(ctx.scope, ctx.actor, input.name)) };
  }
}
