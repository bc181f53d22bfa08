import { describe, expect, it } from "vitest";
import {
  ImpactGraph,
  type ImpactEdge,
  type ImpactNode,
} from "../../src/domain/impact/impact-graph.js";
import { worse, type ImpactLevel } from "../../src/domain/impact/impact-level.js";

const node = (
  id: string,
  minimumMembers: number | null = null,
  totalMembers: number | null = null,
) => [id, { id, minimumMembers, totalMembers }] as const;
const edge = (from: string, to: string, membership = false): ImpactEdge => ({
  from,
  to,
  type: membership ? "MEMBER_OF" : "DEPENDS_ON",
  membership,
});
const graph = (nodes: (readonly [string, ImpactNode])[], edges: ImpactEdge[]) =>
  new ImpactGraph(new Map(nodes), edges);

describe("impact propagation", () => {
  // three VMs in a cluster that needs two; an app on the cluster; a report on the app
  const cluster = () =>
    graph(
      [node("vm1"), node("vm2"), node("vm3"), node("cl", 2, 3), node("app"), node("report")],
      [
        edge("vm1", "cl", true),
        edge("vm2", "cl", true),
        edge("vm3", "cl", true),
        edge("cl", "app"),
        edge("app", "report"),
      ],
    );

  it("passes a change along a chain: everything downstream is DOWN", () => {
    const g = graph([node("a"), node("b"), node("c")], [edge("a", "b"), edge("b", "c")]);
    expect(Object.fromEntries(g.propagate(["a"]))).toEqual({ a: "DOWN", b: "DOWN", c: "DOWN" });
  });

  it("one member of a 3-member cluster needing 2: the cluster and what runs on it are DEGRADED", () => {
    const levels = cluster().propagate(["vm1"]);
    expect([levels.get("cl"), levels.get("app"), levels.get("report")]).toEqual([
      "DEGRADED",
      "DEGRADED",
      "DEGRADED",
    ]);
    expect(levels.has("vm2")).toBe(false);
  });

  it("two members: the cluster and what runs on it are DOWN", () => {
    const levels = cluster().propagate(["vm1", "vm2"]);
    expect([levels.get("cl"), levels.get("app")]).toEqual(["DOWN", "DOWN"]);
  });

  it("a member only degraded puts the group AT_RISK", () => {
    const g = graph(
      [node("host"), node("vm1", 1, 2), node("vm2"), node("x"), node("cl", 1, 2)],
      // vm1 is itself a group (of x and host) that survives losing host
      [edge("host", "vm1", true), edge("vm1", "cl", true), edge("vm2", "cl", true)],
    );
    const levels = g.propagate(["host"]);
    expect([levels.get("vm1"), levels.get("cl")]).toEqual(["DEGRADED", "AT_RISK"]);
  });

  it("a plain dependency on a group passes its cause on, whatever the members do", () => {
    const g = graph(
      [node("dns"), node("vm1"), node("cl", 1, 2)],
      [edge("dns", "cl"), edge("vm1", "cl", true)],
    );
    expect(g.propagate(["dns"]).get("cl")).toBe("DOWN");
    expect(g.propagate(["vm1"]).get("cl")).toBe("DEGRADED");
  });

  it("ends on cycles", () => {
    const g = graph(
      [node("a"), node("b"), node("c")],
      [edge("a", "b"), edge("b", "c"), edge("c", "a")],
    );
    expect(g.propagate(["a"]).size).toBe(3);
  });

  it("agrees with a full recomputation to a fixpoint on random graphs with groups", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const n = 5 + Math.floor(random() * 25);
      const ids = Array.from({ length: n }, (_, i) => `n${String(i)}`);
      const nodes = ids.map((id) =>
        random() < 0.25
          ? node(id, 1 + Math.floor(random() * 3), 2 + Math.floor(random() * 3))
          : node(id),
      );
      const edges: ImpactEdge[] = [];
      for (let i = 0; i < n * 2; i++) {
        const from = ids[Math.floor(random() * n)] as string;
        const to = ids[Math.floor(random() * n)] as string;
        if (from !== to) edges.push(edge(from, to, random() < 0.3));
      }
      const g = graph(nodes, edges);
      const roots = ids.filter(() => random() < 0.15).slice(0, 3);
      if (roots.length === 0) roots.push("n0");
      expect(Object.fromEntries(g.propagate(roots))).toEqual(
        Object.fromEntries(fixpoint(new Map(nodes), edges, roots)),
      );
    }
  });
});

describe("what a CI needs", () => {
  it("DOWN when needed outright, DEGRADED only through a group that survives one loss", () => {
    // app needs the cluster (needs-orientation); the cluster needs its members
    const g = graph(
      [node("app"), node("cl", 2, 3), node("vm1"), node("db")],
      [edge("app", "cl"), edge("app", "db"), edge("cl", "vm1", true)],
    );
    const levels = g.needs(["app"], () => "DEGRADED");
    expect([levels.get("cl"), levels.get("db"), levels.get("vm1")]).toEqual([
      "DOWN",
      "DOWN",
      "DEGRADED",
    ]);
  });
});

/** The reference: every node's level recomputed from all its causes until nothing changes. */
function fixpoint(
  nodes: Map<string, ImpactNode>,
  edges: ImpactEdge[],
  roots: string[],
): Map<string, ImpactLevel> {
  const level = new Map<string, ImpactLevel>(roots.map((r) => [r, "DOWN"]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, n] of nodes) {
      if (roots.includes(id)) continue;
      let result: ImpactLevel | null = null;
      const down = new Set<string>();
      let touched = false;
      for (const e of edges.filter((x) => x.to === id)) {
        const cause = level.get(e.from) ?? null;
        if (cause === null) continue;
        if (n.minimumMembers !== null && e.membership) {
          if (cause === "DOWN") down.add(e.from);
          else touched = true;
        } else result = worse(result, cause);
      }
      if (n.minimumMembers !== null) {
        const total = Math.max(n.totalMembers ?? 0, down.size);
        if (down.size > 0)
          result = worse(result, total - down.size >= n.minimumMembers ? "DEGRADED" : "DOWN");
        else if (touched) result = worse(result, "AT_RISK");
      }
      if (result !== null && result !== level.get(id)) {
        level.set(id, result);
        changed = true;
      }
    }
  }
  return level;
}
