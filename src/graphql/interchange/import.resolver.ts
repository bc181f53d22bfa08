import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import { ImportDocumentInput, ImportResultType } from "./import.types.js";

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportResultType, {
    description:
      "Imports an interchange document (EDITOR; ADMIN to create or change types): upsert by key, all or nothing, in one transaction. Broken entries come back in the result's errors (nothing written). With dryRun, reports what would change and writes nothing.",
  })
  async importConfiguration(
    @Arg("document", () => ImportDocumentInput, { description: "The interchange document." })
    document: ImportDocumentInput,
    @Arg("dryRun", () => Boolean, {
      defaultValue: false,
      description: "Check everything and count what would change, then write nothing.",
    })
    dryRun: boolean,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ImportResultType> {
    const result = await ctx.app.imports.importDocument(ctx.scope, ctx.actor, plain(document), {
      dryRun,
    });
    return { ...result, errors: [...result.errors] };
  }
}

/** GraphQL inputs arrive as class instances with absent fields undefined; the import reads plain JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
