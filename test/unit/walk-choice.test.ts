import { describe, expect, it } from "vitest";
import { chooseWalk } from "../../src/application/impact/walk-choice.js";
import type { InstalledWalkPlugin } from "../../src/neo4j/impact.repository.js";

const PRODUCT = "1.4.0";
const plugin = (over: Partial<InstalledWalkPlugin> = {}): InstalledWalkPlugin => ({
  walk: true,
  version: PRODUCT,
  builtFor: "5.26.30",
  running: "5.26.12",
  ...over,
});
const ABSENT: InstalledWalkPlugin = { walk: false, version: null, builtFor: null, running: null };

describe("which impact walk is used", () => {
  it("the plugin's procedure, when it is the product's version built for this Neo4j 5.26", () => {
    expect(chooseWalk("auto", plugin(), PRODUCT)).toEqual({
      engine: "procedure",
      pluginVersion: PRODUCT,
      reason: "graph-cmdb-walk 1.4.0 from the plugins folder",
      warning: null,
    });
  });

  it("the Cypher walk, quietly, on a Neo4j without the plugin (Aura)", () => {
    const choice = chooseWalk("auto", ABSENT, PRODUCT);
    expect(choice).toMatchObject({ engine: "cypher", pluginVersion: null, warning: null });
    expect(choice.reason).toContain("graphcmdb.impact.walk");
  });

  it("the Cypher walk, with a warning naming both versions and the jar to install, for a plugin of another version", () => {
    const choice = chooseWalk("auto", plugin({ version: "1.3.2" }), PRODUCT);
    expect(choice).toMatchObject({ engine: "cypher", pluginVersion: "1.3.2" });
    expect(choice.warning).toContain("version 1.3.2, this graph-cmdb is 1.4.0");
    expect(choice.warning).toContain("graph-cmdb-walk-1.4.0.jar");
  });

  it("the Cypher walk for a plugin too old to say its version", () => {
    const choice = chooseWalk("auto", plugin({ version: null, builtFor: null }), PRODUCT);
    expect(choice.engine).toBe("cypher");
    expect(choice.warning).toContain("version unknown");
  });

  it("the Cypher walk for a plugin built for another Neo4j minor version (its kernel calls may be gone)", () => {
    const choice = chooseWalk("auto", plugin({ running: "2025.10.1" }), PRODUCT);
    expect(choice.engine).toBe("cypher");
    expect(choice.warning).toContain("built for Neo4j 5.26.30 and this Neo4j is 2025.10.1");
  });

  it("GRAPH_CMDB_IMPACT_WALK=procedure forces a mismatched or missing plugin, with a warning", () => {
    const forced = chooseWalk("procedure", plugin({ version: "1.3.2" }), PRODUCT);
    expect(forced).toMatchObject({ engine: "procedure", pluginVersion: "1.3.2" });
    expect(forced.warning).toContain("used anyway");
    const missing = chooseWalk("procedure", ABSENT, PRODUCT);
    expect(missing.engine).toBe("procedure");
    expect(missing.warning).toContain("impact analyses fail until graph-cmdb-walk-1.4.0.jar");
  });

  it("GRAPH_CMDB_IMPACT_WALK=cypher uses the Cypher walk even with a matching plugin", () => {
    expect(chooseWalk("cypher", plugin(), PRODUCT)).toMatchObject({
      engine: "cypher",
      reason: "GRAPH_CMDB_IMPACT_WALK=cypher",
      warning: null,
    });
  });
});
