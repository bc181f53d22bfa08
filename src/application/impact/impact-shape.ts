import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import type { ImpactedItem, ImpactStep } from "./impact.js";

/**
 * An impacted CI as every door describes it (docs/impact-shape.md): GraphQL's
 * `ImpactedConfigurationItem` and `AssessedConfigurationItem` have these fields, and
 * `graph-cmdb impact --json` prints them.
 */
export interface ImpactShape {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly criticality: number | null;
  readonly level: ImpactLevel;
  readonly distance: number;
  readonly reachedThrough: string[];
  readonly pathSteps: ImpactStep[];
}

export function impactShape(i: ImpactedItem): ImpactShape {
  return {
    id: i.id,
    key: i.key,
    type: i.type,
    criticality: i.criticality,
    level: i.level,
    distance: i.distance,
    reachedThrough: i.reachedThrough,
    pathSteps: i.pathSteps,
  };
}
