import type { Database, DbScope } from "../../neo4j/database.js";
import { pendingMigrations } from "../../neo4j/migrator.js";
import type { WalkChoice } from "../impact/walk-choice.js";

export interface Readiness {
  readonly ready: boolean;
  /** "ok", or why Neo4j could not be reached. */
  readonly neo4j: string;
  readonly pendingMigrations: string[];
  /** The impact walk in use (the plugin's procedure and its version, or Cypher); null: unknown. */
  readonly impactWalk?: WalkChoice | null;
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
      return { ready: false, neo4j: "unreachable", pendingMigrations: [] };
    }
    const pending = await pendingMigrations(scope, this.migrationsDir);
    // which walk says nothing about readiness: the Cypher walk answers the same
    const impactWalk = await this.walkInUse(scope).catch(() => null);
    return { ready: pending.length === 0, neo4j: "ok", pendingMigrations: pending, impactWalk };
  }
}
