import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type {
  ImpactedItem,
  ImpactDirection as Direction,
  ImpactReport,
  ImpactStep,
  StepDirection,
} from "../../application/impact/impact.js";
import type { ImpactLevel as Level } from "../../domain/impact/impact-level.js";
import { NotFoundError } from "../../domain/errors.js";
import { ConfigurationItemType } from "../ci/configuration-item.type.js";
import { RelationshipDirection } from "../relationship/ci-relationship.type.js";
import { ConnectionType, type ConnectionValue } from "../relay/connection.js";

export const ImpactDirection: { [K in Direction]: K } = {
  DEPENDENTS: "DEPENDENTS",
  DEPENDENCIES: "DEPENDENCIES",
};
registerEnumType(ImpactDirection, {
  name: "ImpactDirection",
  description: "Which way a walk follows each relationship type, as its dependent end says.",
  valuesConfig: {
    DEPENDENTS: { description: "Every CI impacted when these change." },
    DEPENDENCIES: { description: "Every CI these need." },
  },
});

export const ImpactLevel: { [K in Level]: K } = {
  DOWN: "DOWN",
  DEGRADED: "DEGRADED",
  AT_RISK: "AT_RISK",
};
registerEnumType(ImpactLevel, {
  name: "ImpactLevel",
  description: "How badly a CI is hit (the worst level any route gives it).",
  valuesConfig: {
    DOWN: { description: "Out of service (DEPENDENCIES: needed outright)." },
    DEGRADED: {
      description:
        "Up with less capacity: through a redundancy group that survives (DEPENDENCIES: needed through one).",
    },
    AT_RISK: { description: "Up, but exposed: what it relies on is degraded." },
  },
});

@InputType("ImpactAnalysisInput", {
  description: "The CIs that change (1 to 1000, by key and/or id) and how to walk from them.",
})
export class ImpactAnalysisInput {
  @Field(() => [String], { nullable: true, description: "The CIs that change, by key." })
  ciKeys?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "The CIs that change, by id." })
  ciIds?: string[] | null;

  @Field(() => ImpactDirection, {
    nullable: true,
    defaultValue: "DEPENDENTS",
    description: "DEPENDENTS: what a change hits; DEPENDENCIES: what these CIs need.",
  })
  direction?: Direction | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "How many relationships deep, from 1 to the server's cap (GRAPH_CMDB_IMPACT_MAX_DEPTH, 25 by default; VALIDATION beyond it); null: the cap.",
  })
  maxDepth?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: "Follow only these relationship types (default: every type that carries impact).",
  })
  relationshipTypes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "List only impacted CIs of these types (and subtypes); the walk still passes through others.",
  })
  ciTypes?: string[] | null;

  @Field(() => Date, {
    nullable: true,
    description: "Analyse the graph as it was at this instant (null: now).",
  })
  asOf?: Date | null;
}

@ObjectType("ImpactPathStep", {
  // served as read, with no per-field wrapper: a long answer has one per step of every path
  simpleResolvers: true,
  description:
    "One step of an explanation path: the relationship crossed from a CI nearer the change to the next.",
})
export class ImpactPathStepType {
  @Field(() => String, { description: "The key of the CI the step leaves." })
  from: string;

  @Field(() => String, { description: "The key of the CI the step reaches." })
  to: string;

  @Field(() => String, { description: "The relationship type crossed." })
  relationshipType: string;

  @Field(() => RelationshipDirection, {
    description:
      "Seen from `from`: OUTGOING when `from` is the relationship's source, INCOMING when it is its target.",
  })
  direction: StepDirection;
}

/**
 * How the items of one list serve their CIs (`configurationItem`, `path`), decided once per list
 * from the query (src/graphql/impact/impacted-cis.ts): from what the walk read, or from the CIs
 * loaded for the whole list in one statement before the list is returned.
 */
export interface ImpactedCis {
  readonly asOf: Date | null;
  /** `configurationItem` is served from what the walk read: the query asks no more of it. */
  readonly fromWalk: boolean;
  /** The CIs loaded for the list (its items' unless fromWalk, their paths' if selected), by id. */
  readonly loaded: ReadonlyMap<string, ConfigurationItemType>;
}

@ObjectType("ImpactedConfigurationItem", {
  // a big answer lists tens of thousands: every field is a plain property to the schema (no
  // resolver, so graphql-jit reads it inline); what is served is an ImpactedCiView
  simpleResolvers: true,
  description:
    "A CI a walk reached: how far, how badly, and one shortest explanation (docs/impact-shape.md).",
})
export class ImpactedConfigurationItemType {
  @Field(() => ConfigurationItemType, {
    description: "The CI reached, as it was at the analysed instant.",
  })
  readonly configurationItem: ConfigurationItemType;

  @Field(() => [ConfigurationItemType], {
    description: "One shortest explanation: from a changed CI to this one.",
  })
  readonly path: ConfigurationItemType[];

  @Field(() => ID, { description: "The CI's id." })
  readonly id: string;

  @Field(() => String, { description: "Its key, as the walk read it." })
  readonly key: string;

  @Field(() => String, { description: "Its CI type, as the walk read it." })
  readonly type: string;

  @Field(() => Int, {
    nullable: true,
    description: "Its criticality, 1 = most critical … 4 (null: unrated), as the walk read it.",
  })
  readonly criticality: number | null;

  @Field(() => Int, { description: "The fewest relationships from a changed CI." })
  readonly distance: number;

  @Field(() => ImpactLevel, {
    description: "How badly it is hit (DEPENDENCIES: how it is needed).",
  })
  readonly level: Level;

  @Field(() => ImpactLevel, {
    description: "How badly it is hit (DEPENDENCIES: how it is needed).",
    deprecationReason: "Use `level`, the name an RFC's assessment and the CLI use too.",
  })
  readonly impactLevel: Level;

  @Field(() => [String], {
    description: "The relationship types that reached it at that distance.",
  })
  readonly reachedThrough: string[];

  @Field(() => [String], {
    description: "The relationship type of each step of `path`.",
    deprecationReason: "Use `pathSteps`, which gives each step's ends and direction too.",
  })
  readonly pathRelationshipTypes: string[];

  @Field(() => [ImpactPathStepType], {
    description:
      "The steps of one shortest explanation, from a changed CI to this one: each relationship's type and direction.",
  })
  readonly pathSteps: ImpactStep[];
}

/**
 * An impacted CI as served: each field of ImpactedConfigurationItem a getter over the
 * application's item, so graphql-jit reads it as a property (a getter with `@Field` would be a
 * type-graphql field resolver: a resolve info, a wrapper and a middleware dispatch per field of
 * every item).
 */
export class ImpactedCiView implements ImpactedConfigurationItemType {
  constructor(
    readonly item: ImpactedItem,
    private readonly cis: ImpactedCis,
  ) {}

  /**
   * The CI: when the query asks of it only what the walk read, this view itself (its `id`,
   * `key`, `type`, `criticality` and `asOf` are the CI's: `WALKED_CI_FIELDS` in
   * impacted-cis.ts), so no object is made per CI; otherwise the CI loaded for the list.
   */
  get configurationItem(): ConfigurationItemType {
    return this.cis.fromWalk
      ? (this as unknown as ConfigurationItemType)
      : this.loaded(this.item.id);
  }

  get path(): ConfigurationItemType[] {
    return this.item.path.map((id) => this.loaded(id));
  }

  private loaded(id: string): ConfigurationItemType {
    const ci = this.cis.loaded.get(id);
    if (!ci) throw new NotFoundError("configuration item", id);
    return ci;
  }

  get id(): string {
    return this.item.id;
  }

  get key(): string {
    return this.item.key;
  }

  get type(): string {
    return this.item.type;
  }

  get criticality(): number | null {
    return this.item.criticality;
  }

  /** The analysed instant: the CI's `asOf` when the view serves as its CI. */
  get asOf(): Date | null {
    return this.cis.asOf;
  }

  get distance(): number {
    return this.item.distance;
  }

  get level(): Level {
    return this.item.level;
  }

  get impactLevel(): Level {
    return this.item.level;
  }

  get reachedThrough(): string[] {
    return this.item.reachedThrough;
  }

  get pathRelationshipTypes(): string[] {
    return this.item.pathTypes;
  }

  get pathSteps(): ImpactStep[] {
    return this.item.pathSteps;
  }
}

export const ImpactedConfigurationItemConnectionType = ConnectionType(
  ImpactedConfigurationItemType,
  "ImpactedConfigurationItem",
  "impacted CIs",
  "nearest first, then by level (DOWN, DEGRADED, AT_RISK), then by key",
);
export type ImpactedConfigurationItemConnectionType =
  ConnectionValue<ImpactedConfigurationItemType>;

@InputType("ImpactedConfigurationItemFilter", {
  description: "Which impacted CIs a page lists (all by default).",
})
export class ImpactedFilterInput {
  @Field(() => [ImpactLevel], { nullable: true, description: "Only CIs at these levels." })
  levels?: Level[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Only CIs of these types (and their subtypes); VALIDATION for an unknown type.",
  })
  ciTypes?: string[] | null;
}

@ObjectType("ImpactLevelCounts", {
  description: "How many of the listed impacted CIs are at each level.",
})
export class ImpactLevelCountsType {
  @Field(() => Int, { description: "CIs at DOWN." })
  down: number;

  @Field(() => Int, { description: "CIs at DEGRADED." })
  degraded: number;

  @Field(() => Int, { description: "CIs at AT_RISK." })
  atRisk: number;

  @Field(() => Int, { description: "Every impacted CI listed (all levels)." })
  total: number;
}

@ObjectType("ImpactReport", {
  description:
    "The answer of an impact analysis: every CI reached, the business services hit, and the limits it ran under.",
})
export class ImpactReportType {
  @Field(() => ImpactDirection, { description: "The direction walked." })
  direction: Direction;

  @Field(() => ImpactLevelCountsType, {
    description:
      "How many impacted CIs (filtered by ciTypes if given) are at each level: the totalCount of `impactedItems` by level.",
  })
  counts: ImpactLevelCountsType;

  @Field(() => Boolean, {
    description:
      "True when the walk stopped at its cap (`nodeCap`): the answer is incomplete, nearest CIs kept.",
  })
  truncated: boolean;

  @Field(() => Int, {
    description: "The depth the walk was allowed: the one asked for, or the server's cap.",
  })
  maxDepth: number;

  @Field(() => Int, { description: "The deepest level that reached a CI." })
  depthReached: number;

  @Field(() => Int, {
    description:
      "The most CIs the walk could reach; reaching it sets truncated. A query that selects `impacted` (the whole list) walks to GRAPH_CMDB_IMPACT_NODE_CAP (20,000 by default), one that pages `impactedItems` or reads only the summary to GRAPH_CMDB_IMPACT_PAGED_NODE_CAP (1,000,000).",
  })
  nodeCap: number;

  @Field(() => Date, { nullable: true, description: "The instant analysed (null: now)." })
  asOf: Date | null;

  changedIds: string[];
  report: ImpactReport;
}

@ObjectType("SinglePointsOfFailure", {
  description: "The single points of failure of one CI (usually a business service).",
})
export class SinglePointsOfFailureType {
  @Field(() => Int, {
    description: "How many CIs the service needs were examined (every one, unless truncated).",
  })
  examined: number;

  @Field(() => Boolean, {
    description:
      "True when the node cap stopped the walk of what the service needs: points may be missing.",
  })
  truncated: boolean;

  serviceId: string;
  asOf: Date | null;
  pointItems: ImpactedItem[];
}

@ObjectType("DependencyCycle", {
  description: "CIs that need each other in a loop, along relationship types that carry impact.",
})
export class DependencyCycleType {
  memberIds: string[];
  exampleIds: string[];
}

export const DependencyCycleConnectionType = ConnectionType(
  DependencyCycleType,
  "DependencyCycle",
  "dependency cycles",
  "the largest first",
);
export type DependencyCycleConnectionType = ConnectionValue<DependencyCycleType>;

@ObjectType("DependencyCycleReport", { description: "The dependency cycles found." })
export class DependencyCycleReportType {
  @Field(() => DependencyCycleConnectionType, {
    description:
      "The cycles (strongly connected groups of CIs), the largest first, a page at a time as the query's first/after ask; totalCount counts them all.",
  })
  cycles: DependencyCycleConnectionType;

  @Field(() => Int, { description: "How many CIs were examined." })
  examined: number;

  @Field(() => Boolean, {
    description:
      "Under a CI only: true when the node cap stopped the walk of what it needs, so cycles may be missing.",
  })
  truncated: boolean;
}

@ObjectType("DependencyPath", { description: "A shortest chain of relationships between two CIs." })
export class DependencyPathType {
  @Field(() => [String], { description: "The relationship type of each step." })
  relationshipTypes: string[];

  ids: string[];
  asOf: Date | null;
}
