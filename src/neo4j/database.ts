import neo4j, {
  Neo4jError,
  type BookmarkManager,
  type Driver,
  type ManagedTransaction,
  type Session,
} from "neo4j-driver";
import type { CypherName } from "./cypher-names.js";
import type { CypherRegistry } from "./cypher-registry.js";
import { isRetryable, mapNeo4jError } from "./neo4j-errors.js";
import { toPlain } from "./plain-values.js";

export type Params = Record<string, unknown>;

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
  // A server without authentication (the embedded one) accepts any basic credentials.
  return neo4j.driver(target.uri, neo4j.auth.basic(target.username, target.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 30_000,
  });
}

/** The store of record: named statements only, run through sessions that carry bookmarks. */
export class Database {
  constructor(
    readonly driver: Driver,
    readonly registry: CypherRegistry,
    readonly name: string,
  ) {}

  /**
   * A unit of causal consistency (one GraphQL request, one CLI command). Reads in it see every
   * write made before it in the same scope, and every write named by `bookmarks` (which a client
   * carries from a response of another API instance), on a cluster as on a single server.
   */
  scope(bookmarks: readonly string[] = []): DbScope {
    return new DbScope(this, neo4j.bookmarkManager({ initialBookmarks: [...bookmarks] }));
  }

  async verifyConnectivity(): Promise<void> {
    try {
      await this.driver.getServerInfo({ database: this.name });
    } catch (e) {
      throw mapNeo4jError(e);
    }
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

  constructor(
    readonly db: Database,
    private readonly bookmarkManager: BookmarkManager,
  ) {}

  async read(name: CypherName, params: Params = {}): Promise<Row[]> {
    return this.readTransaction((tx) => tx.run(name, params));
  }

  async write(name: CypherName, params: Params = {}): Promise<Row[]> {
    return this.writeTransaction((tx) => tx.run(name, params));
  }

  async readTransaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.withSession("READ", (s) =>
      s.executeRead((tx) => work(new DbTransaction(this, tx))),
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
        return await this.withSession("READ", (s) => work(new DbTransaction(this, s)), {
          rawRetryable: true,
        });
      } catch (e) {
        if (!isRetryable(e) || attempt >= AUTO_COMMIT_ATTEMPTS) throw mapNeo4jError(e);
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  /**
   * One transaction: everything `work` runs commits together or not at all. `timeoutMs`
   * replaces the server's default transaction timeout (an import of a large document needs more).
   * The driver runs `work` again after a transient failure (never after a memory limit);
   * `onRetry` hears of each new attempt and of the Neo4j code that caused it.
   */
  async writeTransaction<T>(
    work: (tx: DbTransaction) => Promise<T>,
    opts: { timeoutMs?: number; onRetry?: (retry: TransactionRetry) => void } = {},
  ): Promise<T> {
    const config = opts.timeoutMs ? { timeout: opts.timeoutMs } : undefined;
    let attempt = 0;
    let lastCode: string | null = null;
    return this.withSession("WRITE", (s) =>
      s.executeWrite(async (tx) => {
        attempt += 1;
        if (attempt > 1) opts.onRetry?.({ attempt, neo4jCode: lastCode });
        try {
          return await work(new DbTransaction(this, tx));
        } catch (e) {
          lastCode = e instanceof Neo4jError ? e.code : null;
          throw e;
        }
      }, config),
    );
  }

  /**
   * Runs a schema statement (a migration file, never user input) in its own auto-commit
   * transaction, as Neo4j requires for schema changes.
   */
  async runSchemaStatement(text: string): Promise<void> {
    await this.withSession("WRITE", async (s) => {
      this.roundTrips += 1;
      await s.run(text);
    });
  }

  /** Bookmarks naming every write of this scope, for the client to carry to its next request. */
  async bookmarks(): Promise<string[]> {
    return [...(await this.bookmarkManager.getBookmarks())];
  }

  private async withSession<T>(
    mode: "READ" | "WRITE",
    work: (s: Session) => Promise<T>,
    opts: { rawRetryable?: boolean } = {},
  ): Promise<T> {
    const session = this.db.driver.session({
      database: this.db.name,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarkManager,
    });
    try {
      return await work(session);
    } catch (e) {
      if (opts.rawRetryable && isRetryable(e)) throw e;
      throw mapNeo4jError(e);
    } finally {
      await session.close();
    }
  }
}

export class DbTransaction {
  constructor(
    private readonly scope: DbScope,
    /** A managed transaction, or a session whose statements auto-commit one by one. */
    private readonly tx: Pick<ManagedTransaction, "run">,
  ) {}

  async run(name: CypherName, params: Params = {}): Promise<Row[]> {
    this.scope.roundTrips += 1;
    const text = this.scope.db.registry.get(name);
    try {
      const result = await this.tx.run(text, params);
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
