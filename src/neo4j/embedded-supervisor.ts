import type { Neo4jAvailability } from "./database.js";
import {
  Neo4jUnavailableError,
  startEmbeddedNeo4j,
  type EmbeddedNeo4j,
  type EmbeddedOptions,
} from "./embedded-neo4j.js";

/**
 * up: serving; restarting: it died and a new JVM is on its way; failed: it could not be
 * restarted (the process should exit); stopped: stopped on purpose.
 */
export type SupervisedState = "up" | "restarting" | "failed" | "stopped";

export interface SupervisorStatus {
  readonly state: SupervisedState;
  /** Restarts since the process started. */
  readonly restarts: number;
  /** How the last JVM ended, when one died. */
  readonly lastExit: string | null;
}

export interface SupervisorOptions extends EmbeddedOptions {
  /** Failed restarts in a row after which it gives up (`onGiveUp`). */
  readonly maxRestarts: number;
  /** The first wait before a restart; it doubles after each failure, up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Called once when it gives up: the embedded Neo4j cannot be brought back. */
  readonly onGiveUp?: (error: Error) => void;
}

/**
 * The embedded Neo4j, kept running: when its JVM dies, every caller learns it at once
 * (`isUp`, `onDown`), and a new JVM is started on the same home and port, after 1 s, then 2, 4 …
 * up to 30 s between failed attempts, until `maxRestarts` attempts in a row have failed.
 */
export class EmbeddedSupervisor implements Neo4jAvailability {
  private current: EmbeddedNeo4j;
  private state: SupervisedState = "up";
  private restarts = 0;
  private lastExit: string | null = null;
  private readonly downListeners = new Set<() => void>();
  private retryTimer: NodeJS.Timeout | null = null;
  private restarting: Promise<void> | null = null;

  private constructor(
    first: EmbeddedNeo4j,
    private readonly opts: SupervisorOptions,
  ) {
    this.current = first;
    this.watch(first);
  }

  /** Starts the first JVM; an error here is the start's error (no restarts at start). */
  static async start(opts: SupervisorOptions): Promise<EmbeddedSupervisor> {
    return new EmbeddedSupervisor(await startEmbeddedNeo4j(opts), opts);
  }

  get uri(): string {
    return this.current.uri;
  }

  get password(): string {
    return this.current.password;
  }

  get pid(): number {
    return this.current.pid;
  }

  isUp(): boolean {
    return this.state === "up";
  }

  onDown(listener: () => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  status(): SupervisorStatus {
    return { state: this.state, restarts: this.restarts, lastExit: this.lastExit };
  }

  /** Resolves once a restart under way has ended (for tests and a clean stop). */
  async settled(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.settled();
    // a dead JVM's stop is a no-op; one started while stopping was stopped by `restart`
    await this.current.stop();
  }

  private watch(neo4j: EmbeddedNeo4j): void {
    void neo4j.exited.then(({ code, signal }) => {
      if (this.state === "stopped" || this.current !== neo4j) return;
      this.lastExit = `exit code ${String(code)}, signal ${String(signal)}`;
      this.opts.log.error(
        { neo4jPid: neo4j.pid, code, signal },
        "the embedded Neo4j died; restarting it",
      );
      this.state = "restarting";
      for (const listener of [...this.downListeners]) listener();
      if (this.opts.maxRestarts === 0) this.giveUp(0, new Error("restarts are off"));
      else this.scheduleRestart(1);
    });
  }

  private scheduleRestart(attempt: number): void {
    const first = this.opts.backoffMs ?? 1_000;
    const wait = Math.min(first * 2 ** (attempt - 1), this.opts.maxBackoffMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.restarting = this.restart(attempt).finally(() => {
        this.restarting = null;
      });
    }, wait);
  }

  /** A method, not a comparison, so that the type checker does not assume it across awaits. */
  private stopped(): boolean {
    return this.state === "stopped";
  }

  private giveUp(attempts: number, last: Error): void {
    this.state = "failed";
    this.opts.log.fatal(
      { err: last, attempts },
      "the embedded Neo4j cannot be restarted; giving up",
    );
    this.opts.onGiveUp?.(
      new Neo4jUnavailableError(
        `the embedded Neo4j died (${this.lastExit ?? "?"}) and ${String(attempts)} restart(s) in a row ` +
          `failed (GRAPH_CMDB_EMBEDDED_MAX_RESTARTS=${String(this.opts.maxRestarts)}): ${last.message}`,
      ),
    );
  }

  private async restart(attempt: number): Promise<void> {
    if (this.stopped()) return;
    try {
      const next = await startEmbeddedNeo4j(this.opts);
      if (this.stopped()) {
        await next.stop();
        return;
      }
      this.current = next;
      this.restarts += 1;
      this.state = "up";
      this.watch(next);
      this.opts.log.warn(
        { neo4jPid: next.pid, attempt, restarts: this.restarts },
        "the embedded Neo4j is back",
      );
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (attempt >= this.opts.maxRestarts) {
        this.giveUp(attempt, error);
        return;
      }
      this.opts.log.error({ err: error, attempt }, "restarting the embedded Neo4j failed");
      this.scheduleRestart(attempt + 1);
    }
  }
}
