import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type {
  ImportKind,
  ImportOutcome,
  ImportPhase,
  ImportWatch,
  TelemetrySink,
  WalkKind,
  WalkSample,
} from "../application/telemetry.js";
import { sendHttpError } from "./http-errors.js";

/** Operation names are the client's choice: past this many distinct ones, they count as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What Neo4j's process looks like from here (see the supervisor). */
export interface Neo4jHealthView {
  readonly state: string;
  readonly restarts: number;
}

/** The Neo4j sessions of this process, as the database adapter counts them. */
export interface SessionsView {
  openSessions(mode: "READ" | "WRITE"): number;
  /** Returns the unsubscribe. */
  onConnectionFailure(listener: (code: string) => void): () => void;
}

/** The driver's connection pool now; null when it cannot be read. */
export interface ConnectionPoolView {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

/** What else the metrics watch, besides requests: the Neo4j pool, impact walks and imports. */
export interface MetricSources {
  readonly sessions?: SessionsView;
  readonly connectionPool?: () => ConnectionPoolView | null;
  readonly telemetry?: { subscribe(sink: TelemetrySink): () => void };
}

const WALK_KINDS: readonly WalkKind[] = ["procedure", "cypher"];
const IMPORT_KINDS: readonly ImportKind[] = ["document", "discovery"];
const IMPORT_PHASES: readonly ImportPhase[] = ["configurationItems", "relationships"];
const IMPORT_OUTCOMES: readonly ImportOutcome[] = ["applied", "dry_run", "refused", "failed"];

/** An import in progress: its kind and how far each phase got. */
interface RunningImport {
  readonly kind: ImportKind;
  readonly progress: Map<ImportPhase, { done: number; total: number | null }>;
}

/**
 * The product's Prometheus metrics, in a registry of its own (several servers can run in one
 * process, as in the tests): GraphQL requests by operation and outcome, Neo4j round trips and
 * server time per request, the embedded Neo4j's state, Node's default process metrics, and,
 * from `sources`, the Neo4j sessions and connection pool, impact walks and imports.
 */
export class Metrics implements TelemetrySink {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly duration: Histogram<"operation" | "outcome">;
  private readonly roundTrips: Histogram<"operation">;
  private readonly serverSeconds: Counter<"operation">;
  private readonly slow: Counter<"operation">;
  private readonly walkCis: Histogram<"kind" | "truncated">;
  private readonly walkSeconds: Histogram<"kind" | "truncated">;
  private readonly walksCapped: Counter<"kind">;
  private readonly imports: Counter<"kind" | "outcome">;
  private readonly importWritten: Counter<"kind" | "phase">;
  private readonly importRetries: Counter<"kind">;
  private readonly running = new Set<RunningImport>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(neo4jHealth: () => Neo4jHealthView, sources: MetricSources = {}) {
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
    this.walkCis = new Histogram({
      name: "graph_cmdb_impact_walk_cis",
      help: "CIs one impact walk reached beyond the CIs it started from (what the node cap counts), by kind (procedure: graphcmdb.impact.walk inside Neo4j; cypher: level by level) and truncated (true: it stopped at the node cap)",
      labelNames: ["kind", "truncated"],
      buckets: [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 20_000, 100_000],
      registers: [this.registry],
    });
    this.walkSeconds = new Histogram({
      name: "graph_cmdb_impact_walk_duration_seconds",
      help: "Time one impact walk took (finding its start CIs, walking, counting redundancy group members), by kind and truncated",
      labelNames: ["kind", "truncated"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.walksCapped = new Counter({
      name: "graph_cmdb_impact_walks_capped_total",
      help: "Impact walks that stopped at the node cap (GRAPH_CMDB_IMPACT_NODE_CAP, or the paged cap): their answers say truncated",
      labelNames: ["kind"],
      registers: [this.registry],
    });
    this.imports = new Counter({
      name: "graph_cmdb_imports_total",
      help: "Imports that ended, by kind (document: an interchange document in one transaction; discovery: a discovery run's write) and outcome (applied; dry_run; refused: the document has errors, nothing written; failed: the import ended in an error such as Neo4j unavailable or a conflict, nothing written)",
      labelNames: ["kind", "outcome"],
      registers: [this.registry],
    });
    this.importWritten = new Counter({
      name: "graph_cmdb_import_items_written_total",
      help: "CIs and relationships that applied imports created or updated (counted once committed; unchanged entries are not writes), by kind and phase",
      labelNames: ["kind", "phase"],
      registers: [this.registry],
    });
    this.importRetries = new Counter({
      name: "graph_cmdb_import_retries_total",
      help: "Times Neo4j made an import start its transaction again after a transient failure (a deadlock, a leader switch)",
      labelNames: ["kind"],
      registers: [this.registry],
    });
    for (const kind of WALK_KINDS) this.walksCapped.inc({ kind }, 0);
    for (const kind of IMPORT_KINDS) {
      this.importRetries.inc({ kind }, 0);
      for (const outcome of IMPORT_OUTCOMES) this.imports.inc({ kind, outcome }, 0);
      for (const phase of IMPORT_PHASES) this.importWritten.inc({ kind, phase }, 0);
    }
    const running = this.running;
    new Gauge({
      name: "graph_cmdb_imports_in_progress",
      help: "Imports running now, by kind",
      labelNames: ["kind"],
      registers: [this.registry],
      collect() {
        for (const kind of IMPORT_KINDS)
          this.set({ kind }, [...running].filter((r) => r.kind === kind).length);
      },
    });
    const sumProgress = (phase: ImportPhase, of: "done" | "total"): number =>
      [...running].reduce((sum, r) => sum + (r.progress.get(phase)?.[of] ?? 0), 0);
    new Gauge({
      name: "graph_cmdb_import_items_done",
      help: "Entries of the imports running now that have been validated and written in their transaction so far, by phase (0 when none runs)",
      labelNames: ["phase"],
      registers: [this.registry],
      collect() {
        for (const phase of IMPORT_PHASES) this.set({ phase }, sumProgress(phase, "done"));
      },
    });
    new Gauge({
      name: "graph_cmdb_import_items_expected",
      help: "Entries the running imports' documents hold, by phase, where known (a document in memory): done / expected is their progress",
      labelNames: ["phase"],
      registers: [this.registry],
      collect() {
        for (const phase of IMPORT_PHASES) this.set({ phase }, sumProgress(phase, "total"));
      },
    });
    if (sources.telemetry) this.unsubscribe.push(sources.telemetry.subscribe(this));
    this.watchNeo4jPool(sources);
  }

  private watchNeo4jPool(sources: MetricSources): void {
    const { sessions, connectionPool } = sources;
    if (sessions) {
      new Gauge({
        name: "graph_cmdb_neo4j_sessions_open",
        help: "Neo4j sessions open now (one per transaction or auto-commit read under way), by access mode; each holds a pooled connection or waits for one",
        labelNames: ["mode"],
        registers: [this.registry],
        collect() {
          this.set({ mode: "read" }, sessions.openSessions("READ"));
          this.set({ mode: "write" }, sessions.openSessions("WRITE"));
        },
      });
      const failures = new Counter({
        name: "graph_cmdb_neo4j_connection_failures_total",
        help: "Sessions that got no connection to Neo4j or lost it, by code: ServiceUnavailable (Neo4j unreachable), SessionExpired, ConnectionAcquisitionTimedOut (the pool stayed full for the acquisition timeout)",
        labelNames: ["code"],
        registers: [this.registry],
      });
      for (const code of ["ServiceUnavailable", "SessionExpired", "ConnectionAcquisitionTimedOut"])
        failures.inc({ code }, 0);
      this.unsubscribe.push(sessions.onConnectionFailure((code) => failures.inc({ code })));
    }
    if (connectionPool) {
      new Gauge({
        name: "graph_cmdb_neo4j_pool_connections",
        help: "Connections in the driver's pool, by state (in_use: lent to a session; idle: open, waiting in the pool); absent until the first connection",
        labelNames: ["state"],
        registers: [this.registry],
        collect() {
          const pool = connectionPool();
          if (!pool) return;
          this.set({ state: "in_use" }, pool.inUse);
          this.set({ state: "idle" }, pool.idle);
        },
      });
      new Gauge({
        name: "graph_cmdb_neo4j_pool_waiting",
        help: "Sessions waiting now for a connection because the pool is full (they fail with ConnectionAcquisitionTimedOut after 30 s)",
        registers: [this.registry],
        collect() {
          const pool = connectionPool();
          if (pool) this.set(pool.waiting);
        },
      });
      new Gauge({
        name: "graph_cmdb_neo4j_pool_max_connections",
        help: "The most connections the driver's pool opens to a Neo4j server (in_use reaching it means sessions wait)",
        registers: [this.registry],
        collect() {
          const pool = connectionPool();
          if (pool) this.set(pool.max);
        },
      });
    }
  }

  /** Stops listening to the sources (the server stops). */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  walked(sample: WalkSample): void {
    const labels = { kind: sample.kind, truncated: String(sample.truncated) };
    this.walkCis.observe(labels, sample.reached);
    this.walkSeconds.observe(labels, sample.seconds);
    if (sample.truncated) this.walksCapped.inc({ kind: sample.kind });
  }

  importStarted(kind: ImportKind): ImportWatch {
    const run: RunningImport = { kind, progress: new Map() };
    this.running.add(run);
    return {
      progress: (phase, done, total) => {
        run.progress.set(phase, { done, total });
      },
      retried: () => {
        this.importRetries.inc({ kind });
        // the transaction starts again from its first entry
        run.progress.clear();
      },
      finished: (outcome, written) => {
        this.running.delete(run);
        this.imports.inc({ kind, outcome });
        for (const phase of IMPORT_PHASES) this.importWritten.inc({ kind, phase }, written[phase]);
      },
    };
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
