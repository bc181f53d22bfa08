import { afterAll, beforeAll } from "vitest";
import { startGraphCmdb, type RunningGraphCmdb } from "../../src/bootstrap.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { TEST_ADMIN_TOKEN, testTarget } from "./test-database.js";

export interface GraphqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T | null;
  readonly errors: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestServer {
  readonly url: string;
  readonly running: RunningGraphCmdb;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphqlResponse<T>>;
}

/**
 * The whole product on a free port over the test Neo4j, as a client sees it: over HTTP. `env`
 * adds or overrides configuration variables (GRAPH_CMDB_CORS_ORIGINS …).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const target = testTarget();
  const config = loadConfig({
    NEO4J_URI: target.uri,
    NEO4J_USERNAME: target.username,
    NEO4J_PASSWORD: target.password,
    NEO4J_DATABASE: target.database,
    HOST: "127.0.0.1",
    PORT: "0",
    GRAPH_CMDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    GRAPH_CMDB_DEMO: "false",
    ...env,
  });
  const running = await startGraphCmdb(config, createLogger("silent"));
  return {
    url: running.url,
    running,
    async gql(query, variables = {}, opts = {}) {
      const token = opts.token === undefined ? TEST_ADMIN_TOKEN : opts.token;
      const res = await fetch(`${running.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: GraphqlResponse["errors"] };
      return {
        status: res.status,
        headers: res.headers,
        data: (body.data ?? null) as never,
        errors: body.errors ?? [],
      };
    },
  };
}

/** For a test file: one server for its tests (use with useTestDatabase for the clean slate). */
export function useTestServer(env: Record<string, string> = {}): () => TestServer {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.running.stop();
  });
  return () => {
    if (!server) throw new Error("useTestServer(): the server is not started yet");
    return server;
  };
}

/** The codes of a response's errors, for assertions that read as sets. */
export function errorCodes(res: GraphqlResponse<unknown>): unknown[] {
  return res.errors.map((e) => e.extensions?.code);
}
