import { Neo4jError, type Driver } from "neo4j-driver";

export type AccessMode = "READ" | "WRITE";

/** What the driver's connection pool holds, summed over the servers it connects to. */
export interface ConnectionPoolState {
  /** Connections lent to a session. */
  readonly inUse: number;
  /** Connections open and waiting in the pool. */
  readonly idle: number;
  /** Sessions waiting for a connection (the pool is full). */
  readonly waiting: number;
  /** The most connections the pool opens to one server. */
  readonly max: number;
}

/**
 * What this process's sessions do, counted where the one place that opens them does
 * (`DbScope.withSession`): sessions open now by access mode, and each failure to get a
 * connection, for the metrics.
 */
export class SessionActivity {
  private readonly open: Record<AccessMode, number> = { READ: 0, WRITE: 0 };
  private readonly failureListeners = new Set<(code: string) => void>();

  opened(mode: AccessMode): void {
    this.open[mode] += 1;
  }

  closed(mode: AccessMode): void {
    this.open[mode] -= 1;
  }

  /** Sessions of `mode` opened and not closed yet. */
  openSessions(mode: AccessMode): number {
    return this.open[mode];
  }

  /** Hears of each session that could not get a connection, with its code; returns the unsubscribe. */
  onConnectionFailure(listener: (code: string) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** Tells the listeners when `error` means the session got no connection to Neo4j. */
  failed(error: unknown): void {
    const code = connectionFailureCode(error);
    if (code === null) return;
    for (const listener of this.failureListeners) listener(code);
  }
}

/** The pool's own timeout has no code of its own (the driver says `N/A`): this one names it. */
export const ACQUISITION_TIMEOUT_CODE = "ConnectionAcquisitionTimedOut";

/**
 * The code of an error that says a session got no connection (or lost it), else null: the
 * driver's ServiceUnavailable and SessionExpired, and the pool's acquisition timeout. A closed
 * set, so a label of these codes stays bounded.
 */
export function connectionFailureCode(error: unknown): string | null {
  if (!(error instanceof Neo4jError)) return null;
  if (error.code === "ServiceUnavailable" || error.code === "SessionExpired") return error.code;
  if (error.message.startsWith("Connection acquisition timed out")) return ACQUISITION_TIMEOUT_CODE;
  return null;
}

interface PoolInternals {
  readonly _maxSize: number;
  readonly _activeResourceCounts: Record<string, number>;
  readonly _pools: Record<string, { readonly length: number }>;
  readonly _acquireRequests: Record<string, readonly unknown[]>;
}

/**
 * The driver's pool as it is now, read from neo4j-driver's internals (6.3.0, pinned: it has no
 * public view of its pool; its own acquisition-timeout message reports the same counts). Null
 * when the driver has not connected yet or its internals are not the ones expected (another
 * driver version): the pool's gauges are then left out rather than wrong.
 */
export function connectionPoolState(driver: Driver): ConnectionPoolState | null {
  const provider = (driver as unknown as { _connectionProvider?: unknown })._connectionProvider;
  if (typeof provider !== "object" || provider === null) return null;
  const pool = (provider as { _connectionPool?: unknown })._connectionPool;
  if (!isPoolInternals(pool)) return null;
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  return {
    inUse: sum(Object.values(pool._activeResourceCounts)),
    idle: sum(Object.values(pool._pools).map((p) => p.length)),
    waiting: sum(Object.values(pool._acquireRequests).map((r) => r.length)),
    max: pool._maxSize,
  };
}

function isPoolInternals(pool: unknown): pool is PoolInternals {
  if (typeof pool !== "object" || pool === null) return false;
  const p = pool as Record<string, unknown>;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null;
  return (
    typeof p._maxSize === "number" &&
    isRecord(p._activeResourceCounts) &&
    Object.values(p._activeResourceCounts).every((n) => typeof n === "number") &&
    isRecord(p._pools) &&
    Object.values(p._pools).every((s) => isRecord(s) && typeof s.length === "number") &&
    isRecord(p._acquireRequests) &&
    Object.values(p._acquireRequests).every(Array.isArray)
  );
}
