import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("configuration from the environment", () => {
  it("defaults to port 4000 and the embedded Neo4j under .data", () => {
    const config = loadConfig({}, "/srv/cmdb");
    expect(config.port).toBe(4000);
    expect(config.neo4j.uri).toBeNull();
    expect(config.embedded.dataDir).toBe(path.resolve("/srv/cmdb/.data/neo4j"));
    expect(config.adminToken).toBeNull();
  });

  it("reads the change policy: CAB thresholds and the retrospective deadline", () => {
    const config = loadConfig({
      GRAPH_CMDB_CAB_THRESHOLDS: "20:2, 50:4",
      GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS: "24",
    });
    expect(config.change).toEqual({
      approvalThresholds: [
        { minScore: 20, approvals: 2 },
        { minScore: 50, approvals: 4 },
      ],
      retrospectiveDueHours: 24,
    });
    expect(loadConfig({}).change.approvalThresholds).toEqual([
      { minScore: 30, approvals: 2 },
      { minScore: 60, approvals: 3 },
    ]);
  });

  it("defaults the operations settings: attribute limits, slow requests, metrics, read timeout, restarts", () => {
    const config = loadConfig({});
    expect(config.attributes).toEqual({ maxDepth: 16, maxChars: 65536 });
    expect(config.observability).toEqual({
      slowRequestMs: 1000,
      metrics: true,
      metricsToken: null,
      readTimeoutMs: 30_000,
    });
    expect(config.embedded.maxRestarts).toBe(5);
    const set = loadConfig({
      GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH: "4",
      GRAPH_CMDB_MAX_ATTRIBUTES_CHARS: "4096",
      GRAPH_CMDB_SLOW_REQUEST_MS: "0",
      GRAPH_CMDB_METRICS: "false",
      GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: "5000",
      GRAPH_CMDB_EMBEDDED_MAX_RESTARTS: "0",
    });
    expect(set.attributes).toEqual({ maxDepth: 4, maxChars: 4096 });
    expect(set.observability).toMatchObject({
      slowRequestMs: 0,
      metrics: false,
      readTimeoutMs: 5000,
    });
    expect(set.embedded.maxRestarts).toBe(0);
  });

  it("reads PORT and NEO4J_URI", () => {
    const config = loadConfig({ PORT: "4100", NEO4J_URI: "neo4j+s://abc.databases.neo4j.io" });
    expect(config.port).toBe(4100);
    expect(config.neo4j.uri).toBe("neo4j+s://abc.databases.neo4j.io");
  });

  it.each([
    ["PORT", "forty"],
    ["PORT", "70000"],
    ["NEO4J_URI", "http://localhost:7474"],
    ["LOG_LEVEL", "loud"],
    ["GRAPH_CMDB_ADMIN_TOKEN", "short"],
    ["GRAPH_CMDB_EMBEDDED_HEAP_MB", "-1"],
    ["GRAPH_CMDB_CAB_THRESHOLDS", "60:2,30:3"],
    ["GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS", "0"],
    ["GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH", "0"],
    ["GRAPH_CMDB_MAX_ATTRIBUTES_CHARS", "12"],
    ["GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS", "50"],
    ["GRAPH_CMDB_SLOW_REQUEST_MS", "-5"],
    ["GRAPH_CMDB_METRICS", "yes"],
    ["GRAPH_CMDB_METRICS_TOKEN", "short"],
    ["GRAPH_CMDB_EMBEDDED_MAX_RESTARTS", "many"],
  ])("names %s when it is invalid (%s)", (variable, value) => {
    let error: unknown = null;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(JSON.stringify(value));
  });

  it("reads the JWT settings, off unless an issuer is given, each mistake naming its variable", () => {
    expect(loadConfig({}).jwt).toBeNull();
    const jwt = loadConfig({
      GRAPH_CMDB_JWT_ISSUER: "https://idp.example.com/realms/ops",
      GRAPH_CMDB_JWT_AUDIENCE: "graph-cmdb, cmdb-web",
      GRAPH_CMDB_JWT_JWKS_URI: "https://idp.example.com/realms/ops/certs",
    }).jwt;
    expect(jwt).toEqual({
      issuer: "https://idp.example.com/realms/ops",
      audiences: ["graph-cmdb", "cmdb-web"],
      jwksUri: "https://idp.example.com/realms/ops/certs",
      publicKeyPem: null,
      rolesClaim: "roles",
      userClaims: ["preferred_username", "sub"],
    });
    const base = { GRAPH_CMDB_JWT_ISSUER: "https://idp.example.com", GRAPH_CMDB_JWT_AUDIENCE: "a" };
    const refusals: [Record<string, string>, string][] = [
      [{ GRAPH_CMDB_JWT_AUDIENCE: "a" }, "GRAPH_CMDB_JWT_ISSUER"],
      [{ GRAPH_CMDB_JWT_ISSUER: "https://idp.example.com" }, "GRAPH_CMDB_JWT_AUDIENCE"],
      [base, "GRAPH_CMDB_JWT_JWKS_URI"],
      [
        { ...base, GRAPH_CMDB_JWT_JWKS_URI: "http://idp.example.com/certs" },
        "GRAPH_CMDB_JWT_JWKS_URI",
      ],
      [
        {
          ...base,
          GRAPH_CMDB_JWT_JWKS_URI: "https://idp.example.com/certs",
          GRAPH_CMDB_JWT_PUBLIC_KEY_FILE: "/nowhere.pem",
        },
        "GRAPH_CMDB_JWT_JWKS_URI",
      ],
      [
        { ...base, GRAPH_CMDB_JWT_PUBLIC_KEY_FILE: "/nowhere/idp.pem" },
        "GRAPH_CMDB_JWT_PUBLIC_KEY_FILE",
      ],
    ];
    for (const [env, variable] of refusals) {
      let error: unknown = null;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect([env, error instanceof ConfigError && error.variable]).toEqual([env, variable]);
    }
    // a provider on the machine itself may serve its keys over http
    const local = loadConfig({ ...base, GRAPH_CMDB_JWT_JWKS_URI: "http://127.0.0.1:8080/certs" });
    expect(local.jwt?.jwksUri).toBe("http://127.0.0.1:8080/certs");
  });
});
