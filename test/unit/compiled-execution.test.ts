import {
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getOperationAST,
  parse,
} from "graphql";
import { describe, expect, it, vi } from "vitest";
import type { Logger } from "../../src/config/logger.js";
import { compiledExecution } from "../../src/graphql/compiled-execution.js";

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      hello: { type: GraphQLString, resolve: () => 'say "hi" \u2028 🚀' },
      fail: {
        type: GraphQLString,
        resolve: () => {
          throw new Error("boom");
        },
      },
    },
  }),
});

function setUp() {
  const warn = vi.fn();
  const log = { warn } as unknown as Logger;
  const execution = compiledExecution(schema, log);
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const { executor } = await execution.gateway.load({ apollo: {} });
    const document = parse(query);
    const operation = getOperationAST(document);
    // what Apollo hands its gateway's executor (the fields this one reads)
    const requestContext = {
      request: { query, variables },
      document,
      operation,
      operationName: operation?.name?.value ?? null,
      queryHash: query,
      context: {},
    } as unknown as Parameters<NonNullable<typeof executor>>[0];
    if (!executor) throw new Error("no executor");
    return executor(requestContext);
  };
  return { warn, run };
}

describe("graphql-jit as the executor", () => {
  it("gives a resolver's error as graphql-js does: message, path, locations, original, extensions", async () => {
    const { run } = setUp();
    const result = await run("{ hello fail }");
    expect(result.data).toEqual({ hello: 'say "hi" \u2028 🚀', fail: null });
    const error = result.errors?.[0];
    expect(error?.constructor).toBe(GraphQLError);
    expect(error?.toJSON()).toEqual({
      message: "boom",
      path: ["fail"],
      locations: [{ line: 1, column: 9 }],
    });
    expect(error?.extensions).toEqual({});
    expect(error?.originalError?.message).toBe("boom");
  });

  it("runs in graphql-js what graphql-jit cannot compile, and says so once", async () => {
    const { run, warn } = setUp();
    // graphql-jit refuses a nullable `if` without a default, which graphql-js takes (and which
    // validation refuses before: the executor is given it here directly)
    const query = "query($v: Boolean) { hello @skip(if: $v) }";
    for (let i = 0; i < 2; i++) {
      expect(await run(query, { v: false })).toEqual({ data: { hello: 'say "hi" \u2028 🚀' } });
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toBe(
      "graphql-jit cannot compile this operation: graphql-js runs it",
    );
  });
});
