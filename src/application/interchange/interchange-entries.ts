import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import type { CiEntry } from "../../domain/interchange/interchange-document.js";

/** A CI as the interchange document writes it (empty fields left out). */
export function toCiEntry(ci: ConfigurationItem): CiEntry {
  const entry: CiEntry = { key: ci.key, name: ci.name, type: ci.type, lifecycle: ci.lifecycle };
  if (ci.version !== null) entry.version = ci.version;
  if (ci.owner !== null) entry.owner = ci.owner;
  if (ci.responsibleTeam !== null) entry.responsibleTeam = ci.responsibleTeam;
  if (ci.environment !== null) entry.environment = ci.environment;
  if (ci.criticality !== null) entry.criticality = ci.criticality;
  if (Object.keys(ci.attributes).length > 0) entry.attributes = { ...ci.attributes };
  return entry;
}
