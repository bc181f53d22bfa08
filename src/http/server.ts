import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import compression from "compression";
import cors from "cors";
import express, { type RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { GraphQLError, type GraphQLSchema } from "graphql";
import helmet from "helmet";
import type { Application } from "../application/application.js";
import type { HttpPolicy, ObservabilityPolicy } from "../config/config.js";
import type { Logger } from "../config/logger.js";
import { projectRoot } from "../config/project-root.js";
import { DomainError, UnavailableError } from "../domain/errors.js";
import { compiledExecution } from "../graphql/compiled-execution.js";
import { createContext, type GraphqlContext } from "../graphql/context.js";
import { createFormatError, toGraphqlError } from "../graphql/format-error.js";
import { pageSizeCostLimitPlugin } from "./page-size-cost-limit.js";
import { BOOKMARKS_HEADER, parseBookmarks } from "./bookmarks.js";
import { httpErrorHandler, notFoundHandler, sendHttpError } from "./http-errors.js";
import { Metrics, metricsHandler, type Neo4jHealthView } from "./metrics.js";
import { requestTracing, traceOf, type RequestTrace } from "./request-trace.js";

export interface HttpServerOptions {
  readonly app: Application;
  readonly schema: GraphQLSchema;
  readonly log: Logger;
  readonly host: string;
  readonly port: number;
  readonly policy: HttpPolicy;
  readonly observability: ObservabilityPolicy;
  /** The state of the Neo4j process (the embedded one's supervisor; "external" otherwise). */
  readonly neo4jHealth: () => Neo4jHealthView;
  /**
   * The metrics, when made before the server (to count what happens before it listens, such as
   * the demo estate's import); made here from `observability` otherwise. Closed with the server.
   */
  readonly metrics?: Metrics | null;
}

/** The product's metrics over `app` when `observability` asks for them, else null. */
export function productMetrics(
  app: Application,
  neo4jHealth: () => Neo4jHealthView,
  observability: ObservabilityPolicy,
): Metrics | null {
  return observability.metrics
    ? new Metrics(neo4jHealth, {
        sessions: app.db.sessions,
        connectionPool: () => app.db.connectionPool(),
        telemetry: app.telemetry,
      })
    : null;
}

/**
 * How long /readyz waits for Neo4j to answer before it says not ready: under 2 s, so a stalled
 * (SIGSTOPped) Neo4j gets a 503 within 2 s of a probe (with 2 s the soak saw it at 2.0–2.5 s).
 */
const READINESS_TIMEOUT_MS = 1_500;

/** Bodies smaller than this are sent as they are (see the compression middleware below). */
export const COMPRESSION_THRESHOLD_BYTES = 14_600;

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  /** Stops taking requests, lets in-flight ones finish, then resolves. */
  stop(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const { policy, observability } = opts;
  const web = express();
  web.disable("x-powered-by");
  const metrics =
    opts.metrics !== undefined
      ? opts.metrics
      : productMetrics(opts.app, opts.neo4jHealth, observability);
  web.use(requestTracing(opts.log, metrics, observability.slowRequestMs));
  // the fastest levels: a 29k-CI impact answer (1.6 MB of JSON) takes 7 ms at brotli quality 1
  // against 32 ms at the middleware's default 4, and 8 ms at gzip level 1 against 19 ms at 6, for
  // 40 / 78 KB instead of 24 / 76 KB (ADR 014)
  // a body that fits TCP's initial congestion window (10 segments of 1,460 bytes) arrives in one
  // round trip whether compressed or not: below that, compressing only costs time at both ends
  // (zlib streams on the server, decoding in the client; ADR 014, seventh step)
  web.use(
    compression({
      threshold: COMPRESSION_THRESHOLD_BYTES,
      level: zlib.constants.Z_BEST_SPEED,
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
    }),
  );
  // security headers on everything; the page may load only its own files (it runs offline)
  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          // the explorer's stylesheet (GraphiQL) carries its fonts inline; a font cannot run code
          fontSrc: ["'self'", "data:"],
          // Monaco's language services run in workers, scripts of this origin
          workerSrc: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      // served over plain HTTP too (127.0.0.1, behind a TLS proxy): HSTS is the proxy's call
      strictTransportSecurity: false,
    }),
  );
  const httpServer: Server = createServer(web);

  // depth, alias, token and cost limits: one request cannot ask for the whole graph
  const maxCost = 250_000;
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    // counted by graphql's parser instead (parseOptions below): armor's check throws while
    // parsing and turns an over-long document into a 500
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    // armor multiplies a field's cost by a literal `first`: one page of 1000 impacted CIs with
    // their level, path steps and CI fields costs 110–180k; pages within pages cost millions
    costLimit: { maxCost },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // graphql-jit runs the operations unless configured otherwise (ADR 014)
  const compiled =
    policy.graphqlExecutor === "jit" ? compiledExecution(opts.schema, opts.log) : null;
  const apollo = new ApolloServer<GraphqlContext>({
    ...(compiled ? { gateway: compiled.gateway } : { schema: opts.schema }),
    introspection: true,
    parseOptions: { maxLexicalTokens: policy.maxQueryTokens },
    // the product stops the server itself (drains, closes the driver, stops the embedded Neo4j)
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(opts.log),
    validationRules: armor.validationRules,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphqlContext>[]),
      // armor counts `first: $n` as 1: the same limit again once the variables are known
      pageSizeCostLimitPlugin<GraphqlContext>(maxCost),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // no cache hints are given: Apollo's default cache-control plugin would only wrap every
      // field's resolver (4% of a 29k-CI impact answer's CPU in bench/results/profile-impact-levels-after.md)
      ApolloServerPluginCacheControlDisabled(),
      bookmarksPlugin(),
      tracingPlugin(),
    ],
  });
  await apollo.start();

  const neo4jUp = (): boolean => {
    const { state } = opts.neo4jHealth();
    return state === "up" || state === "external";
  };
  // alive = this process serves; with an embedded Neo4j, only while that Neo4j is alive too
  web.get("/healthz", (_req, res) => {
    const { state, restarts } = opts.neo4jHealth();
    res
      .status(neo4jUp() ? 200 : 503)
      .json({ status: neo4jUp() ? "ok" : "unavailable", neo4j: state, neo4jRestarts: restarts });
  });
  web.get("/readyz", async (_req, res) => {
    if (!neo4jUp()) {
      res.status(503).json({
        ready: false,
        neo4j: opts.neo4jHealth().state,
        pendingMigrations: [],
        importsInProgress: [],
      });
      return;
    }
    const readiness = await withTimeout(opts.app.readiness.check(), READINESS_TIMEOUT_MS, {
      ready: false,
      neo4j: `no answer within ${String(READINESS_TIMEOUT_MS / 1000)} s`,
      pendingMigrations: [],
      importsInProgress: [],
    });
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  if (metrics) web.get("/metrics", metricsHandler(metrics, observability.metricsToken));
  web.use(
    "/graphql",
    ...(policy.corsOrigins.length > 0 ? [corsFor(policy.corsOrigins)] : []),
    ...(policy.rateLimitPerMinute > 0 ? [rateLimitPerToken(policy.rateLimitPerMinute)] : []),
    express.json({ limit: policy.maxRequestBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const trace = traceOf(res);
        if (trace) {
          trace.graphql = true;
          const declared = (req.body as { operationName?: unknown } | undefined)?.operationName;
          if (typeof declared === "string") trace.operation = declared;
        }
        try {
          // fail at once while the embedded Neo4j is down, instead of waiting on the driver
          if (!neo4jUp())
            throw new UnavailableError("Neo4j is restarting; try again in a few seconds");
          const scope = opts.app.db.scope(parseBookmarks(req.headers[BOOKMARKS_HEADER]), {
            ...(trace ? { requestId: trace.id } : {}),
            ...(trace?.operation ? { operation: trace.operation } : {}),
          });
          if (trace) {
            trace.neo4j = scope;
            traces.set(scope, trace);
          }
          const actor = await opts.app.tokens.authenticate(scope, req.headers.authorization);
          scope.describe({ user: actor.user });
          if (trace) trace.user = actor.user;
          return createContext(opts.app, actor, scope);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          if (trace) trace.outcome = e.code;
          throw e instanceof UnavailableError ? unavailable(e) : toGraphqlError(e);
        }
      },
    }),
  );

  // the web page
  web.use("/app", express.static(path.join(projectRoot(), "dist", "web")));
  // the map's layout library, served from its package as published (ADR 017)
  web.use("/vendor/elkjs", express.static(elkjsDir(), { index: false }));
  web.use(express.static(path.join(projectRoot(), "web", "public")));
  web.use(notFoundHandler);
  web.use(httpErrorHandler(opts.log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host;
  const url = `http://${shownHost}:${String(port)}`;
  opts.log.info(
    { url: `${url}/graphql`, page: `${url}/` },
    "graph-cmdb is serving GraphQL and its web page",
  );
  return {
    url,
    port,
    stop: async () => {
      await apollo.stop();
      metrics?.close();
    },
  };
}

/** Browsers on these origins may call the API; the bookmarks header crosses both ways. */
function corsFor(origins: readonly string[]): RequestHandler {
  return cors({
    origin: [...origins],
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", BOOKMARKS_HEADER, "apollo-require-preflight"],
    exposedHeaders: [BOOKMARKS_HEADER, "retry-after"],
    maxAge: 600,
  });
}

/**
 * At most `perMinute` requests a minute for one token (a hash of the Authorization header, never
 * the secret itself), or for one address when there is no token; 429 with Retry-After past it.
 */
function rateLimitPerToken(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth
        ? `token:${createHash("sha256").update(auth).digest("base64url")}`
        : `ip:${ipKeyGenerator(req.ip ?? "")}`;
    },
    handler: (_req, res, _next, options) => {
      sendHttpError(
        res,
        options.statusCode,
        "RATE_LIMITED",
        `More than ${String(perMinute)} requests a minute with this token: retry after the time in Retry-After (GRAPH_CMDB_RATE_LIMIT_PER_MINUTE)`,
      );
    },
  });
}

/** Each GraphQL request's trace, by its scope (which the context carries). */
const traces = new WeakMap<object, RequestTrace>();

/** The operation name into the trace and the transaction metadata; the first error code out. */
function tracingPlugin(): ApolloServerPlugin<GraphqlContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operationName, contextValue }) {
          const trace = traces.get(contextValue.scope);
          if (trace) trace.operation = operationName;
          if (operationName) contextValue.scope.describe({ operation: operationName });
          return Promise.resolve();
        },
        willSendResponse({ contextValue, response }) {
          const trace = traces.get(contextValue.scope);
          if (trace && response.body.kind === "single") {
            const code = response.body.singleResult.errors?.[0]?.extensions?.code;
            if (typeof code === "string") trace.outcome = code;
          }
          return Promise.resolve();
        },
      });
    },
  };
}

/** UNAVAILABLE before any work: 503 with a hint of when to come back. */
function unavailable(error: UnavailableError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      http: { status: 503, headers: new Map([["retry-after", "5"]]) },
    },
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

function bookmarksPlugin(): ApolloServerPlugin<GraphqlContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async willSendResponse({ contextValue, response }) {
          const bookmarks = await contextValue.scope.bookmarks();
          if (bookmarks.length > 0)
            response.http.headers.set(BOOKMARKS_HEADER, bookmarks.join(","));
        },
      });
    },
  };
}

/** elkjs's browser files (lib/elk-api.js and lib/elk-worker.min.js), wherever npm put them. */
function elkjsDir(): string {
  return path.join(
    path.dirname(createRequire(import.meta.url).resolve("elkjs/package.json")),
    "lib",
  );
}
