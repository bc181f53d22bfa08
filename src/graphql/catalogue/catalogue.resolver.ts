import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import {
  CiTypeType,
  DefineCiTypeInput,
  DefineCiTypePayload,
  DefineRelationshipTypeInput,
  DefineRelationshipTypePayload,
  RelationshipTypeType,
} from "./catalogue.types.js";

@Resolver()
export class CatalogueResolver {
  @Query(() => [CiTypeType], { description: "Every CI type, by name (READER)." })
  async ciTypes(@Ctx() ctx: GraphqlContext): Promise<CiTypeType[]> {
    return (await ctx.loaders.catalogue()).ciTypes.map((t) => ({
      ...t,
      attributes: [...t.attributes],
    }));
  }

  @Query(() => [RelationshipTypeType], {
    description: "Every relationship type, by name (READER).",
  })
  async relationshipTypes(@Ctx() ctx: GraphqlContext): Promise<RelationshipTypeType[]> {
    return (await ctx.loaders.catalogue()).relationshipTypes.map(toRelationshipType);
  }

  @Mutation(() => DefineCiTypePayload, {
    description:
      "Creates or changes a CI type (ADMIN); checked against the whole catalogue (VALIDATION), CONFLICT on a stale or missing revision.",
  })
  async defineCiType(
    @Arg("input", () => DefineCiTypeInput, { description: "The type as it should be." })
    input: DefineCiTypeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DefineCiTypePayload> {
    const t = await ctx.app.catalogue.defineCiType(ctx.scope, ctx.actor, input);
    return { ciType: { ...t, attributes: [...t.attributes] } };
  }

  @Mutation(() => DefineRelationshipTypePayload, {
    description:
      "Creates or changes a relationship type (ADMIN); checked against the whole catalogue (VALIDATION), CONFLICT on a stale or missing revision.",
  })
  async defineRelationshipType(
    @Arg("input", () => DefineRelationshipTypeInput, { description: "The type as it should be." })
    input: DefineRelationshipTypeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DefineRelationshipTypePayload> {
    const t = await ctx.app.catalogue.defineRelationshipType(ctx.scope, ctx.actor, input);
    return { relationshipType: toRelationshipType(t) };
  }
}

function toRelationshipType(t: {
  name: string;
  inverseName: string;
  dependent: RelationshipTypeType["dependent"];
  allowedSourceTypes: readonly string[] | null;
  allowedTargetTypes: readonly string[] | null;
  description: string | null;
  membership: boolean;
  builtIn: boolean;
  revision: number;
}): RelationshipTypeType {
  return {
    ...t,
    allowedSourceTypes: t.allowedSourceTypes ? [...t.allowedSourceTypes] : null,
    allowedTargetTypes: t.allowedTargetTypes ? [...t.allowedTargetTypes] : null,
  };
}
