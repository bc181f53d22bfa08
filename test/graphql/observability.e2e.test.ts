import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveProduct, type ServedProduct } from "../support/served-product.js";
import { TEST_ADMIN_TOKEN } from "../support/test-database.js";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

describe("what a request leaves for an operator", () => {
  let product: ServedProduct;
  beforeAll(async () => {
    product = await serveProduct({
      GRAPH_CMDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      GRAPH_CMDB_METRICS_TOKEN: METRICS_TOKEN,
      // every GraphQL request takes more than a millisecond: each is a slow one here
      GRAPH_CMDB_SLOW_REQUEST_MS: "1",
    });
  }, 180_000);
  afterAll(async () => {
    await product.stop();
  });

  async function post(
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; body: { errors?: unknown[] } }> {
    const res = await fetch(`${product.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as never };
  }

  async function accessLine(reqId: string): Promise<Record<string, unknown>> {
    // the line is written when the response ends, a moment after the client has it
    for (let i = 0; i < 50; i++) {
      const line = product.logLines().find((l) => l.reqId === reqId);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no access-log line for ${reqId}:\n${product.log()}`);
  }

  it("logs each request once with its id, user, operation, status, duration and Neo4j round trips", async () => {
    const res = await post(
      { query: "query Probe { ciTypes { name } }" },
      { "x-request-id": "probe-0001" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("probe-0001");
    const line = await accessLine("probe-0001");
    expect(line).toMatchObject({
      msg: "slow request",
      level: 40,
      slowMs: 1,
      method: "POST",
      path: "/graphql",
      status: 200,
      user: "admin",
      operation: "Probe",
      outcome: "ok",
    });
    expect(line.ms).toBeGreaterThan(1);
    const neo4j = line.neo4j as { roundTrips: number; serverMs: number };
    expect(neo4j.roundTrips).toBeGreaterThan(0);
    expect(product.logLines().filter((l) => l.reqId === "probe-0001")).toHaveLength(1);
  });

  it("makes a request id when the caller sends none or a malformed one, and returns it", async () => {
    const plain = await post({ query: "{ __typename }" });
    expect(plain.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await post({ query: "{ __typename }" }, { "x-request-id": "x".repeat(200) });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names the error code as the outcome of a refused request, and the operation the client declared", async () => {
    const res = await post(
      { query: "query Denied { __typename }", operationName: "Denied" },
      { authorization: "Bearer not-a-token-at-all-0123456789", "x-request-id": "denied-1" },
    );
    expect(res.status).toBe(401);
    expect(await accessLine("denied-1")).toMatchObject({
      status: 401,
      operation: "Denied",
      outcome: "UNAUTHENTICATED",
      user: null,
    });
  });

  it("serves Prometheus metrics to the metrics token only", async () => {
    const refused = await fetch(`${product.url}/metrics`);
    expect(refused.status).toBe(401);
    const wrong = await fetch(`${product.url}/metrics`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(wrong.status).toBe(401);

    const res = await fetch(`${product.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(
      /graph_cmdb_graphql_request_duration_seconds_count\{operation="Probe",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /graph_cmdb_graphql_request_duration_seconds_count\{operation="Denied",outcome="UNAUTHENTICATED"\} 1/,
    );
    expect(text).toMatch(
      /graph_cmdb_neo4j_round_trips_per_request_count\{operation="Probe"\} [1-9]/,
    );
    expect(text).toMatch(/graph_cmdb_slow_requests_total\{operation="Probe"\} [1-9]/);
    expect(text).toContain("graph_cmdb_neo4j_up 1");
    // the pool, walks and imports of the product as `npm start` wires it: nothing under way
    expect(text).toContain('graph_cmdb_neo4j_sessions_open{mode="read"} 0');
    expect(text).toContain('graph_cmdb_neo4j_pool_connections{state="in_use"} 0');
    expect(text).toContain('graph_cmdb_imports_in_progress{kind="document"} 0');
    expect(text).toContain('graph_cmdb_impact_walks_capped_total{kind="procedure"} 0');
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("keeps health probes and scrapes out of the access log at info level", async () => {
    await fetch(`${product.url}/healthz`, { headers: { "x-request-id": "probe-health" } });
    await new Promise((r) => setTimeout(r, 200));
    expect(product.logLines().filter((l) => l.reqId === "probe-health")).toEqual([]);
  });
});
