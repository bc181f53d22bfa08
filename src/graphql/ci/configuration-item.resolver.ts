import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { CiTypeType } from "../catalogue/catalogue.types.js";
import { MAX_RELATIONSHIPS_PER_CI } from "../../domain/relationship/ci-relationship.js";
import type { GraphqlContext } from "../context.js";
import { ConnectionType, toConnection, type ConnectionValue } from "../relay/connection.js";
import {
  CiRelationshipType,
  RelationshipDirection,
  toRelationshipType,
} from "../relationship/ci-relationship.type.js";
import { CiVersionType } from "./ci-version.type.js";
import {
  ConfigurationItemFilter,
  CreateConfigurationItemInput,
  RetireConfigurationItemInput,
  UpdateConfigurationItemInput,
} from "./ci.inputs.js";
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
    @Arg("id", () => ID, {
      nullable: true,
      description: "The CI's id; give exactly one of id and key (VALIDATION otherwise).",
    })
    id: string | null,
    @Arg("key", () => String, {
      nullable: true,
      description: "The CI's key now; give exactly one of id and key (VALIDATION otherwise).",
    })
    key: string | null,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "Read the CI as it was at this instant (null: now).",
    })
    asOf: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType | null> {
    const ci = await ctx.app.cis.get(ctx.scope, ctx.actor, { id, key }, asOf ?? null);
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

  @FieldResolver(() => [CiRelationshipType], {
    description:
      "Relationships in both directions (in force now, or at the CI's asOf; ended ones too on request), at most `first` (up to 1000), by type.",
  })
  async relationships(
    @Root() ci: ConfigurationItemType,
    @Arg("first", () => Int, {
      defaultValue: 200,
      description: "The most to list; 0 or less lists none, more than 1000 lists 1000.",
    })
    first: number,
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
  ): Promise<CiRelationshipType[]> {
    const list = await ctx.loaders.relationshipsOfCi.load({
      ciId: ci.id,
      asOf: ci.asOf,
      includeRemoved,
    });
    return list
      .map((r) => toRelationshipType(r, ci.id, ci.asOf))
      .filter((r) => (direction ? r.direction === direction : true))
      .filter((r) => (types?.length ? types.includes(r.type) : true))
      .slice(0, Math.min(Math.max(first, 0), MAX_RELATIONSHIPS_PER_CI));
  }

  @FieldResolver(() => [CiVersionType], { description: "Every write to this CI, oldest first." })
  async history(
    @Root() ci: ConfigurationItemType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CiVersionType[]> {
    return (await ctx.loaders.historyOfCi.load(ci.id)).map((v) => ({
      ...v,
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

  @Mutation(() => ConfigurationItemType, {
    description:
      "Creates a CI at revision 1 (EDITOR); CONFLICT when its key is taken, VALIDATION when it breaks its type's rules.",
  })
  async createConfigurationItem(
    @Arg("input", () => CreateConfigurationItemInput, {
      description: "The CI's fields and why.",
    })
    input: CreateConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    const { reason, ...fields } = input;
    return toCiType(await ctx.app.cis.create(ctx.scope, ctx.actor, { ...fields }, reason), null);
  }

  @Mutation(() => ConfigurationItemType, {
    description:
      "Changes a CI at the revision read (EDITOR); the revision goes up by one unless nothing changed.",
  })
  async updateConfigurationItem(
    @Arg("input", () => UpdateConfigurationItemInput, {
      description: "The CI, the revision read, the changes and why.",
    })
    input: UpdateConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    const ci = await ctx.app.cis.update(
      ctx.scope,
      ctx.actor,
      input.ci,
      input.revision,
      Object.fromEntries(Object.entries(input.changes)),
      input.reason,
    );
    return toCiType(ci, null);
  }

  @Mutation(() => ConfigurationItemType, {
    description: "Retires a CI at the revision read (EDITOR); nothing is deleted.",
  })
  async retireConfigurationItem(
    @Arg("input", () => RetireConfigurationItemInput, {
      description: "The CI, the revision read and why.",
    })
    input: RetireConfigurationItemInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType> {
    return toCiType(
      await ctx.app.cis.retire(ctx.scope, ctx.actor, input.ci, input.revision, input.reason),
      null,
    );
  }
}
