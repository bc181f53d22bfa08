import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { sendHttpError } from "./http-errors.js";

/** Operation names are the client's choice: past this many distinct ones, they count as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What Neo4j's process looks like from here (see the supervisor). */
export interface Neo4jHealthView {
  readonly state: string;
  readonly restarts: number;
}

/**
 * The product's Prometheus metrics, in a registry of its own (several servers can run in one
 * process, as in the tests): GraphQL requests by operation and outcome, Neo4j round trips and
 * server time per request, the embedded Neo4j's state, and Node's default process metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly duration: Histogram<"operation" | "outcome">;
  private readonly roundTrips: Histogram<"operation">;
  private readonly serverSeconds: Counter<"operation">;
  private readonly slow: Counter<"operation">;

  constructor(neo4jHealth: () => Neo4jHealthView) {
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: "graph_cmdb_graphql_request_duration_seconds",
      help: "GraphQL requests: time from receipt to the end of the response, by operation name and outcome (ok or the first error code)",
      labelNames: ["operation", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.roundTrips = new Histogram({
      name: "graph_cmdb_neo4j_round_trips_per_request",
      help: "Cypher statements one GraphQL request sent to Neo4j",
      labelNames: ["operation"],
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
      registers: [this.registry],
    });
    this.serverSeconds = new Counter({
      name: "graph_cmdb_neo4j_server_seconds_total",
      help: "Time Neo4j reported spending on the statements of GraphQL requests",
      labelNames: ["operation"],
      registers: [this.registry],
    });
    this.slow = new Counter({
      name: "graph_cmdb_slow_requests_total",
      help: "Requests over the slow-request threshold (GRAPH_CMDB_SLOW_REQUEST_MS)",
      labelNames: ["operation"],
      registers: [this.registry],
    });
    new Gauge({
      name: "graph_cmdb_neo4j_up",
      help: "1 when the Neo4j this process runs is up (or when it runs none), 0 while it is down",
      registers: [this.registry],
      collect() {
        const { state } = neo4jHealth();
        this.set(state === "up" || state === "external" ? 1 : 0);
      },
    });
    new Gauge({
      name: "graph_cmdb_neo4j_restarts",
      help: "Times the supervisor restarted the embedded Neo4j since this process started",
      registers: [this.registry],
      collect() {
        this.set(neo4jHealth().restarts);
      },
    });
  }

  /** The label for an operation name: bounded in form and in number. */
  operationLabel(name: string | null): string {
    if (name === null) return "anonymous";
    if (!OPERATION_NAME.test(name)) return "invalid";
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return "other";
    this.operations.add(name);
    return name;
  }

  observeGraphql(sample: {
    readonly operation: string;
    readonly outcome: string;
    readonly seconds: number;
    readonly roundTrips: number;
    readonly serverMs: number;
    readonly slow: boolean;
  }): void {
    const { operation, outcome } = sample;
    this.duration.observe({ operation, outcome }, sample.seconds);
    this.roundTrips.observe({ operation }, sample.roundTrips);
    this.serverSeconds.inc({ operation }, sample.serverMs / 1000);
    if (sample.slow) this.slow.inc({ operation });
  }
}

/**
 * GET /metrics in Prometheus' text format; with a token, only for `Authorization: Bearer <it>`
 * (compared in constant time).
 */
export function metricsHandler(metrics: Metrics, token: string | null): RequestHandler {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return (req, res, next) => {
    if (expected !== null) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.setHeader("www-authenticate", 'Bearer realm="graph-cmdb metrics"');
        sendHttpError(res, 401, "UNAUTHENTICATED", "GET /metrics needs the metrics token");
        return;
      }
    }
    metrics.registry.metrics().then((text) => {
      res.type(metrics.registry.contentType).send(text);
    }, next);
  };
}
