import type { Catalogue } from "../catalogue/catalogue.js";
import { matchesJsonType } from "../catalogue/catalogue.js";
import { LIFECYCLES, type Lifecycle } from "../interchange/interchange-document.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";
import { canonicalJson } from "./canonical-json.js";

/** What a user states about a CI (everything but what the server keeps: id, times, revision). */
export interface CiFields {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly version: string | null;
  readonly owner: string | null;
  readonly responsibleTeam: string | null;
  readonly lifecycle: Lifecycle;
  readonly environment: string | null;
  readonly criticality: number | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface ConfigurationItem extends CiFields {
  readonly id: string;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly retiredAt: Date | null;
}

export const CI_FIELDS = [
  "key",
  "name",
  "type",
  "version",
  "owner",
  "responsibleTeam",
  "lifecycle",
  "environment",
  "criticality",
  "attributes",
] as const satisfies readonly (keyof CiFields)[];

/**
 * What a write states about a CI: each field given replaces (absent = not stated). Attributes
 * are stated one of two ways: `attributes` is a JSON Merge Patch (RFC 7386) over the current
 * map, `replaceAttributes` the whole new map; a patch carries at most one of them.
 */
export type CiPatch = {
  -readonly [K in Exclude<keyof CiFields, "attributes">]?: CiFields[K];
} & {
  attributes?: Readonly<Record<string, unknown>>;
  replaceAttributes?: Readonly<Record<string, unknown>>;
};

export const CI_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
export const DEFAULT_LIFECYCLE: Lifecycle = "PLANNED";

/**
 * Reads the fields present in `input` (absent = not stated; null = cleared), checking each
 * one's form. With `unknownToAttributes`, fields that are not CI fields go into attributes (the
 * interchange document's rule); otherwise they are errors. With `replaceAttributes` (an update),
 * `replaceAttributes` is read as the whole new attribute map, and `attributes: null` clears them.
 */
export function parseCiPatch(
  input: Record<string, unknown>,
  subject: string | null,
  opts: { unknownToAttributes: boolean; replaceAttributes?: boolean },
): { patch: CiPatch; issues: ValidationIssue[] } {
  const c = new IssueCollector(subject);
  const patch: CiPatch = {};
  const has = (f: string): boolean =>
    Object.prototype.hasOwnProperty.call(input, f) && input[f] !== undefined;

  if (has("key")) {
    const key = c.string("key", input.key, {
      required: true,
      max: 200,
      pattern: CI_KEY,
      patternRule: "must start with a letter or digit, then letters, digits or . _ : / @ + -",
    });
    if (key !== null) patch.key = key;
  }
  if (has("name")) {
    const name = c.string("name", input.name, { required: true, max: 200 });
    if (name !== null) patch.name = name;
  }
  if (has("type")) {
    const type = c.string("type", input.type, { required: true, max: 64 });
    if (type !== null) patch.type = type;
  }
  for (const [field, max] of [
    ["version", 100],
    ["owner", 200],
    ["responsibleTeam", 200],
    ["environment", 64],
  ] as const) {
    if (has(field)) patch[field] = c.string(field, input[field], { max });
  }
  if (has("lifecycle")) {
    const v = input.lifecycle;
    if (v === null) patch.lifecycle = DEFAULT_LIFECYCLE;
    else if (LIFECYCLES.includes(v as Lifecycle)) patch.lifecycle = v as Lifecycle;
    else c.add("lifecycle", v, `must be one of ${LIFECYCLES.join(", ")}`);
  }
  if (has("criticality")) {
    const v = input.criticality;
    if (v === null) patch.criticality = null;
    else if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 4)
      patch.criticality = v;
    else c.add("criticality", v, "must be an integer from 1 (most critical) to 4");
  }
  let attributes: Record<string, unknown> | null = null;
  if (has("attributes")) {
    const v = input.attributes;
    if (v === null) attributes = {};
    else if (isJsonObject(v)) attributes = { ...v };
    else c.add("attributes", v, "must be a JSON object");
  }
  const replacing = opts.replaceAttributes === true;
  if (replacing && has("replaceAttributes")) {
    const v = input.replaceAttributes;
    if (has("attributes")) {
      c.add(
        "replaceAttributes",
        v,
        "give either attributes (a merge patch) or replaceAttributes (the whole map), not both",
      );
    } else if (v === null || isJsonObject(v)) {
      patch.replaceAttributes = dropNulls(v ?? {});
    } else {
      c.add("replaceAttributes", v, "must be a JSON object (the whole attribute map)");
    }
  }
  const known = (f: string): boolean =>
    (CI_FIELDS as readonly string[]).includes(f) || (replacing && f === "replaceAttributes");
  const unknown = Object.keys(input).filter((f) => !known(f) && input[f] !== undefined);
  if (unknown.length > 0) {
    if (opts.unknownToAttributes) {
      attributes ??= {};
      for (const f of unknown) attributes[f] = input[f];
    } else {
      for (const f of unknown) c.add(f, input[f], "is not a CI field");
    }
  }
  if (attributes !== null) {
    const problem = attributeProblem(attributes);
    if (problem) c.add("attributes", attributes, problem);
  }
  if (patch.replaceAttributes !== undefined) {
    const problem = attributeProblem(patch.replaceAttributes);
    if (problem) c.add("replaceAttributes", patch.replaceAttributes, problem);
  }
  if (attributes !== null) {
    // an update's `attributes: null` clears them all; a new CI's is simply none
    if (replacing && input.attributes === null) patch.replaceAttributes = {};
    else patch.attributes = attributes;
  }
  return { patch, issues: c.issues };
}

/** How deep attribute objects and arrays may nest: a CI's attributes describe it, not a dump. */
export const MAX_ATTRIBUTE_DEPTH = 16;
/** The most a CI's attribute map may weigh, as JSON (UTF-16 code units). */
export const MAX_ATTRIBUTES_LENGTH = 64 * 1024;

export interface AttributeLimits {
  readonly maxDepth: number;
  readonly maxChars: number;
}

let attributeLimits: AttributeLimits = {
  maxDepth: MAX_ATTRIBUTE_DEPTH,
  maxChars: MAX_ATTRIBUTES_LENGTH,
};

/**
 * The limits every door applies, for the whole process: set once at start from the
 * configuration (GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH, GRAPH_CMDB_MAX_ATTRIBUTES_CHARS), so no use case
 * has to carry them. Returns the limits it replaced.
 */
export function setAttributeLimits(limits: AttributeLimits): AttributeLimits {
  const previous = attributeLimits;
  attributeLimits = limits;
  return previous;
}

/**
 * Why an attribute map is refused (nested too deep, too large), or null. Walks without
 * recursion, so a map nested thousands deep is measured, not a stack overflow.
 */
export function attributeProblem(map: Readonly<Record<string, unknown>>): string | null {
  const { maxDepth, maxChars } = attributeLimits;
  const stack: { value: unknown; depth: number }[] = [{ value: map, depth: 1 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, depth } = next;
    if (value === null || typeof value !== "object") continue;
    if (depth > maxDepth) {
      return `must not nest objects or arrays more than ${String(maxDepth)} deep`;
    }
    for (const v of Object.values(value)) stack.push({ value: v, depth: depth + 1 });
  }
  const length = JSON.stringify(map).length;
  if (length > maxChars) {
    return `must be at most ${String(maxChars)} characters as JSON (is ${String(length)})`;
  }
  return null;
}

/** A new CI's fields: the patch over the defaults; key, name and type are required. */
export function newCiFields(
  patch: CiPatch,
  subject: string | null,
): { fields: CiFields | null; issues: ValidationIssue[] } {
  const c = new IssueCollector(subject);
  for (const f of ["key", "name", "type"] as const)
    if (patch[f] === undefined) c.add(f, undefined, "is required");
  if (patch.key === undefined || patch.name === undefined || patch.type === undefined) {
    return { fields: null, issues: c.issues };
  }
  return {
    fields: {
      key: patch.key,
      name: patch.name,
      type: patch.type,
      version: patch.version ?? null,
      owner: patch.owner ?? null,
      responsibleTeam: patch.responsibleTeam ?? null,
      lifecycle: patch.lifecycle ?? DEFAULT_LIFECYCLE,
      environment: patch.environment ?? null,
      criticality: patch.criticality ?? null,
      // a new CI has no map to merge into: the attributes given are its whole map
      attributes: dropNulls(patch.replaceAttributes ?? patch.attributes ?? {}),
    },
    issues: [],
  };
}

/**
 * What an update leaves: each stated field replaces, each absent one stays; attributes are
 * merged (`attributes`) or replaced whole (`replaceAttributes`).
 */
export function applyPatch(current: CiFields, patch: CiPatch): CiFields {
  const { attributes: _merge, replaceAttributes: _replace, ...fields } = patch;
  return { ...current, ...fields, attributes: patchedAttributes(current.attributes, patch) };
}

/** The attribute map a patch leaves over `current`. */
function patchedAttributes(
  current: Readonly<Record<string, unknown>>,
  patch: CiPatch,
): Record<string, unknown> {
  if (patch.replaceAttributes !== undefined) return dropNulls(patch.replaceAttributes);
  if (patch.attributes !== undefined) return mergePatch(current, patch.attributes);
  return { ...current };
}

/**
 * JSON Merge Patch (RFC 7386) of an object: each key given is set, a key given as null is
 * removed, and an object given over an object merges into it, recursively. Anything else (an
 * array, a string) replaces whole.
 */
export function mergePatch(
  target: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out = new Map(Object.entries(target));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === undefined) out.delete(name);
    else if (isJsonObject(value)) {
      const under = out.get(name);
      out.set(name, mergePatch(isJsonObject(under) ? under : {}, value));
    } else out.set(name, value);
  }
  return Object.fromEntries(out);
}

/**
 * A patch that writes `fields` back whole (a back-out, a baseline's restore): every field, and
 * the attribute map replacing whatever is there.
 */
export function restoringPatch(fields: Readonly<Record<string, unknown>>): CiPatch {
  const { attributes, ...rest } = fields;
  return { ...(rest as CiPatch), replaceAttributes: isJsonObject(attributes) ? attributes : {} };
}

/** The rules a CI's whole state must meet against the catalogue. */
export function checkCiAgainstCatalogue(
  fields: CiFields,
  catalogue: Catalogue,
  subject: string | null,
): ValidationIssue[] {
  const c = new IssueCollector(subject);
  if (!catalogue.ciType(fields.type)) {
    c.add("type", fields.type, "is not a CI type (define it first, or use one of the catalogue)");
    return c.issues;
  }
  for (const def of catalogue.effectiveAttributes(fields.type)) {
    const value = fields.attributes[def.name];
    if (value === undefined || value === null) {
      if (def.required)
        c.add(`attributes.${def.name}`, value, `is required by type ${fields.type}`);
    } else if (!matchesJsonType(value, def.type)) {
      c.add(
        `attributes.${def.name}`,
        value,
        `must be of JSON type ${def.type} (type ${fields.type})`,
      );
    }
  }
  const minimum = fields.attributes.minimumMembers;
  if (minimum !== undefined && minimum !== null && minimumMembersOf(fields) === null) {
    c.add(
      "attributes.minimumMembers",
      minimum,
      "a redundancy group's minimum is a whole number of members, at least 1",
    );
  }
  return c.issues;
}

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Field by field (attributes by attribute), what differs between two states. */
export function diffCi(before: CiFields | null, after: CiFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const f of CI_FIELDS) {
    if (f === "attributes") continue;
    const b = before ? before[f] : null;
    if (b !== after[f]) changes.push({ field: f, before: b, after: after[f] });
  }
  const ba = before?.attributes ?? {};
  const aa = after.attributes;
  for (const name of [...new Set([...Object.keys(ba), ...Object.keys(aa)])].sort()) {
    const b = ba[name] ?? null;
    const a = aa[name] ?? null;
    if (canonicalJson(b) !== canonicalJson(a))
      changes.push({ field: `attributes.${name}`, before: b, after: a });
  }
  return changes;
}

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function dropNulls(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined),
  );
}

/**
 * A CI whose attributes carry `minimumMembers` is a redundancy group: it stays up while at least
 * that many of its members are up. Null for any other CI.
 */
export function minimumMembersOf(fields: CiFields): number | null {
  const v = fields.attributes.minimumMembers;
  return typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : null;
}
