import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import type { Page, PageRequest } from "../paging.js";

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

/** A relationship seen from a step's `from` CI: OUTGOING when that CI is its source. */
export type StepDirection = "OUTGOING" | "INCOMING";

/** One step of an explanation path: the relationship crossed, by the keys of its two CIs. */
export interface ImpactStep {
  /** The key of the CI the step leaves (nearer the changed CIs). */
  readonly from: string;
  /** The key of the CI it reaches. */
  readonly to: string;
  readonly relationshipType: string;
  readonly direction: StepDirection;
}

/**
 * A CI a walk reached, how far, how badly, and one shortest explanation (docs/impact-shape.md:
 * the same names in GraphQL, an RFC's assessment and `graph-cmdb impact --json`).
 */
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
  /** The steps of `path`, each with its relationship's type and direction. */
  readonly pathSteps: ImpactStep[];
}

/** How many impacted CIs a report lists, in all and at each level. */
export interface ImpactCounts {
  readonly total: number;
  readonly down: number;
  readonly degraded: number;
  readonly atRisk: number;
}

/** Which impacted CIs a page lists (null or empty: all). */
export interface ImpactFilter {
  readonly levels?: readonly ImpactLevel[] | null;
  /** CI types, each with its subtypes. */
  readonly ciTypes?: readonly string[] | null;
}

/**
 * An analysis's answer. Its summary (counts, business services, depth, truncated) is at hand;
 * its impacted CIs are listed whole (`impacted`, made on first use) or a page at a time, ordered
 * by distance, then level (DOWN first), then key.
 */
export interface ImpactReport {
  readonly direction: ImpactDirection;
  readonly roots: { id: string; key: string; type: string }[];
  /** Every impacted CI listed (filtered by the input's ciTypes): nearest first, then by key. */
  readonly impacted: ImpactedItem[];
  readonly businessServices: ImpactedItem[];
  readonly counts: ImpactCounts;
  readonly truncated: boolean;
  readonly maxDepth: number;
  readonly depthReached: number;
  /** The cap the walk ran under: the node cap, or the paged cap for a paged report. */
  readonly nodeCap: number;
  readonly asOf: Date | null;
  /** A page of the impacted CIs (distance, level, key order), filtered. */
  page(request: PageRequest, filter?: ImpactFilter): Page<ImpactedItem>;
}

/** How an analysis will be read: whole (capped at the node cap) or a page at a time. */
export type ImpactReading = "whole" | "paged";

export interface ImpactLimits {
  /** The deepest walk the server allows (and the depth of one with no maxDepth). */
  readonly maxDepth: number;
  /** The most CIs one answer lists whole; past it the answer says `truncated`. */
  readonly nodeCap: number;
  /**
   * The most CIs a report read a page at a time walks (GRAPH_CMDB_IMPACT_PAGED_NODE_CAP): pages
   * bound what one response carries, so this bounds only the walk's time and memory.
   * Absent: the node cap.
   */
  readonly pagedNodeCap?: number;
  /**
   * Where walks of the graph as it is now run: `procedure`, inside Neo4j in one call
   * (`graphcmdb.impact.walk`, which the embedded Neo4j has); `cypher`, one statement per level
   * from the application; `auto` (the default), the procedure when this Neo4j has it.
   * Walks as of a past instant are always Cypher.
   */
  readonly walk?: ImpactWalkMode;
}

export type ImpactWalkMode = "auto" | "procedure" | "cypher";
