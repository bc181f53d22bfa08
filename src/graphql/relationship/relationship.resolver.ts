import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import {
  CiRelationshipType,
  CreateRelationshipInput,
  RelationshipDirection,
  RemoveRelationshipInput,
  toRelationshipType,
} from "./ci-relationship.type.js";

@Resolver(() => CiRelationshipType)
export class RelationshipResolver {
  @Mutation(() => CiRelationshipType, {
    description:
      "Relates two CIs (EDITOR), checked against the type rules (VALIDATION); CONFLICT when the same relationship is already in force.",
  })
  async createRelationship(
    @Arg("input", () => CreateRelationshipInput, { description: "Its ends, type and reason." })
    input: CreateRelationshipInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiRelationshipType> {
    const r = await ctx.app.relationships.create(ctx.scope, ctx.actor, input);
    return toRelationshipType(r, r.fromId, null);
  }

  @Mutation(() => CiRelationshipType, {
    description:
      "Ends a relationship (EDITOR); it stays in the history. CONFLICT when already removed or at another revision.",
  })
  async removeRelationship(
    @Arg("input", () => RemoveRelationshipInput, {
      description: "The relationship, the revision read and why.",
    })
    input: RemoveRelationshipInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiRelationshipType> {
    const r = await ctx.app.relationships.remove(
      ctx.scope,
      ctx.actor,
      input.id,
      input.revision,
      input.reason,
    );
    return toRelationshipType(r, r.fromId, null);
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
