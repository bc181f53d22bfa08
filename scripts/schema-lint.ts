// The schema's own conventions, checked on schema.graphql: every type, field, argument, input
// field and enum value says what it is.
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
} from "graphql";

/** A schema coordinate (`Type.field(arg:)`) and what it lacks. */
export interface SchemaLintFinding {
  readonly coordinate: string;
  readonly problem: string;
}

const blank = (d: string | null | undefined): boolean => !d || d.trim() === "";

/** Everything in `sdl` a reader of the docs would find unexplained. */
export function lintSchema(sdl: string): SchemaLintFinding[] {
  const schema = buildSchema(sdl);
  const findings: SchemaLintFinding[] = [];
  const need = (coordinate: string, description: string | null | undefined): void => {
    if (blank(description)) findings.push({ coordinate, problem: "has no description" });
  };
  const args = (at: string, list: readonly GraphQLArgument[]): void => {
    for (const a of list) need(`${at}(${a.name}:)`, a.description);
  };
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].map((t) => t?.name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    // Query and Mutation are described by their fields
    if (!roots.has(type.name)) need(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        need(`${type.name}.${f.name}`, f.description);
        args(`${type.name}.${f.name}`, f.args);
      }
    } else if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields()))
        need(`${type.name}.${f.name}`, f.description);
    } else if (isEnumType(type)) {
      for (const v of type.getValues()) need(`${type.name}.${v.name}`, v.description);
    } else if (isUnionType(type)) {
      // a union's members are types with descriptions of their own
    }
  }
  for (const d of schema.getDirectives()) {
    if (["include", "skip", "deprecated", "specifiedBy", "oneOf"].includes(d.name)) continue;
    need(`@${d.name}`, d.description);
    args(`@${d.name}`, d.args);
  }
  return findings;
}
