import { isWorse, milder, worse, type ImpactLevel } from "./impact-level.js";

/**
 * The part of the CMDB an analysis touched, as plain data: nodes, and edges oriented the way
 * impact flows (`from` failing or changing affects `to`). Pure: no database here.
 */
export interface ImpactNode {
  readonly id: string;
  /** Set on a redundancy group: it stays up while this many members are up. */
  readonly minimumMembers: number | null;
  /** How many members in force the group has (all of them, not only those touched). */
  readonly totalMembers: number | null;
}

export interface ImpactEdge {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  /** A membership edge: `from` is a member of the group `to` (impact orientation). */
  readonly membership: boolean;
}

export class ImpactGraph {
  private readonly out = new Map<string, ImpactEdge[]>();
  private readonly into = new Map<string, ImpactEdge[]>();

  constructor(
    readonly nodes: ReadonlyMap<string, ImpactNode>,
    readonly edges: readonly ImpactEdge[],
  ) {
    for (const e of edges) {
      push(this.out, e.from, e);
      push(this.into, e.to, e);
    }
  }

  outgoing(id: string): readonly ImpactEdge[] {
    return this.out.get(id) ?? [];
  }

  incoming(id: string): readonly ImpactEdge[] {
    return this.into.get(id) ?? [];
  }

  /**
   * What happens to every node when the roots fail or change (they count as DOWN). A normal
   * edge passes its cause's level on; a redundancy group goes DOWN only when fewer than its
   * minimum of members would stay up, and is DEGRADED while it survives losing some (AT_RISK when
   * members are only degraded or at risk). Levels only ever worsen, so this ends on cycles.
   */
  propagate(roots: Iterable<string>): Map<string, ImpactLevel> {
    const rootSet = new Set(roots);
    const level = new Map<string, ImpactLevel>();
    const work: string[] = [];
    for (const r of rootSet) {
      level.set(r, "DOWN");
      work.push(r);
    }
    while (work.length > 0) {
      const u = work.pop() as string;
      const cause = level.get(u) as ImpactLevel;
      for (const e of this.outgoing(u)) {
        if (rootSet.has(e.to)) continue;
        // levels only worsen: an edge that is not a group's membership adds its cause's level
        // to what the node already has; a group re-counts its members
        const next =
          e.membership && this.nodes.get(e.to)?.minimumMembers != null
            ? this.evaluate(e.to, level)
            : worse(level.get(e.to) ?? null, cause);
        if (isWorse(next, level.get(e.to) ?? null)) {
          level.set(e.to, next as ImpactLevel);
          work.push(e.to);
        }
      }
    }
    return level;
  }

  private evaluate(id: string, level: ReadonlyMap<string, ImpactLevel>): ImpactLevel | null {
    const node = this.nodes.get(id);
    const isGroup = node?.minimumMembers != null;
    let result: ImpactLevel | null = null;
    const downMembers = new Set<string>();
    let memberTouched = false;
    for (const e of this.incoming(id)) {
      const cause = level.get(e.from) ?? null;
      if (cause === null) continue;
      if (isGroup && e.membership) {
        if (cause === "DOWN") downMembers.add(e.from);
        else memberTouched = true;
        continue;
      }
      result = worse(result, cause);
    }
    if (isGroup) {
      const minimum = node.minimumMembers;
      const total = Math.max(node.totalMembers ?? 0, downMembers.size);
      if (downMembers.size > 0)
        result = worse(result, total - downMembers.size >= minimum ? "DEGRADED" : "DOWN");
      else if (memberTouched) result = worse(result, "AT_RISK");
    }
    return result;
  }

  /**
   * How much each node matters to the roots when the edges are "needs" edges (root → what it
   * needs): DOWN when the roots need it outright, DEGRADED when only through a redundancy group
   * that survives losing one member. The level of a path is its weakest link; a node takes its
   * strongest path. (Exact single points of failure: `singlePointsOfFailure`.)
   */
  needs(
    roots: Iterable<string>,
    memberStrength: (groupId: string) => ImpactLevel,
  ): Map<string, ImpactLevel> {
    const level = new Map<string, ImpactLevel>();
    const work: string[] = [];
    for (const r of roots) {
      level.set(r, "DOWN");
      work.push(r);
    }
    while (work.length > 0) {
      const u = work.pop() as string;
      const here = level.get(u) as ImpactLevel;
      for (const e of this.outgoing(u)) {
        const strength = e.membership ? milder(here, memberStrength(u)) : here;
        if (isWorse(strength, level.get(e.to) ?? null)) {
          level.set(e.to, strength);
          work.push(e.to);
        }
      }
    }
    return level;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
