import { describe, expect, it } from "vitest";
import {
  CAP_GROUP,
  fold,
  GROUP_KEEP,
  type MapGraph,
  type MapNode,
} from "../../web/src/graph/map-model.js";
import { addWalk, neighbourSide, stepForward } from "../../web/src/graph/walk.js";

const ci = (id: string, type = "Application") => ({ id, key: id, name: id, type });
const step = (path: string[], types: string[], type = "Application") => ({
  configurationItem: ci(path[path.length - 1] as string, type),
  path: path.map((id) => ({ id })),
  pathRelationshipTypes: types,
});
const centre = (g: MapGraph, id: string): void => {
  g.nodes.set(id, { ...ci(id), layer: 0, parent: null });
};
const edges = (g: MapGraph) =>
  g.edges.map((e) => `${e.from} ${e.type} ${e.to}${e.indirect ? " (indirect)" : ""}`);
const dependent = new Map([
  ["DEPENDS_ON", "SOURCE"],
  ["MEMBER_OF", "TARGET"],
]);

describe("the map's walks", () => {
  it("draws each step of a path the way its relationship goes, in both directions", () => {
    // app DEPENDS_ON db; vm MEMBER_OF cl: walking what app needs reaches db, then cl needs vm
    const needs: MapGraph = { nodes: new Map(), edges: [] };
    centre(needs, "app");
    addWalk(
      needs,
      {
        truncated: false,
        impacted: [
          step(["app", "db"], ["DEPENDS_ON"]),
          step(["app", "db", "cl"], ["DEPENDS_ON", "DEPENDS_ON"]),
          step(["app", "db", "cl", "vm"], ["DEPENDS_ON", "DEPENDS_ON", "MEMBER_OF"]),
        ],
      },
      1,
      dependent,
    );
    expect(edges(needs)).toEqual(["app DEPENDS_ON db", "db DEPENDS_ON cl", "vm MEMBER_OF cl"]);
    expect([...needs.nodes.values()].map((n) => [n.key, n.layer, n.parent])).toEqual([
      ["app", 0, null],
      ["db", 1, "app"],
      ["cl", 2, "db"],
      ["vm", 3, "cl"],
    ]);
    // walking what vm impacts: vm MEMBER_OF cl, then db DEPENDS_ON cl's dependants
    const impacts: MapGraph = { nodes: new Map(), edges: [] };
    centre(impacts, "vm");
    addWalk(
      impacts,
      {
        truncated: false,
        impacted: [
          step(["vm", "cl"], ["MEMBER_OF"]),
          step(["vm", "cl", "db"], ["MEMBER_OF", "DEPENDS_ON"]),
        ],
      },
      -1,
      dependent,
    );
    expect(edges(impacts)).toEqual(["vm MEMBER_OF cl", "db DEPENDS_ON cl"]);
    expect(impacts.nodes.get("db")?.layer).toBe(-2);
    expect(stepForward("SOURCE", 1)).toBe(true);
    expect(stepForward("TARGET", -1)).toBe(true);
  });

  it("joins a CI to the nearest one drawn with a dashed edge when filters leave CIs between", () => {
    const g: MapGraph = { nodes: new Map(), edges: [] };
    centre(g, "app");
    addWalk(
      g,
      {
        truncated: false,
        impacted: [step(["app", "db", "vm"], ["DEPENDS_ON", "DEPENDS_ON"], "VirtualMachine")],
      },
      1,
      dependent,
    );
    expect(edges(g)).toEqual(["app via 1 CI(s) vm (indirect)"]);
  });

  it("puts an expanded neighbour on the side its relationship says", () => {
    expect(neighbourSide("OUTGOING", "SOURCE")).toBe("DEPENDENCY"); // I DEPENDS_ON it
    expect(neighbourSide("INCOMING", "SOURCE")).toBe("DEPENDENT"); // it DEPENDS_ON me
    expect(neighbourSide("OUTGOING", "TARGET")).toBe("DEPENDENT"); // I MEMBER_OF it: it needs me
    expect(neighbourSide("INCOMING", "TARGET")).toBe("DEPENDENCY"); // it MEMBER_OF me: I need it
    expect(neighbourSide("OUTGOING", "NONE")).toBeNull();
  });
});

describe("the map's folding and placing", () => {
  const fan = (n: number): MapGraph => {
    const g: MapGraph = { nodes: new Map(), edges: [] };
    centre(g, "cl");
    for (let i = 0; i < n; i += 1) {
      const id = `vm-${String(i).padStart(3, "0")}`;
      g.nodes.set(id, { ...ci(id, "VirtualMachine"), layer: 1, parent: "cl" } satisfies MapNode);
    }
    return g;
  };

  it("shows a few of a large fan-in and groups the rest, unless opened or holding a lit CI", () => {
    const g = fan(240);
    const folded = fold(g, new Set());
    expect(folded.shown).toHaveLength(1 + GROUP_KEEP);
    expect(folded.groups.map((x) => [x.type, x.hidden.length])).toEqual([
      ["VirtualMachine", 240 - GROUP_KEEP],
    ]);
    const id = folded.groups[0]!.id;
    expect(fold(g, new Set([id])).shown).toHaveLength(241);
    // a lit CI in the group is drawn beside it; the group keeps the others
    const lit = fold(g, new Set(), new Set(["vm-200"]));
    expect(lit.shown).toHaveLength(1 + GROUP_KEEP + 1);
    expect(lit.shown.map((n) => n.id)).toContain("vm-200");
    expect(lit.groups.map((x) => x.hidden.length)).toEqual([240 - GROUP_KEEP - 1]);
    expect(lit.groups[0]?.hidden.map((n) => n.id)).not.toContain("vm-200");
  });

  it("caps the CIs drawn, nearest first, until the cap is lifted", () => {
    const g = fan(400);
    const opened = new Set([fold(g, new Set()).groups[0]!.id]);
    const capped = fold(g, opened);
    expect(capped.shown).toHaveLength(300);
    expect(capped.groups[0]?.hidden).toHaveLength(101);
    // one group a side, hung from the centre
    expect(capped.groups.map((x) => [x.id, x.parent])).toEqual([["cap:1", "cl"]]);
    expect(fold(g, new Set([...opened, CAP_GROUP])).shown).toHaveLength(401);
  });
});
