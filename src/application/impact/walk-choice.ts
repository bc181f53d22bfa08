import type { InstalledWalkPlugin } from "../../neo4j/impact.repository.js";

/** Where walks run (GRAPH_CMDB_IMPACT_WALK): the plugin's procedure, Cypher, or auto. */
export type WalkMode = "auto" | "procedure" | "cypher";

/** The walk in use, for `/readyz` and the startup log. */
export interface WalkChoice {
  /** `procedure`: graphcmdb.impact.walk in Neo4j; `cypher`: level by level from the API. */
  readonly engine: "procedure" | "cypher";
  /** The plugin's version (null: no plugin, or one too old to say). */
  readonly pluginVersion: string | null;
  /** Why this walk, in a sentence. */
  readonly reason: string;
  /** What an operator should fix (logged as a warning), else null. */
  readonly warning: string | null;
}

const majorMinor = (v: string): string => v.split(".").slice(0, 2).join(".");

/**
 * Which walk to use. In auto mode the plugin is used only when it is the product's own version,
 * built for this Neo4j's minor version: its answer is part of the product (another version may
 * walk by other rules or answer in another shape, and one built for another Neo4j may call kernel
 * methods that are gone), and the Cypher walk gives the same answers, only slower. So a plugin
 * that does not match is reported and left alone; GRAPH_CMDB_IMPACT_WALK=procedure forces it.
 */
export function chooseWalk(
  mode: WalkMode,
  plugin: InstalledWalkPlugin,
  product: string,
): WalkChoice {
  const jar = `graph-cmdb-walk-${product}.jar`;
  if (mode === "cypher") {
    return {
      engine: "cypher",
      pluginVersion: plugin.version,
      reason: "GRAPH_CMDB_IMPACT_WALK=cypher",
      warning: null,
    };
  }
  if (!plugin.walk) {
    return mode === "procedure"
      ? {
          engine: "procedure",
          pluginVersion: null,
          reason: "GRAPH_CMDB_IMPACT_WALK=procedure",
          warning: `GRAPH_CMDB_IMPACT_WALK=procedure, but this Neo4j has no graphcmdb.impact.walk: impact analyses fail until ${jar} is in its plugins/ folder`,
        }
      : {
          engine: "cypher",
          pluginVersion: null,
          reason:
            "this Neo4j has no graphcmdb.impact.walk (the graph-cmdb-walk plugin is not in its plugins/ folder)",
          warning: null,
        };
  }
  const mismatches: string[] = [];
  if (plugin.version !== product) {
    mismatches.push(
      `the graph-cmdb-walk plugin in this Neo4j is version ${plugin.version ?? "unknown (older than 1.0.0)"}, this graph-cmdb is ${product}`,
    );
  }
  if (
    plugin.builtFor &&
    plugin.running &&
    majorMinor(plugin.builtFor) !== majorMinor(plugin.running)
  ) {
    mismatches.push(
      `the plugin was built for Neo4j ${plugin.builtFor} and this Neo4j is ${plugin.running}`,
    );
  }
  const loaded = `graph-cmdb-walk ${plugin.version ?? "(unknown version)"} from the plugins folder`;
  if (mismatches.length === 0) {
    return { engine: "procedure", pluginVersion: plugin.version, reason: loaded, warning: null };
  }
  const problem = mismatches.join("; ");
  return mode === "procedure"
    ? {
        engine: "procedure",
        pluginVersion: plugin.version,
        reason: `${loaded}, as GRAPH_CMDB_IMPACT_WALK=procedure asks`,
        warning: `${problem}: it is used anyway (GRAPH_CMDB_IMPACT_WALK=procedure); install ${jar} instead`,
      }
    : {
        engine: "cypher",
        pluginVersion: plugin.version,
        reason: `the plugin does not match (${problem})`,
        warning: `${problem}: impact analyses use the Cypher walk (same answers, slower) until ${jar} replaces it in the server's plugins/ folder`,
      };
}
