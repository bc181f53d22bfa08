import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../../src/config/project-root.js";
import type {
  DiscoveredEstate,
  DiscoveryInput,
} from "../../../src/domain/discovery/discovered-estate.js";

/** A fixture under test/fixtures/discovery/, named by its path there (as errors name it). */
export function fixture(name: string): DiscoveryInput {
  const file = path.join(projectRoot(), "test/fixtures/discovery", name);
  return { name, text: readFileSync(file, "utf8") };
}

/** The estate's relationships as `from TYPE to` lines, the keys' common prefix dropped. */
export function edges(estate: DiscoveredEstate, prefix = ""): string[] {
  const strip = (k: string): string => (k.startsWith(prefix) ? k.slice(prefix.length) : k);
  return estate.relationships.map((r) => `${strip(r.from)} ${r.type} ${strip(r.to)}`);
}

/** Edges leaving one CI (prefix dropped), of the given types. */
export function edgesFrom(
  estate: DiscoveredEstate,
  from: string,
  types: string[],
  prefix = "",
): string[] {
  return edges(estate, prefix).filter(
    (e) => e.startsWith(`${from} `) && types.includes(e.split(" ")[1] ?? ""),
  );
}

export function ci(estate: DiscoveredEstate, key: string) {
  const found = estate.configurationItems.find((c) => c.key === key);
  if (!found)
    throw new Error(
      `no CI ${key}; keys: ${estate.configurationItems.map((c) => c.key).join(", ")}`,
    );
  return found;
}
