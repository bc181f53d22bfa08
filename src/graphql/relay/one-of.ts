import { GraphQLInputObjectType, type GraphQLSchema } from "graphql";

const oneOfNames = new Set<string>();

/**
 * Marks an input type `@oneOf` (exactly one field given, checked by graphql-js before any
 * resolver runs). Put it above `@InputType(name)`; the name must be the GraphQL name.
 */
export function OneOf(name: string): ClassDecorator {
  oneOfNames.add(name);
  return () => undefined;
}

/** Applies the marks to a schema built by type-graphql, which has no option of its own for it. */
export function applyOneOf(schema: GraphQLSchema): GraphQLSchema {
  for (const name of oneOfNames) {
    const type = schema.getType(name);
    if (!(type instanceof GraphQLInputObjectType)) {
      throw new Error(`@OneOf names ${name}, which is not an input type of the schema`);
    }
    for (const field of Object.values(type.getFields())) {
      if (field.defaultValue !== undefined || field.type.toString().endsWith("!")) {
        throw new Error(`@oneOf input ${name}.${field.name} must be nullable with no default`);
      }
    }
    type.isOneOf = true;
  }
  return schema;
}
