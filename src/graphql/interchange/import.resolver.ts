import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GraphqlContext } from "../context.js";
import {
  ImportConfigurationInput,
  ImportConfigurationPayload,
  ImportInProgressType,
} from "./import.types.js";

@Resolver()
export class ImportResolver {
  @Query(() => [ImportInProgressType], {
    description:
      "The streamed imports that have not finished, the oldest first (READER): running now, or stopped half-way until `graph-cmdb import --resume FILE` or `--abort`. Empty when none is.",
  })
  async importsInProgress(@Ctx() ctx: GraphqlContext): Promise<ImportInProgressType[]> {
    const imports = await ctx.app.imports.importsInProgress(ctx.scope, ctx.actor);
    return imports.map((i) => ({ ...i, batchesDone: i.batches }));
  }

  @Mutation(() => ImportConfigurationPayload, {
    description:
      "Imports an interchange document (EDITOR; ADMIN to create or change types): upsert by key, all or nothing, in one transaction. Broken entries come back in the report's errors (nothing written). With dryRun, reports what would change and writes nothing.",
  })
  async importConfiguration(
    @Arg("input", () => ImportConfigurationInput, {
      description: "The interchange document, and whether to write it.",
    })
    input: ImportConfigurationInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ImportConfigurationPayload> {
    const result = await ctx.app.imports.importDocument(
      ctx.scope,
      ctx.actor,
      plain(input.document),
      { dryRun: input.dryRun },
    );
    return { report: { ...result, errors: [...result.errors] } };
  }
}

/** GraphQL inputs arrive as class instances with absent fields undefined; the import reads plain JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
