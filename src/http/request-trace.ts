import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Logger } from "../config/logger.js";
import type { Metrics } from "./metrics.js";

export const REQUEST_ID_HEADER = "x-request-id";
/** A caller's request id is kept when it looks like one (a proxy's, a client's); else a UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** What one request did, filled in by the layers it passes through, logged when it ends. */
export interface RequestTrace {
  readonly id: string;
  /** The canonical user name of the caller's token, once authenticated. */
  user: string | null;
  /** The GraphQL operation name (as resolved, else as the client declared it). */
  operation: string | null;
  /** A GraphQL request (counted in the request metrics). */
  graphql: boolean;
  /** The first error code of the answer; null when there was none. */
  outcome: string | null;
  /** The request's Neo4j statements and the time Neo4j reported for them. */
  neo4j: { readonly roundTrips: number; readonly serverMs: number } | null;
}

export function traceOf(res: Response): RequestTrace | undefined {
  return (res.locals as { trace?: RequestTrace }).trace;
}

/** Probes and scrapes come every few seconds: logged at debug level only. */
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Gives each request an id (the caller's `X-Request-Id`, else a new one, returned in the same
 * header) and, when it ends, writes one access-log line: id, method, path, status, duration,
 * user, operation, outcome and its Neo4j round trips. A request slower than `slowMs` is logged at
 * warn level; a GraphQL request is also counted in the metrics.
 */
export function requestTracing(
  log: Logger,
  metrics: Metrics | null,
  slowMs: number,
): RequestHandler {
  return (req, res, next) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const trace: RequestTrace = {
      id,
      user: null,
      operation: null,
      graphql: false,
      outcome: null,
      neo4j: null,
    };
    (res.locals as { trace?: RequestTrace }).trace = trace;
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    // the path only: a query string may carry a GraphQL document or variables
    const path = req.originalUrl.split("?")[0] ?? "/";
    let done = false;
    const end = (aborted: boolean): void => {
      if (done) return;
      done = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      writeAccessLog(log, req.method, path, res, trace, { ms, aborted, slowMs });
      if (metrics && trace.graphql) {
        metrics.observeGraphql({
          operation: metrics.operationLabel(trace.operation),
          outcome: aborted ? "ABORTED" : outcomeOf(trace, res),
          seconds: ms / 1000,
          roundTrips: trace.neo4j?.roundTrips ?? 0,
          serverMs: trace.neo4j?.serverMs ?? 0,
          slow: slowMs > 0 && ms > slowMs,
        });
      }
    };
    res.once("finish", () => end(false));
    res.once("close", () => end(!res.writableFinished));
    next();
  };
}

/** "ok", or the code of the first error: GraphQL's, or the HTTP layer's own (sendHttpError). */
function outcomeOf(trace: RequestTrace, res: Response): string {
  if (trace.outcome) return trace.outcome;
  const code = (res.locals as { errorCode?: string }).errorCode;
  if (code) return code;
  return res.statusCode >= 400 ? `HTTP_${String(res.statusCode)}` : "ok";
}

function writeAccessLog(
  log: Logger,
  method: string,
  path: string,
  res: Response,
  trace: RequestTrace,
  at: { ms: number; aborted: boolean; slowMs: number },
): void {
  const slow = at.slowMs > 0 && at.ms > at.slowMs;
  const line = {
    reqId: trace.id,
    method,
    path,
    status: at.aborted ? null : res.statusCode,
    ms: Math.round(at.ms * 10) / 10,
    user: trace.user,
    operation: trace.operation,
    outcome: at.aborted ? "ABORTED" : outcomeOf(trace, res),
    ...(trace.neo4j
      ? {
          neo4j: {
            roundTrips: trace.neo4j.roundTrips,
            serverMs: Math.round(trace.neo4j.serverMs),
          },
        }
      : {}),
  };
  // a probe answering 503 is the news /healthz and /readyz exist for, not a failed request
  if (QUIET_PATHS.has(path)) log.debug(line, "request");
  else if (slow) log.warn({ ...line, slowMs: at.slowMs }, "slow request");
  else if (res.statusCode >= 500) log.warn(line, "request failed");
  else log.info(line, "request");
}
