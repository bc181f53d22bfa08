import DataLoader from "dataloader";
import type { Application } from "../application/application.js";
import type { ApiTokenInfo } from "../application/auth/api-token.js";
import type { Actor } from "../domain/actor.js";
import type { Rfc, RfcEvent } from "../domain/change/rfc.js";
import type { StandardChange } from "../domain/change/standard-change.js";
import type { ConfigurationItem } from "../domain/ci/configuration-item.js";
import type { CiRelationship } from "../domain/relationship/ci-relationship.js";
import type { StoredCatalogue } from "../neo4j/catalogue.repository.js";
import type { Collision } from "../neo4j/change.repository.js";
import type { CiVersion } from "../neo4j/ci.repository.js";
import type { DbScope } from "../neo4j/database.js";

export interface RelationshipLoadKey {
  readonly ciId: string;
  readonly asOf: Date | null;
  readonly includeRemoved: boolean;
}

/**
 * One set per request, so that a field followed on N parents costs one round trip, not N, and
 * nothing cached outlives the request. Loaders that depend on an instant (asOf) are keyed by it.
 */
export interface Loaders {
  readonly apiTokenById: DataLoader<string, ApiTokenInfo | null>;
  ciById(asOf: Date | null): DataLoader<string, ConfigurationItem | null>;
  readonly relationshipsOfCi: DataLoader<RelationshipLoadKey, CiRelationship[], string>;
  readonly historyOfCi: DataLoader<string, CiVersion[]>;
  catalogue(): Promise<StoredCatalogue>;
  readonly rfcById: DataLoader<string, Rfc | null>;
  readonly eventsOfRfc: DataLoader<string, RfcEvent[]>;
  readonly collisionsOfRfc: DataLoader<Rfc, Collision[], string>;
  /** Why each RFC's latest assessment no longer holds. */
  readonly staleReasonsOfRfc: DataLoader<Rfc, string[], string>;
  readonly standardChangeById: DataLoader<string, StandardChange | null>;
}

export function createLoaders(app: Application, scope: DbScope, actor: Actor): Loaders {
  const ciByInstant = new Map<string, DataLoader<string, ConfigurationItem | null>>();
  let catalogue: Promise<StoredCatalogue> | null = null;
  return {
    apiTokenById: new DataLoader((ids) => app.tokens.findByIds(scope, actor, ids)),
    ciById(asOf) {
      const instant = asOf?.toISOString() ?? "now";
      let loader = ciByInstant.get(instant);
      if (!loader) {
        loader = new DataLoader((ids) => app.cis.findByIds(scope, actor, ids, asOf));
        ciByInstant.set(instant, loader);
      }
      return loader;
    },
    relationshipsOfCi: new DataLoader(
      async (keys) => {
        // one round trip per distinct (asOf, includeRemoved) among the keys; usually one
        const groups = new Map<string, RelationshipLoadKey[]>();
        for (const k of keys) {
          const g = `${k.asOf?.toISOString() ?? "now"}|${String(k.includeRemoved)}`;
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        const results = new Map<RelationshipLoadKey, CiRelationship[]>();
        for (const group of groups.values()) {
          const { asOf, includeRemoved } = group[0] ?? { asOf: null, includeRemoved: false };
          const lists = await app.relationships.ofCis(
            scope,
            actor,
            group.map((k) => k.ciId),
            { asOf, includeRemoved },
          );
          group.forEach((k, i) => results.set(k, lists[i] ?? []));
        }
        return keys.map((k) => results.get(k) ?? []);
      },
      {
        cacheKeyFn: (k) =>
          `${k.ciId}|${k.asOf?.toISOString() ?? "now"}|${String(k.includeRemoved)}`,
      },
    ),
    historyOfCi: new DataLoader((ids) => app.cis.historyOf(scope, actor, ids)),
    catalogue: () => (catalogue ??= app.catalogue.read(scope, actor)),
    rfcById: new DataLoader((ids) => app.rfcs.findByIds(scope, actor, ids)),
    eventsOfRfc: new DataLoader((ids) => app.rfcs.eventsOf(scope, actor, ids)),
    collisionsOfRfc: new DataLoader((rfcs) => app.rfcs.collisionsOf(scope, actor, rfcs), {
      cacheKeyFn: (rfc) => `${rfc.id}@${String(rfc.revision)}`,
    }),
    staleReasonsOfRfc: new DataLoader((rfcs) => app.rfcs.staleReasonsOf(scope, actor, rfcs), {
      cacheKeyFn: (rfc) => `${rfc.id}@${String(rfc.revision)}`,
    }),
    standardChangeById: new DataLoader(async (ids) => {
      const found = await app.standardChanges.standardChanges(scope, actor, ids);
      return ids.map((id) => found.find((s) => s.id === id) ?? null);
    }),
  };
}
