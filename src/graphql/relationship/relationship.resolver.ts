import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import {
  CiRelationshipType,
  CreateRelationshipInput,
  CreateRelationshipPayload,
  RelationshipDirection,
  RemoveRelationshipInput,
  RemoveRelationshipPayload,
  toRelationshipType,
} from "./ci-relationship.type.js";

@Resolver(() => CiRelationshipType)
export class RelationshipResolver {
  @Mutation(() => CreateRelationshipPayload, {
    description:
      "Relates two CIs (EDITOR), checked against the type rules (VALIDATION); CONFLICT when the same relationship is already in force.",
  })
  async createRelationship(
    @Arg("input", () => CreateRelationshipInput, { description: "Its ends, type and reason." })
    input: CreateRelationshipInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CreateRelationshipPayload> {
    const r = await ctx.app.relationships.create(ctx.scope, ctx.actor, input);
    return { relationship: toRelationshipType(r, r.fromId, null) };
  }

  @Mutation(() => RemoveRelationshipPayload, {
    description:
      "Ends the relationship of a type in force from one CI to another (EDITOR); it stays in the history. NOT_FOUND when none is in force.",
  })
  async removeRelationship(
    @Arg("input", () => RemoveRelationshipInput, {
      description: "Its ends, its type and why.",
    })
    input: RemoveRelationshipInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RemoveRelationshipPayload> {
    const r = await ctx.app.relationships.removeBetween(ctx.scope, ctx.actor, input);
    return { relationship: toRelationshipType(r, r.fromId, null) };
  }

  @FieldResolver(() => String, {
    description: "The name as read from the CI it was read on (USED_BY when INCOMING).",
  })
  async label(@Root() r: CiRelationshipType, @Ctx() ctx: GraphqlContext): Promise<string> {
    if (r.direction === RelationshipDirection.OUTGOING) return r.type;
    const def = (await ctx.loaders.catalogue()).catalogue.relationshipType(r.type);
    return def?.inverseName ?? r.type;
  }

  @FieldResolver(() => ConfigurationItemType, { description: "The CI the relationship starts at." })
  source(
    @Root() r: CiRelationshipType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return loadEnd(ctx, r.fromId, r.asOf);
  }

  @FieldResolver(() => ConfigurationItemType, { description: "The CI the relationship ends at." })
  target(
    @Root() r: CiRelationshipType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return loadEnd(ctx, r.toId, r.asOf);
  }

  @FieldResolver(() => ConfigurationItemType, {
    description: "The CI at the other end from the one it was read on.",
  })
  other(@Root() r: CiRelationshipType, @Ctx() ctx: GraphqlContext): Promise<ConfigurationItemType> {
    return loadEnd(ctx, r.viewerId === r.fromId ? r.toId : r.fromId, r.asOf);
  }
}

async function loadEnd(
  ctx: GraphqlContext,
  id: string,
  asOf: Date | null,
): Promise<ConfigurationItemType> {
  const ci =
    (await ctx.loaders.ciById(asOf).load(id)) ??
    (asOf ? await ctx.loaders.ciById(null).load(id) : null);
  if (!ci) throw new NotFoundError("configuration item", id);
  return toCiType(ci, asOf);
}
