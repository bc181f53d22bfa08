import type { Database, DbScope } from "../../neo4j/database.js";
import { pendingMigrations } from "../../neo4j/migrator.js";
import type { WalkChoice } from "../impact/walk-choice.js";
import { inProgress } from "../interchange/import.service.js";

export interface Readiness {
  readonly ready: boolean;
  /** "ok", or why Neo4j could not be reached. */
  readonly neo4j: string;
  readonly pendingMigrations: string[];
  /** The impact walk in use (the plugin's procedure and its version, or Cypher); null: unknown. */
  readonly impactWalk?: WalkChoice | null;
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
    private readonly walkInUse: (scope: DbScope) => Promise<WalkChoice>,
  ) {}

  async check(): Promise<Readiness> {
    const scope = this.db.scope();
    try {
      await scope.read("health/ping");
    } catch {
      return { ready: false, neo4j: "unreachable", pendingMigrations: [], importsInProgress: [] };
    }
    const pending = await pendingMigrations(scope, this.migrationsDir);
    // which walk says nothing about readiness: the Cypher walk answers the same
    const impactWalk = await this.walkInUse(scope).catch(() => null);
    // the journal's label and index come with the migrations: before them there is none to read
    const imports = pending.length === 0 ? await inProgress(scope) : [];
    return {
      ready: pending.length === 0,
      neo4j: "ok",
      pendingMigrations: pending,
      impactWalk,
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
