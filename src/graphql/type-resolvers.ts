import { isAbstractType, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";

type TypeNameOf = GraphQLTypeResolver<unknown, unknown>;

const resolvers = new Map<string, TypeNameOf>();

/**
 * The `resolveType` of an interface or union (`name`: its GraphQL name), kept synchronous.
 * type-graphql turns every `resolveType` into an async function, which graphql-js awaits but
 * graphql-jit does not (it reads the promise as the type name: graphql-jit issue #69); the
 * schema gets this function back once built (`applyTypeResolvers`).
 */
export function typeResolver<T>(
  name: string,
  resolve: (value: T) => string | undefined,
): (value: T) => string | undefined {
  resolvers.set(name, resolve as TypeNameOf);
  return resolve;
}

/** Puts the synchronous resolvers back; an interface or union without one fails the build. */
export function applyTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || type.name.startsWith("__")) continue;
    const resolve = resolvers.get(type.name);
    if (!resolve) {
      throw new Error(
        `${type.name}: give its resolveType with typeResolver() (src/graphql/type-resolvers.ts), so that graphql-jit can run it`,
      );
    }
    type.resolveType = resolve;
  }
  return schema;
}
