import neo4j, {
  Neo4jError,
  type BookmarkManager,
  type Driver,
  type QueryResult,
  type Session,
  type Transaction,
} from "neo4j-driver";
import { productVersion } from "../config/product-version.js";
import { UnavailableError } from "../domain/errors.js";
import type { CypherName } from "./cypher-names.js";
import type { CypherRegistry } from "./cypher-registry.js";
import { isRetryable, mapNeo4jError } from "./neo4j-errors.js";
import { toPlain } from "./plain-values.js";
import {
  connectionPoolState,
  SessionActivity,
  type ConnectionPoolState,
} from "./session-activity.js";

export type Params = Record<string, unknown>;

/** A write transaction's retries, as the driver times them for its managed transactions. */
const RETRY_MAX_TIME_MS = 30_000;
const RETRY_INITIAL_DELAY_MS = 1_000;
const RETRY_JITTER = 0.2;
/** How many times an auto-commit read is tried when it fails transiently. */
const AUTO_COMMIT_ATTEMPTS = 3;
export type Row = Record<string, unknown>;

export interface DatabaseTarget {
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

export function createDriver(target: DatabaseTarget): Driver {
  return neo4j.driver(target.uri, neo4j.auth.basic(target.username, target.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 30_000,
    // what Neo4j's query log and connection listings show for our connections
    userAgent: `graph-cmdb/${productVersion()}`,
  });
}

/**
 * Whether Neo4j is there at all, from whoever knows (the embedded Neo4j's supervisor): while it
 * is not, calls fail at once instead of waiting on the driver's connection and retry timeouts.
 */
export interface Neo4jAvailability {
  isUp(): boolean;
  /** Calls `listener` each time Neo4j goes away; returns the unsubscribe. */
  onDown(listener: () => void): () => void;
}

export interface DatabaseOptions {
  /**
   * Neo4j's transaction timeout for every read. A Neo4j that does not answer at all (paused,
   * cut off) is given up on a few seconds after it, by the driver side.
   */
  readonly readTimeoutMs?: number;
  readonly availability?: Neo4jAvailability;
}

/** Who runs a transaction and why: Neo4j's `SHOW TRANSACTIONS` lists it as `metaData`. */
export interface TransactionMetadata {
  readonly requestId?: string;
  readonly user?: string;
  /** The GraphQL operation name, or the CLI command. */
  readonly operation?: string;
}

/** How long past Neo4j's own read timeout the driver side waits for an answer. */
const READ_DEADLINE_GRACE_MS = 5_000;

/** The store of record: named statements only, run through sessions that carry bookmarks. */
export class Database {
  /** Sessions open now and connection failures, for the metrics. */
  readonly sessions = new SessionActivity();

  constructor(
    readonly driver: Driver,
    readonly registry: CypherRegistry,
    readonly name: string,
    readonly options: DatabaseOptions = {},
  ) {}

  /**
   * A unit of causal consistency (one GraphQL request, one CLI command). Reads in it see every
   * write made before it in the same scope, and every write named by `bookmarks` (which a client
   * carries from a response of another API instance), on a cluster as on a single server.
   * `metadata` goes with each of its transactions.
   */
  scope(bookmarks: readonly string[] = [], metadata: TransactionMetadata = {}): DbScope {
    const scope = new DbScope(this, neo4j.bookmarkManager({ initialBookmarks: [...bookmarks] }));
    scope.describe(metadata);
    return scope;
  }

  async verifyConnectivity(): Promise<void> {
    try {
      await this.driver.getServerInfo({ database: this.name });
    } catch (e) {
      throw mapNeo4jError(e);
    }
  }

  /** The driver's connection pool now (null before the first connection, see connectionPoolState). */
  connectionPool(): ConnectionPoolState | null {
    return connectionPoolState(this.driver);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** A new attempt of a write transaction after a transient failure, and what Neo4j said. */
export interface TransactionRetry {
  readonly attempt: number;
  readonly neo4jCode: string | null;
}

export class DbScope {
  /** How many statements this scope sent to Neo4j (the DataLoader tests count them). */
  roundTrips = 0;
  /** Time Neo4j itself reported for them (until first record + until consumed), in ms. */
  serverMs = 0;
  private meta: Record<string, string> = { app: "graph-cmdb" };

  constructor(
    readonly db: Database,
    private readonly bookmarkManager: BookmarkManager,
  ) {}

  /** Adds to what this scope's later transactions tell Neo4j about themselves. */
  describe(metadata: TransactionMetadata): void {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v === "string" && v.length > 0) this.meta[k] = v.slice(0, 200);
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.meta;
  }

  async read(name: CypherName, params: Params = {}): Promise<Row[]> {
    return this.readTransaction((tx) => tx.run(name, params));
  }

  /**
   * One statement read on its own, as an auto-commit transaction: one round trip where `read`
   * takes three (BEGIN, the statement, COMMIT). A single statement reads one snapshot either way,
   * and it waits for the scope's bookmarks as any read of the scope does.
   */
  async readOne(name: CypherName, params: Params = {}): Promise<Row[]> {
    return this.readAutoCommit((tx) => tx.run(name, params));
  }

  async write(name: CypherName, params: Params = {}): Promise<Row[]> {
    return this.writeTransaction((tx) => tx.run(name, params));
  }

  async readTransaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    const config = this.transactionConfig("READ");
    return this.withSession("READ", (s) =>
      s.executeRead((tx) => work(new DbTransaction(this, (t, p) => tx.run(t, p))), config),
    );
  }

  /**
   * For a read that is a single statement: each statement `work` runs is its own auto-commit
   * read transaction (one round trip, where an explicit transaction adds BEGIN and COMMIT).
   * Statements see the scope's bookmarks; several statements do not share one snapshot.
   */
  async readAutoCommit<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    // a transient failure (a leader switch, a stale pooled connection) is retried, as the
    // driver retries managed transactions
    for (let attempt = 1; ; attempt++) {
      try {
        const config = this.transactionConfig("READ");
        return await this.withSession(
          "READ",
          (s) => work(new DbTransaction(this, (t, p) => s.run(t, p, config))),
          { rawRetryable: true },
        );
      } catch (e) {
        if (!isRetryable(e) || attempt >= AUTO_COMMIT_ATTEMPTS) throw mapNeo4jError(e);
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  /**
   * One transaction: everything `work` runs commits together or not at all. `timeoutMs`
   * replaces the server's default transaction timeout (an import of a large document needs more).
   * `work` runs again after a transient failure, in a statement or at COMMIT, as the driver's
   * managed transactions would retry it, but never after a memory limit (Neo4j files those as
   * transient; the same work fails the same way again). The driver's `executeWrite` cannot be
   * told so: it commits after `work` returns and retries whatever it deems transient, so a
   * memory limit reached while Neo4j builds the commit (the common case for a transaction
   * near the limit) was tried again for 30 s. Hence this loop, with the driver's own timing.
   * `onRetry` hears of each new attempt and of the Neo4j code that caused it.
   */
  async writeTransaction<T>(
    work: (tx: DbTransaction) => Promise<T>,
    opts: { timeoutMs?: number; onRetry?: (retry: TransactionRetry) => void } = {},
  ): Promise<T> {
    const config = {
      ...this.transactionConfig("WRITE"),
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    };
    return this.withSession("WRITE", async (s) => {
      const started = Date.now();
      let delay = RETRY_INITIAL_DELAY_MS;
      for (let attempt = 1; ; attempt++) {
        let tx: Transaction | null = null;
        try {
          // BEGIN answered before the work runs, as the driver's managed transactions wait for it
          const begun = await s.beginTransaction(config);
          tx = begun;
          const out = await work(new DbTransaction(this, (t, p) => begun.run(t, p)));
          await begun.commit();
          return out;
        } catch (e) {
          if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
          if (!isRetryable(e) || Date.now() - started > RETRY_MAX_TIME_MS) throw e;
          opts.onRetry?.({
            attempt: attempt + 1,
            neo4jCode: e instanceof Neo4jError ? e.code : null,
          });
          const jitter = delay * RETRY_JITTER * (2 * Math.random() - 1);
          await new Promise((r) => setTimeout(r, delay + jitter));
          delay *= 2;
        }
      }
    });
  }

  /**
   * Runs a schema statement (a migration file, never user input) in its own auto-commit
   * transaction, as Neo4j requires for schema changes.
   */
  async runSchemaStatement(text: string): Promise<void> {
    await this.withSession("WRITE", async (s) => {
      this.roundTrips += 1;
      await s.run(text, {}, { metadata: this.meta });
    });
  }

  /**
   * Runs schema statements (migration files, never user input) in one transaction: Neo4j builds
   * the constraints' indexes as it commits, and populates the other indexes after it, together.
   * A transaction may hold many schema changes, but no data write beside them.
   */
  async runSchemaStatements(texts: readonly string[]): Promise<void> {
    if (texts.length === 0) return;
    await this.withSession("WRITE", async (s) => {
      this.roundTrips += 1;
      await s.executeWrite(
        async (tx) => {
          for (const text of texts) await tx.run(text);
        },
        { metadata: this.meta },
      );
    });
  }

  /** Bookmarks naming every write of this scope, for the client to carry to its next request. */
  async bookmarks(): Promise<string[]> {
    return [...(await this.bookmarkManager.getBookmarks())];
  }

  private transactionConfig(mode: "READ" | "WRITE"): {
    metadata: Record<string, string>;
    timeout?: number;
  } {
    const timeout = mode === "READ" ? this.db.options.readTimeoutMs : undefined;
    return { metadata: { ...this.meta }, ...(timeout ? { timeout } : {}) };
  }

  private async withSession<T>(
    mode: "READ" | "WRITE",
    work: (s: Session) => Promise<T>,
    opts: { rawRetryable?: boolean } = {},
  ): Promise<T> {
    const { availability, readTimeoutMs } = this.db.options;
    if (availability && !availability.isUp()) {
      throw new UnavailableError("Neo4j is restarting; try again in a few seconds");
    }
    const session = this.db.driver.session({
      database: this.db.name,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarkManager,
    });
    const { sessions } = this.db;
    sessions.opened(mode);
    // the driver would retry a dead or silent Neo4j for half a minute or more: a call gives up
    // when the supervisor says Neo4j went away, and a read a little after its own timeout
    const cleanups: (() => void)[] = [];
    const abandon = new Promise<never>((_resolve, reject) => {
      if (availability) {
        cleanups.push(
          availability.onDown(() => {
            reject(new UnavailableError("Neo4j went away during the request; try again"));
          }),
        );
      }
      if (mode === "READ" && readTimeoutMs) {
        const limit = readTimeoutMs + READ_DEADLINE_GRACE_MS;
        const timer = setTimeout(() => {
          reject(
            new UnavailableError(
              `Neo4j did not answer within ${String(Math.round(limit / 1000))} s; try again`,
            ),
          );
        }, limit);
        cleanups.push(() => clearTimeout(timer));
      }
    });
    const working = work(session);
    const outcome = { abandoned: false };
    try {
      return await (cleanups.length > 0
        ? Promise.race([
            working,
            abandon.catch((e: unknown) => {
              outcome.abandoned = true;
              throw e;
            }),
          ])
        : working);
    } catch (e) {
      sessions.failed(e);
      if (opts.rawRetryable && isRetryable(e)) throw e;
      throw mapNeo4jError(e);
    } finally {
      for (const cleanup of cleanups) cleanup();
      if (outcome.abandoned) {
        // the abandoned work settles (or not) on its own; closing must not wait for it
        working.catch(() => undefined);
        session
          .close()
          .catch(() => undefined)
          .finally(() => sessions.closed(mode));
      } else {
        try {
          await session.close();
        } finally {
          sessions.closed(mode);
        }
      }
    }
  }
}

export class DbTransaction {
  constructor(
    private readonly scope: DbScope,
    /** Runs in a managed transaction, or in a session whose statements auto-commit one by one. */
    private readonly runText: (text: string, params: Params) => Promise<QueryResult>,
  ) {}

  async run(name: CypherName, params: Params = {}): Promise<Row[]> {
    this.scope.roundTrips += 1;
    const text = this.scope.db.registry.get(name);
    try {
      const result = await this.runText(text, params);
      const { resultAvailableAfter, resultConsumedAfter } = result.summary;
      this.scope.serverMs += Number(resultAvailableAfter) + Number(resultConsumedAfter);
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } catch (e) {
      // a deadlock or other transient error must reach the driver as is, so that it retries;
      // a memory limit becomes a domain error here, which the driver does not retry
      if (isRetryable(e)) throw e;
      throw mapNeo4jError(e);
    }
  }
}
