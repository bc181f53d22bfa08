import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type {
  ImpactedItem,
  ImpactDirection as Direction,
} from "../../application/impact/impact.js";
import type { ImpactLevel as Level } from "../../domain/impact/impact-level.js";

export const ImpactDirection: { [K in Direction]: K } = {
  DEPENDENTS: "DEPENDENTS",
  DEPENDENCIES: "DEPENDENCIES",
};
registerEnumType(ImpactDirection, {
  name: "ImpactDirection",
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
  valuesConfig: {
    DOWN: { description: "Out of service (DEPENDENCIES: needed outright)." },
    DEGRADED: {
      description:
        "Up with less capacity: through a redundancy group that survives (DEPENDENCIES: needed through one).",
    },
    AT_RISK: { description: "Up, but exposed: what it relies on is degraded." },
  },
});

@InputType("ImpactAnalysisInput")
export class ImpactAnalysisInput {
  @Field(() => [String], { nullable: true, description: "The CIs that change, by key." })
  ciKeys?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "The CIs that change, by id." })
  ciIds?: string[] | null;

  @Field(() => ImpactDirection, { nullable: true, defaultValue: "DEPENDENTS" })
  direction?: Direction | null;

  @Field(() => Int, {
    nullable: true,
    description: "How many relationships deep (null: the server's cap).",
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
    description: "Analyse the graph as it was at this instant.",
  })
  asOf?: Date | null;
}

@ObjectType("ImpactedConfigurationItem")
export class ImpactedConfigurationItemType {
  @Field(() => Int, { description: "The fewest relationships from a changed CI." })
  distance: number;

  @Field(() => ImpactLevel)
  impactLevel: Level;

  @Field(() => [String], {
    description: "The relationship types that reached it at that distance.",
  })
  reachedThrough: string[];

  @Field(() => [String], { description: "The relationship type of each step of `path`." })
  pathRelationshipTypes: string[];

  item: ImpactedItem;
  asOf: Date | null;
}

@ObjectType("ImpactLevelCounts")
export class ImpactLevelCountsType {
  @Field(() => Int)
  down: number;

  @Field(() => Int)
  degraded: number;

  @Field(() => Int)
  atRisk: number;
}

@ObjectType("ImpactReport")
export class ImpactReportType {
  @Field(() => ImpactDirection)
  direction: Direction;

  @Field(() => [ImpactedConfigurationItemType], { description: "Nearest first, then by key." })
  impacted: ImpactedConfigurationItemType[];

  @Field(() => [ImpactedConfigurationItemType], {
    description: "Business services hit: most critical first, then nearest.",
  })
  businessServices: ImpactedConfigurationItemType[];

  @Field(() => ImpactLevelCountsType)
  counts: ImpactLevelCountsType;

  @Field(() => Boolean, {
    description: "True when the node cap stopped the walk: the answer is incomplete.",
  })
  truncated: boolean;

  @Field(() => Int)
  maxDepth: number;

  @Field(() => Int, { description: "The deepest level that reached a CI." })
  depthReached: number;

  @Field(() => Int)
  nodeCap: number;

  @Field(() => Date, { nullable: true })
  asOf: Date | null;

  changedIds: string[];
}

@ObjectType("SinglePointsOfFailure")
export class SinglePointsOfFailureType {
  @Field(() => [ImpactedConfigurationItemType], {
    description: "CIs whose failure alone takes the service DOWN.",
  })
  points: ImpactedConfigurationItemType[];

  @Field(() => Int, { description: "How many CIs the service needs (all examined)." })
  examined: number;

  @Field(() => Boolean)
  truncated: boolean;

  serviceId: string;
  asOf: Date | null;
}

@ObjectType("DependencyCycle")
export class DependencyCycleType {
  memberIds: string[];
  exampleIds: string[];
}

@ObjectType("DependencyCycleReport")
export class DependencyCycleReportType {
  @Field(() => Int, { description: "How many cycles (strongly connected groups of CIs)." })
  count: number;

  @Field(() => [DependencyCycleType], { description: "The largest first." })
  cycles: DependencyCycleType[];

  @Field(() => Int)
  examined: number;

  @Field(() => Boolean)
  truncated: boolean;
}

@ObjectType("DependencyPath")
export class DependencyPathType {
  @Field(() => [String], { description: "The relationship type of each step." })
  relationshipTypes: string[];

  ids: string[];
  asOf: Date | null;
}
