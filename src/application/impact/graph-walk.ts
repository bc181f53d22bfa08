import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import type { ImpactEdge, ImpactNode } from "../../domain/impact/impact-graph.js";
import type { DbTransaction } from "../../neo4j/database.js";
import { elementIdsOf, expandFrontier, type FrontierRow } from "../../neo4j/impact.repository.js";
import type { ImpactDirection } from "./impact.js";

export interface WalkNode extends ImpactNode {
  readonly key: string;
  readonly ciType: string;
  readonly criticality: number | null;
  readonly distance: number;
  readonly parent: string | null;
  readonly parentType: string | null;
  readonly reachedThrough: Set<string>;
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

/** A CI found by the walk before its own state has been read (at the next level). */
interface Found {
  readonly eid: string;
  readonly distance: number;
  readonly parent: string | null;
  readonly parentType: string | null;
  readonly reachedThrough: Set<string>;
  state: FrontierRow | null;
}

/**
 * Breadth-first from the roots, one round trip per level: the frontier's element ids go in, each
 * frontier CI's state and its neighbours come out, so a CI's properties are read once (when it is
 * expanded, or in a last pass for the deepest level), never once per edge. No CI is expanded
 * twice: the cost follows the part of the graph touched, not the graph's size.
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
  const eids = await elementIdsOf(tx, [
    ...new Set([...roots.map((r) => r.id), ...(opts.target ? [opts.target] : [])]),
  ]);
  const targetEid = opts.target ? (eids.get(opts.target) ?? null) : null;
  const found = new Map<string, Found>();
  for (const r of roots) {
    const eid = eids.get(r.id);
    if (eid)
      found.set(eid, {
        eid,
        distance: 0,
        parent: null,
        parentType: null,
        reachedThrough: new Set(),
        state: null,
      });
  }
  const walkEdges: { from: string; to: string; type: string }[] = [];
  let frontier = [...found.keys()];
  let truncated = false;
  let depthReached = 0;
  let reachedTarget = targetEid !== null && found.has(targetEid);

  // level `depth` expands the CIs at distance depth - 1; one more pass reads the deepest level's state
  for (let depth = 1; frontier.length > 0; depth++) {
    const expanding = depth <= opts.maxDepth && !truncated && !reachedTarget;
    const rows = await expandFrontier(
      tx,
      frontier,
      expanding ? types : { ...types, incoming: [], outgoing: [] },
      opts.asOf,
    );
    const next: string[] = [];
    for (const row of rows) {
      const here = found.get(row.eid);
      if (!here) continue;
      here.state = row;
      // a retired CI is not walked into (the root itself may be retired: it still changes)
      if (row.lifecycle === "RETIRED" && here.distance > 0) continue;
      if (!expanding) continue;
      for (const [type, to] of row.edges) {
        const seen = found.get(to);
        if (seen) {
          walkEdges.push({ from: row.eid, to, type });
          if (seen.distance === depth) seen.reachedThrough.add(type);
          continue;
        }
        if (found.size - roots.length >= opts.nodeCap) {
          truncated = true;
          continue;
        }
        found.set(to, {
          eid: to,
          distance: depth,
          parent: row.eid,
          parentType: type,
          reachedThrough: new Set([type]),
          state: null,
        });
        walkEdges.push({ from: row.eid, to, type });
        next.push(to);
        if (to === targetEid) reachedTarget = true;
      }
    }
    if (next.length > 0) depthReached = depth;
    frontier = next;
  }

  // keep the CIs whose state was read and that are not retired (roots always), keyed by id
  const idOf = new Map<string, string>();
  for (const f of found.values()) {
    if (f.state && (f.distance === 0 || f.state.lifecycle !== "RETIRED"))
      idOf.set(f.eid, f.state.id);
  }
  const nodes = new Map<string, WalkNode>();
  for (const f of found.values()) {
    const id = idOf.get(f.eid);
    if (!id || !f.state) continue;
    nodes.set(id, {
      id,
      key: f.state.key,
      ciType: f.state.ciType,
      criticality: f.state.criticality,
      minimumMembers: f.state.minimumMembers,
      totalMembers: f.state.members,
      distance: f.distance,
      parent: f.parent === null ? null : (idOf.get(f.parent) ?? null),
      parentType: f.parentType,
      reachedThrough: f.reachedThrough,
    });
  }
  const edges: ImpactEdge[] = [];
  for (const e of walkEdges) {
    const from = idOf.get(e.from);
    const to = idOf.get(e.to);
    if (from && to)
      edges.push({ from, to, type: e.type, membership: types.membership.has(e.type) });
  }
  return { nodes, edges, truncated, depthReached };
}

/** The CI ids and relationship types from a root to `id`, along the walk's first discoveries. */
export function pathTo(
  walk: Walk,
  id: string,
): { path: string[]; pathKeys: string[]; pathTypes: string[] } {
  const path: string[] = [];
  const pathKeys: string[] = [];
  const pathTypes: string[] = [];
  let current = walk.nodes.get(id);
  while (current) {
    path.unshift(current.id);
    pathKeys.unshift(current.key);
    if (current.parentType !== null) pathTypes.unshift(current.parentType);
    current = current.parent !== null ? walk.nodes.get(current.parent) : undefined;
  }
  return { path, pathKeys, pathTypes };
}
