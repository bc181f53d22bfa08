import type { ImpactLevel } from "../../domain/impact/impact-level.js";

export type ImpactDirection = "DEPENDENTS" | "DEPENDENCIES";

export interface ImpactInput {
  readonly ciKeys?: readonly string[] | null;
  readonly ciIds?: readonly string[] | null;
  readonly direction?: ImpactDirection | null;
  readonly maxDepth?: number | null;
  readonly relationshipTypes?: readonly string[] | null;
  readonly ciTypes?: readonly string[] | null;
  readonly asOf?: Date | null;
}

/** A CI a walk reached, how far, how badly, and one shortest explanation. */
export interface ImpactedItem {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly criticality: number | null;
  readonly distance: number;
  readonly level: ImpactLevel;
  /** The relationship types of the edges that reached it at its minimum distance. */
  readonly reachedThrough: string[];
  /** CI ids from a starting CI to this one (both included): each step is a relationship. */
  readonly path: string[];
  /** The keys of the CIs of `path`. */
  readonly pathKeys: string[];
  /** The relationship type of each step of `path` (one fewer than its CIs). */
  readonly pathTypes: string[];
}

export interface ImpactReport {
  readonly direction: ImpactDirection;
  readonly roots: { id: string; key: string; type: string }[];
  readonly impacted: ImpactedItem[];
  readonly businessServices: ImpactedItem[];
  readonly truncated: boolean;
  readonly maxDepth: number;
  readonly depthReached: number;
  readonly nodeCap: number;
  readonly asOf: Date | null;
}

export interface ImpactLimits {
  /** The deepest walk the server allows (and the depth of one with no maxDepth). */
  readonly maxDepth: number;
  /** The most CIs one answer lists; past it the answer says `truncated`. */
  readonly nodeCap: number;
  /**
   * Where walks of the graph as it is now run: `procedure`, inside Neo4j in one call
   * (`graphcmdb.impact.walk`, which the embedded Neo4j has); `cypher`, one statement per level
   * from the application; `auto` (the default), the procedure when this Neo4j has it.
   * Walks as of a past instant are always Cypher.
   */
  readonly walk?: ImpactWalkMode;
}

export type ImpactWalkMode = "auto" | "procedure" | "cypher";
