import type { Database } from "../../neo4j/database.js";
import { pendingMigrations } from "../../neo4j/migrator.js";
import { inProgress } from "../interchange/import.service.js";

export interface Readiness {
  readonly ready: boolean;
  /** "ok", or why Neo4j could not be reached. */
  readonly neo4j: string;
  readonly pendingMigrations: string[];
  /**
   * Imports that have not finished (running, or stopped half-way until `graph-cmdb import
   * --resume FILE` or `--abort`): their writes so far are visible. Readiness does not depend on it.
   */
  readonly importsInProgress: {
    id: string;
    state: string;
    source: string;
    actor: string;
    startedAt: string;
    updatedAt: string;
    batches: number;
  }[];
}

/** Ready = Neo4j answers a query and every schema migration is applied. */
export class ReadinessService {
  constructor(
    private readonly db: Database,
    private readonly migrationsDir: string,
  ) {}

  async check(): Promise<Readiness> {
    const scope = this.db.scope();
    try {
      await scope.read("health/ping");
    } catch {
      return { ready: false, neo4j: "unreachable", pendingMigrations: [], importsInProgress: [] };
    }
    const pending = await pendingMigrations(scope, this.migrationsDir);
    // the journal's label and index come with the migrations: before them there is none to read
    const imports = pending.length === 0 ? await inProgress(scope) : [];
    return {
      ready: pending.length === 0,
      neo4j: "ok",
      pendingMigrations: pending,
      importsInProgress: imports.map((i) => ({
        id: i.id,
        state: i.state,
        source: i.source,
        actor: i.actor,
        startedAt: i.startedAt.toISOString(),
        updatedAt: i.updatedAt.toISOString(),
        batches: i.batches,
      })),
    };
  }
}
