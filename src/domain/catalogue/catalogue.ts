import {
  ATTRIBUTE_JSON_TYPES,
  DEPENDENT_ENDS,
  type AttributeDefinitionEntry,
  type AttributeJsonType,
  type DependentEnd,
} from "../interchange/interchange-document.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeJsonType;
  readonly required: boolean;
  readonly description: string | null;
}

export interface CiType {
  readonly name: string;
  readonly parent: string | null;
  readonly description: string | null;
  readonly attributes: readonly AttributeDefinition[];
}

export interface RelationshipType {
  readonly name: string;
  readonly inverseName: string;
  readonly dependent: DependentEnd;
  readonly allowedSourceTypes: readonly string[] | null;
  readonly allowedTargetTypes: readonly string[] | null;
  readonly description: string | null;
  /**
   * Whether the type makes its non-dependent end a member of its dependent end (MEMBER_OF): a
   * dependent end that is a redundancy group (minimumMembers) counts its members through it.
   */
  readonly membership: boolean;
}

export const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;
export const RELATIONSHIP_TYPE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Relationship names the product uses between its own nodes; CIs may not use them. */
const RESERVED_RELATIONSHIP_NAMES = new Set(["HAS_VERSION", "SUBTYPE_OF"]);

/**
 * The CI and relationship types in force: which types exist, what a type inherits, which
 * types a relationship may join. Pure; built from what the database (and an import) holds.
 */
export class Catalogue {
  private readonly ciTypes: ReadonlyMap<string, CiType>;
  private readonly relationshipTypes: ReadonlyMap<string, RelationshipType>;
  /** Each type's own name and its ancestors' (an import asks `isA` once per relationship end). */
  private readonly ancestry = new Map<string, ReadonlySet<string>>();
  /**
   * Each type's subtypes and the relationship types in order, made once: a catalogue never
   * changes (`with` makes another), and every impact analysis asks for them (ADR 014).
   */
  private readonly subtypes = new Map<string, readonly string[]>();
  private sortedRelationshipTypes: readonly RelationshipType[] | null = null;

  constructor(ciTypes: Iterable<CiType>, relationshipTypes: Iterable<RelationshipType>) {
    this.ciTypes = new Map([...ciTypes].map((t) => [t.name, t]));
    this.relationshipTypes = new Map([...relationshipTypes].map((t) => [t.name, t]));
  }

  /** A catalogue with these definitions added or replacing same-named ones. */
  with(ciTypes: Iterable<CiType>, relationshipTypes: Iterable<RelationshipType>): Catalogue {
    const cis = new Map(this.ciTypes);
    for (const t of ciTypes) cis.set(t.name, t);
    const rels = new Map(this.relationshipTypes);
    for (const t of relationshipTypes) rels.set(t.name, t);
    return new Catalogue(cis.values(), rels.values());
  }

  ciType(name: string): CiType | undefined {
    return this.ciTypes.get(name);
  }

  relationshipType(name: string): RelationshipType | undefined {
    return this.relationshipTypes.get(name);
  }

  allCiTypes(): CiType[] {
    return [...this.ciTypes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  allRelationshipTypes(): RelationshipType[] {
    this.sortedRelationshipTypes ??= [...this.relationshipTypes.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return [...this.sortedRelationshipTypes];
  }

  /** The type and its ancestors, nearest first (stops on a broken or cyclic chain). */
  lineage(name: string): CiType[] {
    const chain: CiType[] = [];
    const seen = new Set<string>();
    let current = this.ciTypes.get(name);
    while (current && !seen.has(current.name)) {
      chain.push(current);
      seen.add(current.name);
      current = current.parent ? this.ciTypes.get(current.parent) : undefined;
    }
    return chain;
  }

  isA(type: string, ancestor: string): boolean {
    let names = this.ancestry.get(type);
    if (!names) {
      names = new Set(this.lineage(type).map((t) => t.name));
      this.ancestry.set(type, names);
    }
    return names.has(ancestor);
  }

  /** The type and all its descendants: what "list CIs of type X" means. */
  withSubtypes(name: string): string[] {
    let names = this.subtypes.get(name);
    if (!names) {
      names = [...this.ciTypes.keys()].filter((t) => this.isA(t, name)).sort();
      this.subtypes.set(name, names);
    }
    return [...names];
  }

  /** A type's own attributes and every inherited one (a nearer definition wins). */
  effectiveAttributes(name: string): AttributeDefinition[] {
    const byName = new Map<string, AttributeDefinition>();
    for (const t of this.lineage(name).reverse())
      for (const a of t.attributes) byName.set(a.name, a);
    return [...byName.values()];
  }

  /** Rules of the catalogue as a whole: parents exist, no cycles, no conflicting inheritance. */
  check(): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    for (const t of this.ciTypes.values()) {
      const c = new IssueCollector(`CI type ${t.name}`);
      if (t.parent !== null && !this.ciTypes.has(t.parent)) {
        c.add("parent", t.parent, "is not a CI type");
      } else if (this.inCycle(t.name)) {
        c.add("parent", t.parent, "makes the type its own ancestor");
      }
      const inherited = t.parent ? this.effectiveAttributes(t.parent) : [];
      for (const a of t.attributes) {
        const base = inherited.find((i) => i.name === a.name);
        if (base && base.type !== a.type) {
          c.add(`attributes.${a.name}.type`, a.type, `must be ${base.type} as in the parent type`);
        }
      }
      issues.push(...c.issues);
    }
    for (const r of this.relationshipTypes.values()) {
      const c = new IssueCollector(`relationship type ${r.name}`);
      for (const [field, list] of [
        ["allowedSourceTypes", r.allowedSourceTypes],
        ["allowedTargetTypes", r.allowedTargetTypes],
      ] as const) {
        for (const name of list ?? [])
          if (!this.ciTypes.has(name)) c.add(field, name, "is not a CI type");
      }
      issues.push(...c.issues);
    }
    return issues;
  }

  /** Whether following parents from `name` comes back to a type already passed. */
  private inCycle(name: string): boolean {
    const seen = new Set<string>();
    let current = this.ciTypes.get(name);
    while (current) {
      if (seen.has(current.name)) return true;
      seen.add(current.name);
      current = current.parent ? this.ciTypes.get(current.parent) : undefined;
    }
    return false;
  }
}

/** Parses and checks one CI type definition from user input. */
export function parseCiType(input: {
  name: unknown;
  parent?: unknown;
  description?: unknown;
  attributes?: unknown;
}): { type: CiType | null; issues: ValidationIssue[] } {
  const subject = typeof input.name === "string" ? `CI type ${input.name}` : "CI type";
  const c = new IssueCollector(subject);
  const name = c.string("name", input.name, {
    required: true,
    max: 64,
    pattern: TYPE_NAME,
    patternRule: "must be PascalCase letters and digits",
  });
  const parent = c.string("parent", input.parent, {
    max: 64,
    pattern: TYPE_NAME,
    patternRule: "must be a CI type name",
  });
  if (name !== null && parent === name) c.add("parent", parent, "a type cannot be its own parent");
  const description = c.string("description", input.description, { max: 2000 });
  const attributes: AttributeDefinition[] = [];
  const raw = input.attributes ?? [];
  if (!Array.isArray(raw)) {
    c.add("attributes", raw, "must be a list of attribute definitions");
  } else {
    raw.forEach((entry: unknown, i) => {
      const a = (entry ?? {}) as { [K in keyof AttributeDefinitionEntry]?: unknown };
      const field = `attributes[${String(i)}]`;
      const attrName = c.string(`${field}.name`, a.name, {
        required: true,
        max: 64,
        pattern: ATTRIBUTE_NAME,
        patternRule: "must be a letter then letters, digits or '_'",
      });
      if (!ATTRIBUTE_JSON_TYPES.includes(a.type as AttributeJsonType)) {
        c.add(`${field}.type`, a.type, `must be one of ${ATTRIBUTE_JSON_TYPES.join(", ")}`);
      }
      if (a.required !== undefined && a.required !== null && typeof a.required !== "boolean") {
        c.add(`${field}.required`, a.required, "must be true or false");
      }
      if (attrName !== null && attributes.some((x) => x.name === attrName)) {
        c.add(`${field}.name`, attrName, "is defined twice");
      }
      if (attrName !== null && ATTRIBUTE_JSON_TYPES.includes(a.type as AttributeJsonType)) {
        attributes.push({
          name: attrName,
          type: a.type as AttributeJsonType,
          required: a.required === true,
          description: c.string(`${field}.description`, a.description, { max: 2000 }),
        });
      }
    });
  }
  if (c.issues.length > 0 || name === null) return { type: null, issues: c.issues };
  return { type: { name, parent, description, attributes }, issues: [] };
}

/** Parses and checks one relationship type definition from user input. */
export function parseRelationshipType(input: {
  name: unknown;
  inverseName: unknown;
  dependent: unknown;
  allowedSourceTypes?: unknown;
  allowedTargetTypes?: unknown;
  description?: unknown;
  membership?: unknown;
}): { type: RelationshipType | null; issues: ValidationIssue[] } {
  const subject =
    typeof input.name === "string" ? `relationship type ${input.name}` : "relationship type";
  const c = new IssueCollector(subject);
  const rule = "must be UPPER_SNAKE_CASE";
  const name = c.string("name", input.name, {
    required: true,
    max: 64,
    pattern: RELATIONSHIP_TYPE_NAME,
    patternRule: rule,
  });
  if (name !== null && RESERVED_RELATIONSHIP_NAMES.has(name))
    c.add("name", name, "is reserved by graph-cmdb");
  const inverseName = c.string("inverseName", input.inverseName, {
    required: true,
    max: 64,
    pattern: RELATIONSHIP_TYPE_NAME,
    patternRule: rule,
  });
  if (!DEPENDENT_ENDS.includes(input.dependent as DependentEnd)) {
    c.add("dependent", input.dependent, `must be one of ${DEPENDENT_ENDS.join(", ")}`);
  }
  const typeList = (field: string, value: unknown): string[] | null => {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || !TYPE_NAME.test(v))) {
      c.add(field, value, "must be a list of CI type names");
      return null;
    }
    return [...new Set(value as string[])].sort();
  };
  const allowedSourceTypes = typeList("allowedSourceTypes", input.allowedSourceTypes);
  const allowedTargetTypes = typeList("allowedTargetTypes", input.allowedTargetTypes);
  const description = c.string("description", input.description, { max: 2000 });
  const membership = input.membership ?? false;
  if (typeof membership !== "boolean") c.add("membership", membership, "must be true or false");
  if (membership === true && input.dependent === "NONE") {
    c.add("membership", membership, "a membership type needs a dependent end (the group)");
  }
  if (c.issues.length > 0 || name === null || inverseName === null)
    return { type: null, issues: c.issues };
  return {
    type: {
      name,
      inverseName,
      dependent: input.dependent as DependentEnd,
      allowedSourceTypes: allowedSourceTypes?.length ? allowedSourceTypes : null,
      allowedTargetTypes: allowedTargetTypes?.length ? allowedTargetTypes : null,
      description,
      membership: membership === true,
    },
    issues: [],
  };
}

/** Whether a value is of an attribute's declared JSON type. */
export function matchesJsonType(value: unknown, type: AttributeJsonType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}
