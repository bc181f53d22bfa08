import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { embeddedMemoryFor } from "./embedded-memory.js";
import {
  DEFAULT_APPROVAL_THRESHOLDS,
  parseApprovalThresholds,
  type ApprovalThreshold,
} from "../domain/change/approval-policy.js";

/** Everything the product reads from the environment, validated once at startup. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly neo4j: {
    readonly uri: string | null;
    readonly username: string;
    readonly password: string;
    readonly database: string;
  };
  readonly embedded: {
    readonly dataDir: string;
    readonly boltPort: number;
    readonly heapMb: number;
    readonly pageCacheMb: number;
    /** Failed restarts in a row after which the supervisor gives up (and the process exits). */
    readonly maxRestarts: number;
    /** How long a start may take before it is given up (a busy machine needs more). */
    readonly startTimeoutMs: number;
    /** Where heap and page cache sizes come from (the machine's memory, or the settings). */
    readonly memoryBasis: string;
  };
  /** For tests only: where a process stops itself, to prove what a kill at that point leaves. */
  readonly testHooks: {
    /** `import --initial` kills itself (SIGKILL) once its store became `neo4j`, before it starts it. */
    readonly killInitialLoadAfterRename: boolean;
  };
  readonly observability: ObservabilityPolicy;
  /** How deep and how large a CI's attribute map may be. */
  readonly attributes: AttributeLimits;
  readonly adminToken: string | null;
  /** JWT bearer tokens from an external identity provider; null: API tokens only. */
  readonly jwt: JwtSettings | null;
  readonly shutdownTimeoutMs: number;
  /** Load the demo estate into an empty CMDB at start. */
  readonly demo: boolean;
  readonly impact: {
    /** The deepest walk an analysis may take (and the depth of one that names none). */
    readonly maxDepth: number;
    /** The most CIs one analysis lists whole before it says `truncated`. */
    readonly nodeCap: number;
    /** The most CIs an analysis read a page at a time walks before it says `truncated`. */
    readonly pagedNodeCap: number;
    /** Where walks run: in Neo4j's `graphcmdb.impact.walk`, in Cypher level by level, or auto. */
    readonly walk: "auto" | "procedure" | "cypher";
  };
  readonly change: ChangePolicy;
  readonly http: HttpPolicy;
}

/** What the product tells an operator about itself, and how long it waits on Neo4j. */
export interface ObservabilityPolicy {
  /** A request slower than this is logged at warn level as well (0: never). */
  readonly slowRequestMs: number;
  /** Serve Prometheus metrics at GET /metrics. */
  readonly metrics: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <this>`. */
  readonly metricsToken: string | null;
  /** Neo4j's transaction timeout for every read (any Neo4j: embedded, server, cluster). */
  readonly readTimeoutMs: number;
}

export interface AttributeLimits {
  readonly maxDepth: number;
  /** As JSON, in UTF-16 code units. */
  readonly maxChars: number;
}

/** What the HTTP door accepts, and from whom. */
export interface HttpPolicy {
  /** Origins whose pages may call the API from a browser (CORS); none by default. */
  readonly corsOrigins: readonly string[];
  /** Requests a minute one token (or, without one, one address) may make; 0: no limit. */
  readonly rateLimitPerMinute: number;
  /** The largest request body, in bytes. */
  readonly maxRequestBytes: number;
  /** The most tokens (names, punctuation …) a GraphQL document may have. */
  readonly maxQueryTokens: number;
  /** What runs GraphQL operations: graphql-jit's compiled queries, or graphql-js (ADR 014). */
  readonly graphqlExecutor: "jit" | "graphql-js";
}

/** How change management is run here. */
export interface ChangePolicy {
  /** From which risk score how many approvals an RFC needs (below the first: one). */
  readonly approvalThresholds: readonly ApprovalThreshold[];
  /** How long after its implementation an EMERGENCY RFC's retrospective review is overdue. */
  readonly retrospectiveDueHours: number;
}

/** How JWTs of an external identity provider (OIDC) are verified and read. */
export interface JwtSettings {
  /** The `iss` every token must carry; the audit trail names it as the tokens' issuer. */
  readonly issuer: string;
  /** An `aud` every token must carry (one of them). */
  readonly audiences: readonly string[];
  /** Where the provider publishes its keys (JWKS); or else: */
  readonly jwksUri: string | null;
  /** A PEM public key (SPIKI or certificate), read at start from GRAPH_CMDB_JWT_PUBLIC_KEY_FILE. */
  readonly publicKeyPem: string | null;
  /** The claim holding the roles (a dotted path such as `realm_access.roles` reaches inside). */
  readonly rolesClaim: string;
  /** The claims naming the user, the first present one wins. */
  readonly userClaims: readonly string[];
}

export const DEFAULT_CHANGE_POLICY: ChangePolicy = {
  approvalThresholds: DEFAULT_APPROVAL_THRESHOLDS,
  retrospectiveDueHours: 72,
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Each variable with its rule; names are the environment's, so errors can name them. */
const schema = {
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NEO4J_URI: z
    .string()
    .regex(
      /^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/,
      "must be a neo4j://, neo4j+s://, bolt:// or bolt+s:// URI",
    )
    .optional(),
  NEO4J_USERNAME: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().default(""),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, "must be a database name")
    .default("neo4j"),
  GRAPH_CMDB_DATA_DIR: z.string().min(1).default(".data"),
  GRAPH_CMDB_EMBEDDED_BOLT_PORT: port.default(7697),
  // default: sized from the machine's memory (embedded-memory.ts)
  GRAPH_CMDB_EMBEDDED_HEAP_MB: positiveInt.optional(),
  GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: positiveInt.optional(),
  GRAPH_CMDB_EMBEDDED_MAX_RESTARTS: z.coerce.number().int().min(0).max(1000).default(5),
  GRAPH_CMDB_EMBEDDED_START_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .max(3_600_000)
    .default(180_000),
  // a test hook, never for production: see Config.testHooks
  GRAPH_CMDB_TEST_KILL_INITIAL_LOAD_AFTER_RENAME: z
    .enum(["true", "false"], "must be true or false")
    .default("false"),
  GRAPH_CMDB_SLOW_REQUEST_MS: z.coerce.number().int().min(0).default(1000),
  GRAPH_CMDB_METRICS: z.enum(["true", "false"], "must be true or false").default("true"),
  GRAPH_CMDB_METRICS_TOKEN: z.string().min(24, "must be at least 24 characters long").optional(),
  GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH: z.coerce.number().int().min(1).max(1000).default(16),
  GRAPH_CMDB_MAX_ATTRIBUTES_CHARS: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  GRAPH_CMDB_ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters long").optional(),
  GRAPH_CMDB_JWT_ISSUER: z.string().min(1).optional(),
  GRAPH_CMDB_JWT_AUDIENCE: z.string().min(1).optional(),
  GRAPH_CMDB_JWT_JWKS_URI: z
    .string()
    .refine(isKeySetUrl, "must be an https:// URL (http:// only on localhost or 127.0.0.1)")
    .optional(),
  GRAPH_CMDB_JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  GRAPH_CMDB_JWT_ROLES_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:/.-]+$/, "must be a claim name (a dotted path reaches inside objects)")
    .default("roles"),
  GRAPH_CMDB_JWT_USER_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:/-]+$/, "must be a claim name")
    .optional(),
  GRAPH_CMDB_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  GRAPH_CMDB_DEMO: z.enum(["true", "false"], "must be true or false").default("true"),
  GRAPH_CMDB_IMPACT_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(25),
  GRAPH_CMDB_IMPACT_NODE_CAP: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  GRAPH_CMDB_IMPACT_PAGED_NODE_CAP: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(1_000_000),
  GRAPH_CMDB_IMPACT_WALK: z.enum(["auto", "procedure", "cypher"]).default("auto"),
  GRAPH_CMDB_CAB_THRESHOLDS: z
    .string()
    .default("30:2,60:3")
    .transform((text, ctx) => {
      const parsed = parseApprovalThresholds(text);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS: z.coerce.number().int().min(1).max(8760).default(72),
  GRAPH_CMDB_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const origins = text
        .split(",")
        .map((o) => o.trim())
        .filter((o) => o.length > 0);
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(origin)} is not an origin (scheme://host[:port], nothing after)`,
          });
          return z.NEVER;
        }
      }
      return origins;
    }),
  GRAPH_CMDB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  GRAPH_CMDB_MAX_REQUEST_MB: z.coerce.number().positive().max(1024).default(64),
  GRAPH_CMDB_MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(3000),
  GRAPH_CMDB_GRAPHQL_EXECUTOR: z.enum(["jit", "graphql-js"]).default("jit"),
} as const;

/** `https://cmdb.example.com` or `http://localhost:5173`: what a browser sends as Origin. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

/** A JWKS address: https, or http on the machine itself (a provider beside the API, tests). */
function isKeySetUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === "https:") return true;
    return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

type Env = Record<string, string | undefined>;

/** The JWT settings, checked together: each names the variable that is missing or wrong. */
function jwtSettings(
  v: {
    GRAPH_CMDB_JWT_ISSUER?: string | undefined;
    GRAPH_CMDB_JWT_AUDIENCE?: string | undefined;
    GRAPH_CMDB_JWT_JWKS_URI?: string | undefined;
    GRAPH_CMDB_JWT_PUBLIC_KEY_FILE?: string | undefined;
    GRAPH_CMDB_JWT_ROLES_CLAIM: string;
    GRAPH_CMDB_JWT_USER_CLAIM?: string | undefined;
  },
  env: Env,
  cwd: string,
): JwtSettings | null {
  const issuer = v.GRAPH_CMDB_JWT_ISSUER;
  if (issuer === undefined) {
    const stray = Object.keys(env).find(
      (k) => k.startsWith("GRAPH_CMDB_JWT_") && k !== "GRAPH_CMDB_JWT_ISSUER" && env[k],
    );
    if (stray) throw new ConfigError("GRAPH_CMDB_JWT_ISSUER", `is required with ${stray}`);
    return null;
  }
  const audiences = (v.GRAPH_CMDB_JWT_AUDIENCE ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  if (audiences.length === 0) {
    throw new ConfigError(
      "GRAPH_CMDB_JWT_AUDIENCE",
      "is required with GRAPH_CMDB_JWT_ISSUER (the audience the identity provider puts in tokens for graph-cmdb)",
    );
  }
  const jwksUri = v.GRAPH_CMDB_JWT_JWKS_URI ?? null;
  const keyFile = v.GRAPH_CMDB_JWT_PUBLIC_KEY_FILE ?? null;
  if ((jwksUri === null) === (keyFile === null)) {
    throw new ConfigError(
      "GRAPH_CMDB_JWT_JWKS_URI",
      "give exactly one of GRAPH_CMDB_JWT_JWKS_URI and GRAPH_CMDB_JWT_PUBLIC_KEY_FILE with GRAPH_CMDB_JWT_ISSUER",
    );
  }
  let publicKeyPem: string | null = null;
  if (keyFile !== null) {
    try {
      publicKeyPem = readFileSync(path.resolve(cwd, keyFile), "utf8");
      if (createPublicKey(publicKeyPem).type !== "public") throw new Error("not a public key");
    } catch (e) {
      throw new ConfigError(
        "GRAPH_CMDB_JWT_PUBLIC_KEY_FILE",
        `cannot read a PEM public key from ${JSON.stringify(keyFile)} (${(e as Error).message})`,
      );
    }
  }
  return {
    issuer,
    audiences,
    jwksUri,
    publicKeyPem,
    rolesClaim: v.GRAPH_CMDB_JWT_ROLES_CLAIM,
    userClaims: v.GRAPH_CMDB_JWT_USER_CLAIM
      ? [v.GRAPH_CMDB_JWT_USER_CLAIM]
      : ["preferred_username", "sub"],
  };
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const values: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(schema)) {
    const raw = env[name];
    const parsed = (rule as z.ZodType).safeParse(raw === "" ? undefined : raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(name, `${issue?.message ?? "invalid"} (got ${JSON.stringify(raw)})`);
    }
    values[name] = parsed.data;
  }
  const v = values as { [K in keyof typeof schema]: z.infer<(typeof schema)[K]> };
  return {
    host: v.HOST,
    port: v.PORT,
    logLevel: v.LOG_LEVEL,
    neo4j: {
      uri: v.NEO4J_URI ?? null,
      username: v.NEO4J_USERNAME,
      password: v.NEO4J_PASSWORD,
      database: v.NEO4J_DATABASE,
    },
    embedded: {
      dataDir: path.resolve(cwd, v.GRAPH_CMDB_DATA_DIR, "neo4j"),
      boltPort: v.GRAPH_CMDB_EMBEDDED_BOLT_PORT,
      heapMb: v.GRAPH_CMDB_EMBEDDED_HEAP_MB ?? embeddedMemoryFor().heapMb,
      pageCacheMb: v.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB ?? embeddedMemoryFor().pageCacheMb,
      memoryBasis:
        v.GRAPH_CMDB_EMBEDDED_HEAP_MB === undefined ||
        v.GRAPH_CMDB_EMBEDDED_PAGECACHE_MB === undefined
          ? embeddedMemoryFor().basis
          : "GRAPH_CMDB_EMBEDDED_HEAP_MB and GRAPH_CMDB_EMBEDDED_PAGECACHE_MB",
      maxRestarts: v.GRAPH_CMDB_EMBEDDED_MAX_RESTARTS,
      startTimeoutMs: v.GRAPH_CMDB_EMBEDDED_START_TIMEOUT_MS,
    },
    testHooks: {
      killInitialLoadAfterRename: v.GRAPH_CMDB_TEST_KILL_INITIAL_LOAD_AFTER_RENAME === "true",
    },
    observability: {
      slowRequestMs: v.GRAPH_CMDB_SLOW_REQUEST_MS,
      metrics: v.GRAPH_CMDB_METRICS === "true",
      metricsToken: v.GRAPH_CMDB_METRICS_TOKEN ?? null,
      readTimeoutMs: v.GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS,
    },
    attributes: {
      maxDepth: v.GRAPH_CMDB_MAX_ATTRIBUTE_DEPTH,
      maxChars: v.GRAPH_CMDB_MAX_ATTRIBUTES_CHARS,
    },
    adminToken: v.GRAPH_CMDB_ADMIN_TOKEN ?? null,
    jwt: jwtSettings(v, env, cwd),
    shutdownTimeoutMs: v.GRAPH_CMDB_SHUTDOWN_TIMEOUT_MS,
    demo: v.GRAPH_CMDB_DEMO === "true",
    impact: {
      maxDepth: v.GRAPH_CMDB_IMPACT_MAX_DEPTH,
      nodeCap: v.GRAPH_CMDB_IMPACT_NODE_CAP,
      pagedNodeCap: v.GRAPH_CMDB_IMPACT_PAGED_NODE_CAP,
      walk: v.GRAPH_CMDB_IMPACT_WALK,
    },
    change: {
      approvalThresholds: v.GRAPH_CMDB_CAB_THRESHOLDS,
      retrospectiveDueHours: v.GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS,
    },
    http: {
      corsOrigins: v.GRAPH_CMDB_CORS_ORIGINS,
      rateLimitPerMinute: v.GRAPH_CMDB_RATE_LIMIT_PER_MINUTE,
      maxRequestBytes: Math.round(v.GRAPH_CMDB_MAX_REQUEST_MB * 1024 * 1024),
      maxQueryTokens: v.GRAPH_CMDB_MAX_QUERY_TOKENS,
      graphqlExecutor: v.GRAPH_CMDB_GRAPHQL_EXECUTOR,
    },
  };
}
