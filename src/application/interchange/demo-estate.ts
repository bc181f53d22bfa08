import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "../../domain/actor.js";
import { anyCiExists } from "../../neo4j/ci.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import type { ImportResult, ImportService } from "./import.service.js";

export const DEMO_ACTOR: Actor = { user: "system:demo", roles: ["ADMIN"], tokenId: null };

/**
 * Loads the demo estate (`demo/demo-estate.json`) into a CMDB that holds no CI yet, so that a
 * newcomer has something to explore; a CMDB with data is left alone. Returns null when skipped.
 */
export async function loadDemoEstateIfEmpty(
  scope: DbScope,
  imports: ImportService,
  rootDir: string,
): Promise<ImportResult | null> {
  if (await scope.readTransaction((tx) => anyCiExists(tx))) return null;
  const file = path.join(rootDir, "demo", "demo-estate.json");
  const document = JSON.parse(await readFile(file, "utf8")) as unknown;
  return imports.importDocument(scope, DEMO_ACTOR, document, { reason: "demo estate" });
}
