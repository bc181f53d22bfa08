import DataLoader from "dataloader";
import type { Application } from "../application/application.js";
import type { ApiTokenInfo } from "../application/auth/api-token.js";
import type { DbScope } from "../neo4j/database.js";

/**
 * One set per request, so that a field followed on N parents costs one round trip, not N, and
 * nothing cached outlives the request.
 */
export interface Loaders {
  readonly apiTokenById: DataLoader<string, ApiTokenInfo | null>;
}

export function createLoaders(app: Application, scope: DbScope): Loaders {
  return {
    apiTokenById: new DataLoader((ids) => app.tokens.findByIds(scope, ids)),
  };
}
