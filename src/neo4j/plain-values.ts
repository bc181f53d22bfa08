import { isDate, isDateTime, isInt, isLocalDateTime, isNode, isRelationship } from "neo4j-driver";

/**
 * Turns driver values into plain JavaScript: integers to numbers, temporal values to Date,
 * nodes and relationships to their properties. Applied to every row once, in the adapter.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // strings, numbers and booleans are most values: no driver type test for them
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isInt(value)) return value.toNumber();
  if (isDateTime(value) || isLocalDateTime(value) || isDate(value))
    return new Date(value.toString());
  if (isNode(value) || isRelationship(value)) return toPlain(value.properties);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out;
}

/** A JSON text property read back (attributes, changes); `fallback` when absent. */
export function parseJsonText<T>(value: unknown, fallback: T): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : fallback;
}
