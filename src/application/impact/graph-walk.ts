import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import type { ImpactEdge, ImpactNode } from "../../domain/impact/impact-graph.js";
import type { DbTransaction } from "../../neo4j/database.js";
import {
  analysePackedInDatabase,
  countGroupMembers,
  type AnalysedColumns,
  expandFrontier,
  walkInDatabase,
} from "../../neo4j/impact.repository.js";
import type { ImpactDirection } from "./impact.js";

export interface WalkNode extends ImpactNode {
  readonly key: string;
  readonly ciType: string;
  readonly criticality: number | null;
  readonly distance: number;
  readonly parent: string | null;
  readonly parentType: string | null;
  readonly reachedThrough: ReadonlySet<string>;
  totalMembers: number | null;
}

export interface Walk {
  readonly nodes: Map<string, WalkNode>;
  /** Edges in walk orientation: cause → impacted (DEPENDENTS), needer → needed (DEPENDENCIES). */
  readonly edges: ImpactEdge[];
  readonly truncated: boolean;
  readonly depthReached: number;
}

export interface WalkOptions {
  readonly direction: ImpactDirection;
  readonly maxDepth: number;
  readonly nodeCap: number;
  readonly asOf: Date | null;
  /** Relationship types to follow (each must carry impact); null: every type that does. */
  readonly relationshipTypes: readonly string[] | null;
  /** Stop at the end of the level that reaches this CI (shortest paths). */
  readonly target?: string;
}

/** Which relationship types a walk follows, and which way, from each type's dependent end. */
export function walkTypes(
  catalogue: Catalogue,
  direction: ImpactDirection,
  only: readonly string[] | null,
): {
  incoming: string[];
  outgoing: string[];
  membership: Set<string>;
  groupIsTarget: string[];
  groupIsSource: string[];
} {
  const all = catalogue.allRelationshipTypes();
  const followed = all.filter(
    (t) => t.dependent !== "NONE" && (only === null || only.includes(t.name)),
  );
  const source = followed.filter((t) => t.dependent === "SOURCE").map((t) => t.name);
  const target = followed.filter((t) => t.dependent === "TARGET").map((t) => t.name);
  const members = all.filter((t) => t.membership);
  return {
    // DEPENDENTS: A DEPENDS_ON B (SOURCE) — a change to B reaches A against the arrow;
    // A PART_OF B (TARGET) — a change to A reaches B along it. DEPENDENCIES: the other way.
    incoming: direction === "DEPENDENTS" ? source : target,
    outgoing: direction === "DEPENDENTS" ? target : source,
    membership: new Set(members.map((t) => t.name)),
    groupIsTarget: members.filter((t) => t.dependent === "TARGET").map((t) => t.name),
    groupIsSource: members.filter((t) => t.dependent === "SOURCE").map((t) => t.name),
  };
}

/**
 * Breadth-first from the roots, one round trip per level (the frontier's neighbours), never
 * visiting a CI twice: the cost follows the part of the graph touched, not the graph's size.
 */
export async function walkGraph(
  tx: DbTransaction,
  catalogue: Catalogue,
  roots: readonly {
    id: string;
    key: string;
    type: string;
    criticality: number | null;
    minimumMembers: number | null;
  }[],
  opts: WalkOptions,
): Promise<Walk> {
  const types = walkTypes(catalogue, opts.direction, opts.relationshipTypes);
  const nodes = new Map<string, WalkNode & { reachedThrough: Set<string> }>();
  for (const r of roots) {
    nodes.set(r.id, {
      id: r.id,
      key: r.key,
      ciType: r.type,
      criticality: r.criticality,
      minimumMembers: r.minimumMembers,
      totalMembers: null,
      distance: 0,
      parent: null,
      parentType: null,
      reachedThrough: new Set(),
    });
  }
  await countMembers(tx, [...nodes.values()], types, opts.asOf);
  const edges: ImpactEdge[] = [];
  let frontier = [...nodes.keys()].sort();
  let truncated = false;
  let depthReached = 0;
  let found = opts.target !== undefined && nodes.has(opts.target);

  for (
    let depth = 1;
    depth <= opts.maxDepth && frontier.length > 0 && !found && !truncated;
    depth++
  ) {
    const steps = await expandFrontier(tx, frontier, types.incoming, types.outgoing, opts.asOf);
    const next: (WalkNode & { reachedThrough: Set<string> })[] = [];
    for (const s of steps) {
      const seen = nodes.get(s.id);
      if (seen) {
        edges.push({
          from: s.fromId,
          to: s.id,
          type: s.type,
          membership: types.membership.has(s.type),
        });
        if (seen.distance === depth) seen.reachedThrough.add(s.type);
        continue;
      }
      if (nodes.size - roots.length >= opts.nodeCap) {
        truncated = true;
        continue;
      }
      const node = {
        id: s.id,
        key: s.key,
        ciType: s.ciType,
        criticality: s.criticality,
        minimumMembers: s.minimumMembers,
        totalMembers: null,
        distance: depth,
        parent: s.fromId,
        parentType: s.type,
        reachedThrough: new Set([s.type]),
      };
      nodes.set(s.id, node);
      next.push(node);
      edges.push({
        from: s.fromId,
        to: s.id,
        type: s.type,
        membership: types.membership.has(s.type),
      });
      if (s.id === opts.target) found = true;
    }
    await countMembers(tx, next, types, opts.asOf);
    if (next.length > 0) depthReached = depth;
    frontier = next.map((n) => n.id).sort();
  }
  return { nodes, edges, truncated, depthReached };
}

/** The CIs a walk starts from, by id and by key (either list may be empty). */
export interface RootRefs {
  readonly ids: readonly string[];
  readonly keys: readonly string[];
}

/**
 * The same walk as `walkGraph`, in one round trip: Neo4j runs it (`graphcmdb.impact.walk`).
 * Only for the graph as it is now. The roots are the walk's nodes at distance 0: a reference
 * that names no CI is simply absent (the caller reports it).
 */
export async function walkGraphInDatabase(
  tx: DbTransaction,
  catalogue: Catalogue,
  roots: RootRefs,
  opts: WalkOptions,
): Promise<Walk> {
  if (opts.asOf !== null) throw new Error("the in-database walk reads the graph as it is now");
  const types = walkTypes(catalogue, opts.direction, opts.relationshipTypes);
  const w = await walkInDatabase(tx, {
    rootIds: roots.ids,
    rootKeys: roots.keys,
    incoming: types.incoming,
    outgoing: types.outgoing,
    groupIsTarget: types.groupIsTarget,
    groupIsSource: types.groupIsSource,
    maxDepth: opts.maxDepth,
    nodeCap: opts.nodeCap,
    target: opts.target ?? null,
  });
  const group = new Map(w.groups.map((at, g) => [at, g]));
  const nodes = new Map<string, WalkNode>();
  let depthReached = 0;
  w.ids.forEach((id, i) => {
    const g = group.get(i);
    const parent = w.parent[i] ?? -1;
    const distance = w.distance[i] ?? 0;
    nodes.set(id, {
      id,
      key: w.keys[i] ?? id,
      ciType: w.ciTypes[i] ?? "",
      criticality: w.criticality[i] ?? null,
      minimumMembers: g === undefined ? null : (w.groupMinimum[g] ?? null),
      totalMembers: g === undefined ? null : (w.groupMembers[g] ?? null),
      distance,
      parent: parent >= 0 ? (w.ids[parent] ?? null) : null,
      parentType: w.parentType[i] ?? null,
      reachedThrough: new Set(w.reachedThrough[i]),
    });
    depthReached = Math.max(depthReached, distance);
  });
  const edges: ImpactEdge[] = w.edgeType.map((type, j) => ({
    from: w.ids[w.edgeFrom[j] ?? -1] ?? "",
    to: w.ids[w.edgeTo[j] ?? -1] ?? "",
    type,
    membership: types.membership.has(type),
  }));
  return { nodes, edges, truncated: w.truncated, depthReached };
}

/** Relationship types a mask of `graphcmdb.impact.analyse` can name. */
const MAX_MASKED_TYPES = 52;

/**
 * An analysis walked in Neo4j (`graphcmdb.impact.analysePacked`), kept as the columns it came
 * in: entry i of each is the i-th CI of the walk's order (roots first, then level by level, so
 * distances never decrease). Nothing is made per CI until it is asked for (impact-report.ts).
 */
export interface AnalysedWalk {
  readonly columns: AnalysedColumns;
  /** Relationship type names by number (`incoming` then `outgoing`), for parents and masks. */
  readonly types: readonly string[];
  /** How many of the first entries are roots (distance 0). */
  readonly roots: number;
  readonly truncated: boolean;
  readonly depthReached: number;
}

/**
 * An analysis's walk with every CI's impact level, computed in Neo4j in one call
 * (`graphcmdb.impact.analysePacked`): no walk edges cross the wire. Null when the walk follows
 * more relationship types than the procedure's masks can name (the caller walks with edges and
 * propagates levels itself).
 */
export async function analyseGraphInDatabase(
  tx: DbTransaction,
  catalogue: Catalogue,
  roots: RootRefs,
  opts: WalkOptions,
): Promise<AnalysedWalk | null> {
  if (opts.asOf !== null) throw new Error("the in-database walk reads the graph as it is now");
  const types = walkTypes(catalogue, opts.direction, opts.relationshipTypes);
  const numbered = [...types.incoming, ...types.outgoing];
  if (numbered.length > MAX_MASKED_TYPES) return null;
  const columns = await analysePackedInDatabase(tx, {
    rootIds: roots.ids,
    rootKeys: roots.keys,
    incoming: types.incoming,
    outgoing: types.outgoing,
    groupIsTarget: types.groupIsTarget,
    groupIsSource: types.groupIsSource,
    membership: [...types.membership],
    dependents: opts.direction === "DEPENDENTS",
    maxDepth: opts.maxDepth,
    nodeCap: opts.nodeCap,
  });
  const { distance, count } = columns;
  let rootCount = 0;
  while (rootCount < count && distance[rootCount] === 0) rootCount++;
  return {
    columns,
    types: numbered,
    roots: rootCount,
    truncated: columns.truncated,
    // the walk's order is by distance: the last CI is the farthest
    depthReached: count > 0 ? (distance[count - 1] ?? 0) : 0,
  };
}

async function countMembers(
  tx: DbTransaction,
  reached: readonly WalkNode[],
  types: { groupIsTarget: string[]; groupIsSource: string[] },
  asOf: Date | null,
): Promise<void> {
  const groups = reached.filter((n) => n.minimumMembers !== null);
  if (groups.length === 0) return;
  const counts = await countGroupMembers(
    tx,
    groups.map((g) => g.id),
    types.groupIsTarget,
    types.groupIsSource,
    asOf,
  );
  for (const g of groups) g.totalMembers = counts.get(g.id) ?? 0;
}

export interface WalkPath {
  readonly path: string[];
  readonly pathKeys: string[];
  readonly pathTypes: string[];
}

const NO_PATH: WalkPath = { path: [], pathKeys: [], pathTypes: [] };
const walkPaths = new WeakMap<Walk, Map<string, WalkPath>>();

/**
 * The CI ids and relationship types from a root to `id`, along the walk's first discoveries.
 * Each path extends its parent's (kept per walk), so listing every CI's path costs O(n·depth).
 */
export function pathTo(walk: Walk, id: string): WalkPath {
  let known = walkPaths.get(walk);
  if (!known) {
    known = new Map();
    walkPaths.set(walk, known);
  }
  const cached = known.get(id);
  if (cached) return cached;
  const node = walk.nodes.get(id);
  if (!node) return NO_PATH;
  const up = node.parent !== null ? pathTo(walk, node.parent) : NO_PATH;
  const path: WalkPath = {
    path: [...up.path, node.id],
    pathKeys: [...up.pathKeys, node.key],
    pathTypes: node.parentType !== null ? [...up.pathTypes, node.parentType] : [...up.pathTypes],
  };
  known.set(id, path);
  return path;
}
