import type { ApolloServerPlugin } from "@apollo/server";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { GraphQLError, Kind, type DocumentNode, validate, visit } from "graphql";

/** The arguments graphql-armor's cost limit multiplies a list's cost by. */
const PAGE_SIZE_ARGUMENTS = new Set(["first", "last"]);

/**
 * graphql-armor's cost limit multiplies a list's cost by `first` or `last` only when the query
 * writes the number itself: `first: $n` costs as `first: 1`, so a page within a page sent with
 * variables (as every client built on the typed client sends it) escaped the limit. This plugin
 * checks the operation again once its variables are known, with each page size variable written
 * in, under the same rule and limit. Nothing runs before it: Apollo calls it before execution.
 */
export function pageSizeCostLimitPlugin<T extends object>(maxCost: number): ApolloServerPlugin<T> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, request, schema }) {
          const inlined = withPageSizesWrittenIn(document, request.variables ?? {});
          if (inlined === null) return Promise.resolve();
          const rejected: GraphQLError[] = [];
          validate(schema, inlined, [
            costLimitRule({
              maxCost,
              propagateOnRejection: false,
              onReject: [(_context, error) => rejected.push(error)],
            }),
          ]);
          const first = rejected[0];
          if (first === undefined) return Promise.resolve();
          return Promise.reject(
            new GraphQLError(first.message, {
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
            }),
          );
        },
      });
    },
  };
}

/**
 * The document with every `first: $v` / `last: $v` replaced by the variable's integer value,
 * or null when no page size comes from a variable (the validation rule already saw it all).
 */
export function withPageSizesWrittenIn(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
): DocumentNode | null {
  const seen = { variable: false };
  const inlined = visit(document, {
    Argument(node) {
      if (!PAGE_SIZE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return;
      const value = variables[node.value.name.value];
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return;
      seen.variable = true;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
  return seen.variable ? inlined : null;
}
