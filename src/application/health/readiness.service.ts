import type { Database } from "../../neo4j/database.js";
import { pendingMigrations } from "../../neo4j/migrator.js";

export interface Readiness {
  readonly ready: boolean;
  /** "ok", or why Neo4j could not be reached. */
  readonly neo4j: string;
  readonly pendingMigrations: string[];
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
      return { ready: false, neo4j: "unreachable", pendingMigrations: [] };
    }
    const pending = await pendingMigrations(scope, this.migrationsDir);
    return { ready: pending.length === 0, neo4j: "ok", pendingMigrations: pending };
  }
}
