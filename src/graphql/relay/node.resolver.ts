import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { NodeKind } from "../../neo4j/node.repository.js";
import { toAuditEntryType } from "../audit/audit.resolver.js";
import { toBaselineType } from "../baseline/baseline.types.js";
import { toFreezeWindowType, toRfcType, toStandardChangeType } from "../change/change.types.js";
import { toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { toReportType } from "../integrity/integrity.resolver.js";
import { toReleaseType } from "../release/release.types.js";
import { toUserType } from "../user/user.types.js";
import { NodeInterface, tagNode } from "./node.js";

/** How each kind is read by id, and the GraphQL type it answers as. */
const READERS: Record<
  NodeKind,
  { readonly typeName: string; read(ctx: GraphqlContext, id: string): Promise<object | null> }
> = {
  CI: {
    typeName: "ConfigurationItem",
    async read(ctx, id) {
      const ci = await ctx.loaders.ciById(null).load(id);
      return ci ? toCiType(ci, null) : null;
    },
  },
  Rfc: {
    typeName: "Rfc",
    async read(ctx, id) {
      const rfc = await ctx.loaders.rfcById.load(id);
      return rfc ? toRfcType(rfc) : null;
    },
  },
  Release: {
    typeName: "Release",
    async read(ctx, id) {
      const release = await ctx.app.releases.get(ctx.scope, ctx.actor, { id });
      return release ? toReleaseType(release) : null;
    },
  },
  Baseline: {
    typeName: "Baseline",
    async read(ctx, id) {
      const baseline = await ctx.app.baselines.get(ctx.scope, ctx.actor, { id });
      return baseline ? toBaselineType(baseline) : null;
    },
  },
  StandardChange: {
    typeName: "StandardChange",
    async read(ctx, id) {
      const template = await ctx.loaders.standardChangeById.load(id);
      return template ? toStandardChangeType(template) : null;
    },
  },
  FreezeWindow: {
    typeName: "FreezeWindow",
    async read(ctx, id) {
      const [window] = await ctx.app.schedules.freezeWindowsByIds(ctx.scope, ctx.actor, [id]);
      return window ? toFreezeWindowType(window) : null;
    },
  },
  ApiToken: {
    typeName: "ApiToken",
    async read(ctx, id) {
      return ctx.loaders.apiTokenById.load(id);
    },
  },
  User: {
    typeName: "User",
    async read(ctx, id) {
      const user = await ctx.loaders.userById.load(id);
      return user ? toUserType(user) : null;
    },
  },
  IntegrityRun: {
    typeName: "IntegrityReport",
    async read(ctx, id) {
      const report = await ctx.app.integrity.get(ctx.scope, ctx.actor, id);
      return report ? toReportType(report) : null;
    },
  },
  AuditEntry: {
    typeName: "AuditEntry",
    async read(ctx, id) {
      const entry = await ctx.app.audit.get(ctx.scope, ctx.actor, id);
      return entry ? toAuditEntryType(entry) : null;
    },
  },
};

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description:
      "Anything by its global id (READER; ApiToken and User need ADMIN, but for the caller's own); null when the id names nothing.",
  })
  async node(
    @Arg("id", () => ID, { description: "A global id, as any `id` field gives it." }) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<object | null> {
    const [found] = await this.read(ctx, [id]);
    return found ?? null;
  }

  @Query(() => [NodeInterface], {
    nullable: "items",
    description:
      "Many things by global id, in the order asked, null where an id names nothing (READER; at most 100 ids).",
  })
  async nodes(
    @Arg("ids", () => [ID], { description: "Global ids, at most 100 (VALIDATION otherwise)." })
    ids: string[],
    @Ctx() ctx: GraphqlContext,
  ): Promise<(object | null)[]> {
    return this.read(ctx, ids);
  }

  private async read(ctx: GraphqlContext, ids: readonly string[]): Promise<(object | null)[]> {
    const kinds = await ctx.app.nodes.kinds(ctx.scope, ctx.actor, ids);
    return Promise.all(
      ids.map(async (id) => {
        const kind = kinds.get(id);
        if (!kind) return null;
        const reader = READERS[kind];
        const value = await reader.read(ctx, id);
        return value ? tagNode(value, reader.typeName) : null;
      }),
    );
  }
}
