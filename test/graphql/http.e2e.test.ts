import { auditServer } from "graphql-http";
import { describe, expect, it } from "vitest";
import { TEST_ADMIN_TOKEN, useTestDatabase } from "../support/test-database.js";
import { useTestServer } from "../support/test-server.js";

const FRONT_END = "http://localhost:5173";
const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...headers,
    },
    body,
  });

/** An HTTP-level error as a client reads it: status, code, and nothing a server should hide. */
async function errorOf(res: Response): Promise<{ status: number; code: unknown; text: string }> {
  const text = await res.text();
  expect(res.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
  expect(text).not.toMatch(/<html|<pre>|at .*\(|\/work\/|node_modules|\.ts:\d+/i);
  const body = JSON.parse(text) as { errors: { extensions: { code: unknown } }[] };
  return { status: res.status, code: body.errors[0]?.extensions.code, text };
}

describe("the HTTP door", () => {
  useTestDatabase();
  const server = useTestServer({
    GRAPH_CMDB_CORS_ORIGINS: FRONT_END,
    GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "0",
    GRAPH_CMDB_MAX_REQUEST_MB: "1",
    GRAPH_CMDB_MAX_QUERY_TOKENS: "500",
  });

  it("answers a document that does not parse, or is too long, with 400 and a code", async () => {
    const broken = await errorOf(await post(server().url, JSON.stringify({ query: "{ me { " })));
    expect([broken.status, broken.code]).toEqual([400, "GRAPHQL_PARSE_FAILED"]);
    const long = `{ ${Array.from({ length: 400 }, (_, i) => `a${String(i)}: __typename`).join(" ")} }`;
    const tooLong = await errorOf(await post(server().url, JSON.stringify({ query: long })));
    expect([tooLong.status, tooLong.code]).toEqual([400, "GRAPHQL_PARSE_FAILED"]);
    expect(tooLong.text).toContain("500 tokens");
  });

  it("answers bodies it cannot read with JSON errors, never HTML or a stack", async () => {
    const badJson = await errorOf(await post(server().url, "{ not json"));
    expect([badJson.status, badJson.code]).toEqual([400, "BAD_REQUEST"]);
    const nullBody = await errorOf(await post(server().url, "null"));
    expect([nullBody.status, nullBody.code]).toEqual([400, "BAD_REQUEST"]);
    const invalidUtf8 = await post(
      server().url,
      Buffer.concat([
        Buffer.from('{"query":"{ me { user } }","x":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]),
    );
    // the bytes are read as U+FFFD, as the JSON spec allows; whatever the answer, it is JSON
    expect(invalidUtf8.status).toBeLessThan(500);
    expect(JSON.parse(await invalidUtf8.text())).toHaveProperty("data.me.user", "admin");
    const big = await errorOf(
      await post(
        server().url,
        JSON.stringify({ query: "{ me { user } }", pad: "x".repeat(1_200_000) }),
      ),
    );
    expect([big.status, big.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const charset = await errorOf(
      await post(server().url, '{"query":"{ me { user } }"}', {
        "content-type": "application/json; charset=latin-7",
      }),
    );
    expect([charset.status, charset.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    const nowhere = await errorOf(await fetch(`${server().url}/nothing/here`));
    expect([nowhere.status, nowhere.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("says how to authenticate when the token is missing", async () => {
    const res = await post(server().url, JSON.stringify({ query: "{ me { user } }" }), {
      authorization: "",
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="graph-cmdb"');
    expect((await errorOf(res)).code).toBe("UNAUTHENTICATED");
  });

  it("lets an allowed origin call the API from a browser, and no other", async () => {
    const preflight = await fetch(`${server().url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: FRONT_END,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(FRONT_END);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const allowed = await post(server().url, JSON.stringify({ query: "{ me { user } }" }), {
      origin: FRONT_END,
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(FRONT_END);
    expect(allowed.headers.get("access-control-expose-headers")).toContain(
      "x-graph-cmdb-bookmarks",
    );
    const other = await post(server().url, JSON.stringify({ query: "{ me { user } }" }), {
      origin: "https://evil.example",
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("compresses what it sends when the client accepts it", async () => {
    const res = await post(
      server().url,
      JSON.stringify({ query: "{ __schema { types { name description } } }" }),
      {
        "accept-encoding": "gzip",
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    // fetch decompresses: the body still reads as the answer
    expect(((await res.json()) as { data: unknown }).data).toBeTruthy();
    const br = await post(
      server().url,
      JSON.stringify({ query: "{ __schema { types { name description } } }" }),
      { "accept-encoding": "br" },
    );
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(((await br.json()) as { data: unknown }).data).toBeTruthy();
  });

  it("sends a small answer as it is: compressing it would save no round trip", async () => {
    const res = await post(server().url, JSON.stringify({ query: "{ __typename }" }), {
      "accept-encoding": "gzip, br",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("sends security headers with the web page", async () => {
    const res = await fetch(`${server().url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("follows the GraphQL over HTTP spec: no MUST fails in graphql-http's audit", async () => {
    const results = await auditServer({
      url: `${server().url}/graphql`,
      fetchFn: (input: string | URL | Request, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("authorization", `Bearer ${TEST_ADMIN_TOKEN}`);
        return fetch(input, { ...init, headers });
      },
    });
    const mustFails = results
      .filter((r) => r.status === "error")
      .map((r) => `${r.name}: ${"reason" in r ? r.reason : ""}`);
    expect(mustFails).toEqual([]);
    expect(results.filter((r) => r.status === "ok").length).toBeGreaterThan(20);
  });
});

describe("the HTTP door under a rate limit", () => {
  useTestDatabase();
  const server = useTestServer({ GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: "10" });

  it("limits the requests of one token a minute, with Retry-After, leaving others alone", async () => {
    const query = JSON.stringify({ query: "{ me { user } }" });
    let limited: Response | null = null;
    for (let i = 0; i < 20 && !limited; i++) {
      const res = await post(server().url, query);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).not.toBeNull();
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(limited!)).code).toBe("RATE_LIMITED");
    // without a token: another budget (and another answer: 401)
    const anonymous = await post(server().url, query, { authorization: "" });
    expect(anonymous.status).toBe(401);
  });
});
