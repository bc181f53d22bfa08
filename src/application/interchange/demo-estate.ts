import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "../../domain/actor.js";
import { anyCiExists } from "../../neo4j/ci.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import type { BaselineService } from "../baseline/baseline.service.js";
import type { ImportResult, ImportService } from "./import.service.js";

export const DEMO_ACTOR: Actor = { user: "system:demo", roles: ["ADMIN"], tokenId: null };

/** The baseline the demo starts with: production as loaded, so drift shows from the first change. */
export const DEMO_BASELINE = "production as delivered";

/**
 * Loads the demo estate (`demo/demo-estate.json`, docs/demo-estate.md) into a CMDB that holds no
 * CI yet, so that a newcomer has something to explore, and baselines its production environment
 * (a CMDB in use has baselines; without one every production CI is an integrity finding). A CMDB
 * with data is left alone. Returns null when skipped.
 */
export async function loadDemoEstateIfEmpty(
  scope: DbScope,
  services: { imports: ImportService; baselines: BaselineService },
  rootDir: string,
): Promise<ImportResult | null> {
  if (await scope.readTransaction((tx) => anyCiExists(tx))) return null;
  const file = path.join(rootDir, "demo", "demo-estate.json");
  const document = JSON.parse(await readFile(file, "utf8")) as unknown;
  const imported = await services.imports.importDocument(scope, DEMO_ACTOR, document, {
    reason: "demo estate",
  });
  if (imported.errorCount === 0) {
    await services.baselines.take(scope, DEMO_ACTOR, {
      name: DEMO_BASELINE,
      description: "The demo estate's production environment as it was loaded.",
      scope: { kind: "ENVIRONMENT", environment: "production" },
    });
  }
  return imported;
}
