import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import {
  CiTypeType,
  DefineCiTypeInput,
  DefineRelationshipTypeInput,
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

  @Mutation(() => CiTypeType, {
    description:
      "Creates or changes a CI type (ADMIN); checked against the whole catalogue (VALIDATION), CONFLICT on a stale or missing revision.",
  })
  async defineCiType(
    @Arg("input", () => DefineCiTypeInput, { description: "The type as it should be." })
    input: DefineCiTypeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiTypeType> {
    const t = await ctx.app.catalogue.defineCiType(ctx.scope, ctx.actor, input);
    return { ...t, attributes: [...t.attributes] };
  }

  @Mutation(() => RelationshipTypeType, {
    description:
      "Creates or changes a relationship type (ADMIN); checked against the whole catalogue (VALIDATION), CONFLICT on a stale or missing revision.",
  })
  async defineRelationshipType(
    @Arg("input", () => DefineRelationshipTypeInput, { description: "The type as it should be." })
    input: DefineRelationshipTypeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RelationshipTypeType> {
    return toRelationshipType(
      await ctx.app.catalogue.defineRelationshipType(ctx.scope, ctx.actor, input),
    );
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
