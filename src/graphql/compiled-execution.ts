import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import {
  execute,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import type { Logger } from "../config/logger.js";

/**
 * Operations run by graphql-jit (ADR 014, fifth step): each document and operation name is
 * compiled once into plain JavaScript and kept (a bounded cache); what graphql-jit cannot
 * compile runs in graphql-js, logged once. Apollo Server keeps everything around execution —
 * parsing, validation (armor's rules included), its plugins, `formatError` — and runs the
 * executor through its gateway interface, the one it supports for another executor.
 *
 * What reaches Apollo is what graphql-js would give it: variables are coerced by graphql-js
 * first (its errors, its `@oneOf` check, which graphql-jit lacks; graphql-jit then coerces the
 * same raw values), and graphql-jit's errors become graphql-js's `GraphQLError`s (graphql-jit's
 * carry no `extensions` when the thrown error has none, which Apollo reads). Answers are still
 * written by Apollo's `JSON.stringify`: graphql-jit's compiled serialiser was no faster on a
 * 29k-CI answer on Node 20 (`bench/stringify-answer.ts`).
 */
type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];

export interface CompiledExecution {
  /** For `new ApolloServer({ gateway, … })` in place of `schema`. */
  readonly gateway: Gateway;
}

interface Compiled {
  /** null: graphql-jit could not compile it; graphql-js runs it. */
  readonly query: CompiledQuery | null;
}

/** Compiled operations kept: a document and operation name each (a few KB to a few 100 KB). */
const DEFAULT_CACHE_SIZE = 500;

export function compiledExecution(
  schema: GraphQLSchema,
  log: Logger,
  opts: { readonly cacheSize?: number } = {},
): CompiledExecution {
  const cache = new LRUCache<string, Compiled>({ max: opts.cacheSize ?? DEFAULT_CACHE_SIZE });

  const compiledFor = (rc: GatewayRequestContext): Compiled => {
    const operationName = rc.request.operationName;
    const key = `${rc.queryHash}\u0000${operationName ?? ""}`;
    let compiled = cache.get(key);
    if (!compiled) {
      compiled = compile(schema, rc.document, operationName, (reason) => {
        log.warn(
          { operation: rc.operationName, reason },
          "graphql-jit cannot compile this operation: graphql-js runs it",
        );
      });
      cache.set(key, compiled);
    }
    return compiled;
  };

  const graphqlJs = (rc: GatewayRequestContext): Promise<ExecutionResult> =>
    Promise.resolve(
      execute({
        schema,
        document: rc.document,
        contextValue: rc.context,
        variableValues: rc.request.variables ?? null,
        operationName: rc.request.operationName ?? null,
      }),
    );

  const executor: GatewayExecutor = async (rc) => {
    // no operation (graphql-js says why) or a subscription (none in this schema): graphql-js
    const operation = rc.operation as typeof rc.operation | undefined;
    if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION) return graphqlJs(rc);
    const compiled = compiledFor(rc);
    if (!compiled.query) return graphqlJs(rc);
    const variables = rc.request.variables ?? {};
    if (operation.variableDefinitions?.length) {
      // the same coercion and errors as graphql-js's `execute` (which also stops at 50)
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables, {
        maxErrors: 50,
      });
      if (coerced.errors) return { errors: coerced.errors };
    }
    const result = await compiled.query.query(undefined, rc.context, variables);
    // no data: graphql-jit refused variables graphql-js accepted; graphql-js decides
    if (result.data === undefined) return graphqlJs(rc);
    if (result.errors?.length) return { ...result, errors: result.errors.map(asGraphqlJsError) };
    return result;
  };

  return {
    gateway: {
      load: () => Promise.resolve({ executor }),
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: schema, coreSupergraphSdl: "" });
        return () => undefined;
      },
      stop: () => Promise.resolve(),
    },
  };
}

function compile(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  cannot: (reason: string) => void,
): Compiled {
  try {
    const query = compileQuery(schema, document, operationName);
    if (isCompiledQuery(query)) return { query };
    cannot(query.errors?.map((e) => e.message).join("; ") ?? "no reason given");
  } catch (e) {
    cannot(e instanceof Error ? e.message : String(e));
  }
  return { query: null };
}

/**
 * graphql-jit's error as graphql-js makes it: the same message, path, locations and original
 * error, and `extensions` always an object (the thrown error's, else empty).
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const original = error.originalError ?? undefined;
  // typed as always there; graphql-jit leaves it out when the thrown error has none
  const { extensions, locations } = error as {
    extensions?: GraphQLError["extensions"];
    locations?: GraphQLError["locations"];
  };
  const converted = new GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(original ? { originalError: original } : {}),
    ...(extensions ? { extensions } : {}),
  });
  // graphql-jit keeps the locations, not the nodes they came from
  if (locations) (converted as { locations?: unknown }).locations = locations;
  return converted;
}
