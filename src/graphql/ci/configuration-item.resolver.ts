import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { CiTypeType } from "../catalogue/catalogue.types.js";
import type { HistoryOrder } from "../../application/ci/configuration-item.service.js";
import type { GraphqlContext } from "../context.js";
import {
  ConnectionType,
  PageArgs,
  toConnection,
  type ConnectionValue,
} from "../relay/connection.js";
import {
  CiRelationshipConnectionType,
  RelationshipDirection,
  toRelationshipType,
} from "../relationship/ci-relationship.type.js";
import {
  CiHistoryOrder,
  CiVersionConnectionType,
  type CiWriteOperation,
} from "./ci-version.type.js";
import {
  CiReferenceInput,
  ConfigurationItemFilter,
  CreateConfigurationItemInput,
  RetireConfigurationItemInput,
  UpdateConfigurationItemInput,
} from "./ci.inputs.js";
import {
  CreateConfigurationItemPayload,
  RetireConfigurationItemPayload,
  UpdateConfigurationItemPayload,
} from "./ci.payloads.js";
import { ConfigurationItemType, toCiType } from "./configuration-item.type.js";

export const ConfigurationItemConnectionType = ConnectionType(
  ConfigurationItemType,
  "ConfigurationItem",
  "CIs",
  "in key order",
);
export type ConfigurationItemConnectionType = ConnectionValue<ConfigurationItemType>;

@Resolver(() => ConfigurationItemType)
export class ConfigurationItemResolver {
  @Query(() => ConfigurationItemType, {
    nullable: true,
    description:
      "One CI by id or key, now or as of an instant (READER); null when none matches (or it did not exist then).",
  })
  async configurationItem(
    @Arg("ref", () => CiReferenceInput, {
      description: "The CI, by exactly one of id or key (as of an instant, the key it had then).",
    })
    ref: CiReferenceInput,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "Read the CI as it was at this instant (null: now).",
    })
    asOf: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType | null> {
    const ci = await ctx.app.cis.get(ctx.scope, ctx.actor, ref, asOf ?? null);
    return ci ? toCiType(ci, asOf ?? null) : null;
  }

  @Query(() => ConfigurationItemConnectionType, {
    description: "CIs matching a filter, in key order, a page at a time (READER).",
  })
  async configurationItems(
    @Arg("filter", () => ConfigurationItemFilter, {
      nullable: true,
      description: "What to list (null: every CI).",
    })
    filter: ConfigurationItemFilter | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "CIs in the page, from 1 to 500 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the first page).",
    })
    after: string | null,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "List the CIs as they were at this instant (null: now).",
    })
    asOf: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemConnectionType> {
    const page = await ctx.app.cis.list(
      ctx.scope,
      ctx.actor,
      filter ?? {},
      { first, after: after ?? null },
      asOf ?? null,
    );
    return toConnection(page, (ci) => toCiType(ci, asOf ?? null));
  }

  @FieldResolver(() => CiRelationshipConnectionType, {
    description:
      "Relationships in both directions (in force now, or at the CI's asOf; ended ones too on request), by type then id, a page at a time (`first` up to 1000).",
  })
  async relationships(
    @Root() ci: ConfigurationItemType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("direction", () => RelationshipDirection, {
      nullable: true,
      description: "Only those in this direction from the CI (null: both).",
    })
    direction: RelationshipDirection | null,
    @Arg("types", () => [String], {
      nullable: true,
      description: "Only relationships of these types (null or empty: any).",
    })
    types: string[] | null,
    @Arg("includeRemoved", () => Boolean, {
      defaultValue: false,
      description: "Also list removed relationships (validTo set).",
    })
    includeRemoved: boolean,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiRelationshipConnectionType> {
    const page = await ctx.loaders.relationshipPageOfCi.load({
      ciId: ci.id,
      asOf: ci.asOf,
      includeRemoved,
      direction: direction ?? null,
      types: types?.length ? types : null,
      page: { first, after: after ?? null },
    });
    return toConnection(page, (r) => toRelationshipType(r, ci.id, ci.asOf));
  }

  @FieldResolver(() => CiVersionConnectionType, {
    description: "Every write to this CI, by revision, a page at a time (`first` up to 500).",
  })
  async history(
    @Root() ci: ConfigurationItemType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("order", () => CiHistoryOrder, {
      defaultValue: CiHistoryOrder.OLDEST_FIRST,
      description: "Oldest first (from the CI's creation) or newest first.",
    })
    order: HistoryOrder,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiVersionConnectionType> {
    const page = await ctx.loaders.historyPageOfCi.load({
      ciId: ci.id,
      order,
      page: { first, after: after ?? null },
    });
    return toConnection(page, (v) => ({
      ...v,
      operation: v.operation as CiWriteOperation,
      changes: [...v.changes],
    }));
  }

  @FieldResolver(() => CiTypeType, { nullable: true, description: "The CI's type definition." })
  async ciType(
    @Root() ci: ConfigurationItemType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiTypeType | null> {
    const t = (await ctx.loaders.catalogue()).ciTypes.find((x) => x.name === ci.type);
    return t ? { ...t, attributes: [...t.attributes] } : null;
  }

  @Mutation(() => CreateConfigurationItemPayload, {
    description:
      "Creates a CI at revision 1 (EDITOR); CONFLICT when its key is taken, VALIDATION when it breaks its type's rules.",
  })
  async createConfigurationItem(
    @Arg("input", () => CreateConfigurationItemInput, {
      description: "The CI's fields and why.",
    })
    input: CreateConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CreateConfigurationItemPayload> {
    const { reason, ...fields } = input;
    const ci = await ctx.app.cis.create(ctx.scope, ctx.actor, { ...fields }, reason);
    return { configurationItem: toCiType(ci, null) };
  }

  @Mutation(() => UpdateConfigurationItemPayload, {
    description:
      "Changes a CI at the revision read (EDITOR); the revision goes up by one unless nothing changed.",
  })
  async updateConfigurationItem(
    @Arg("input", () => UpdateConfigurationItemInput, {
      description: "The CI, the revision read, the changes and why.",
    })
    input: UpdateConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<UpdateConfigurationItemPayload> {
    const ci = await ctx.app.cis.update(
      ctx.scope,
      ctx.actor,
      input.ci,
      input.revision,
      Object.fromEntries(Object.entries(input.changes)),
      input.reason,
    );
    return { configurationItem: toCiType(ci, null) };
  }

  @Mutation(() => RetireConfigurationItemPayload, {
    description: "Retires a CI at the revision read (EDITOR); nothing is deleted.",
  })
  async retireConfigurationItem(
    @Arg("input", () => RetireConfigurationItemInput, {
      description: "The CI, the revision read and why.",
    })
    input: RetireConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RetireConfigurationItemPayload> {
    const ci = await ctx.app.cis.retire(
      ctx.scope,
      ctx.actor,
      input.ci,
      input.revision,
      input.reason,
    );
    return { configurationItem: toCiType(ci, null) };
  }
}
