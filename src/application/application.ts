import path from "node:path";
import type { Config } from "../config/config.js";
import type { Database } from "../neo4j/database.js";
import { ApiTokenService } from "./auth/api-token.service.js";
import { ReadinessService } from "./health/readiness.service.js";

/** The one core behind every door (GraphQL, web page, CLI, tests): the use cases, wired once. */
export class Application {
  readonly tokens: ApiTokenService;
  readonly readiness: ReadinessService;

  constructor(
    readonly db: Database,
    readonly config: Pick<Config, "adminToken">,
  ) {
    this.tokens = new ApiTokenService(config.adminToken);
    this.readiness = new ReadinessService(db, migrationsDirectory(db));
  }
}

export function migrationsDirectory(db: Database): string {
  return path.join(db.registry.directory, "migrations");
}
