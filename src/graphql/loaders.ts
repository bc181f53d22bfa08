import DataLoader from "dataloader";
import type { Application } from "../application/application.js";
import type { ApiTokenInfo } from "../application/auth/api-token.js";
import type { Actor } from "../domain/actor.js";
import type { User } from "../domain/user/user.js";
import type { Rfc, RfcEvent } from "../domain/change/rfc.js";
import type { StandardChange } from "../domain/change/standard-change.js";
import type { ConfigurationItem } from "../domain/ci/configuration-item.js";
import type { CiRelationship } from "../domain/relationship/ci-relationship.js";
import type { StoredCatalogue } from "../neo4j/catalogue.repository.js";
import type { Collision } from "../neo4j/change.repository.js";
import type { CiVersion } from "../neo4j/ci.repository.js";
import type { RelationshipPageQuery } from "../neo4j/relationship.repository.js";
import type { HistoryOrder } from "../application/ci/configuration-item.service.js";
import type { Page, PageRequest } from "../application/paging.js";
import type { DbScope } from "../neo4j/database.js";
import type { ImpactInput, ImpactReading, ImpactReport } from "../application/impact/impact.js";

/** One CI's page of relationships: the CI, what to list and which page. */
export interface RelationshipPageKey extends RelationshipPageQuery {
  readonly ciId: string;
  readonly page: PageRequest;
}

/** One CI's page of history. */
export interface HistoryPageKey {
  readonly ciId: string;
  readonly order: HistoryOrder;
  readonly page: PageRequest;
}

/**
 * One set per request, so that a field followed on N parents costs one round trip, not N, and
 * nothing cached outlives the request. Loaders that depend on an instant (asOf) are keyed by it.
 */
export interface Loaders {
  readonly apiTokenById: DataLoader<string, ApiTokenInfo | null>;
  readonly userById: DataLoader<string, User | null>;
  ciById(asOf: Date | null): DataLoader<string, ConfigurationItem | null>;
  readonly relationshipPageOfCi: DataLoader<RelationshipPageKey, Page<CiRelationship>, string>;
  readonly historyPageOfCi: DataLoader<HistoryPageKey, Page<CiVersion>, string>;
  catalogue(): Promise<StoredCatalogue>;
  readonly rfcById: DataLoader<string, Rfc | null>;
  readonly eventsOfRfc: DataLoader<string, RfcEvent[]>;
  readonly collisionsOfRfc: DataLoader<Rfc, Collision[], string>;
  /** Why each RFC's latest assessment no longer holds. */
  readonly staleReasonsOfRfc: DataLoader<Rfc, string[], string>;
  readonly standardChangeById: DataLoader<string, StandardChange | null>;
  /**
   * An impact analysis: the same input read the same way (the same cap) asked twice in one
   * request, e.g. two pages of one report under aliases, walks once.
   */
  impactAnalysis(input: ImpactInput, reading: ImpactReading): Promise<ImpactReport>;
}

export function createLoaders(app: Application, scope: DbScope, actor: Actor): Loaders {
  const ciByInstant = new Map<string, DataLoader<string, ConfigurationItem | null>>();
  let catalogue: Promise<StoredCatalogue> | null = null;
  const analyses = new Map<string, Promise<ImpactReport>>();
  return {
    apiTokenById: new DataLoader((ids) => app.tokens.findByIds(scope, actor, ids)),
    userById: new DataLoader((ids) => app.users.findByIds(scope, actor, ids)),
    ciById(asOf) {
      const instant = asOf?.toISOString() ?? "now";
      let loader = ciByInstant.get(instant);
      if (!loader) {
        loader = new DataLoader((ids) => app.cis.findByIds(scope, actor, ids, asOf));
        ciByInstant.set(instant, loader);
      }
      return loader;
    },
    relationshipPageOfCi: pagedPerCi(
      (k) =>
        JSON.stringify([
          k.asOf,
          k.includeRemoved,
          k.direction,
          k.types,
          k.page.first,
          k.page.after,
        ]),
      (group) => {
        const { ciId: _, page, ...query } = group[0] as RelationshipPageKey;
        return app.relationships.pagesOfCis(
          scope,
          actor,
          group.map((k) => k.ciId),
          query,
          page,
        );
      },
    ),
    historyPageOfCi: pagedPerCi(
      (k) => JSON.stringify([k.order, k.page.first, k.page.after]),
      (group) => {
        const { page, order } = group[0] as HistoryPageKey;
        return app.cis.historyPages(
          scope,
          actor,
          group.map((k) => k.ciId),
          page,
          order,
        );
      },
    ),
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
    impactAnalysis(input, reading) {
      const key = JSON.stringify([
        input.ciKeys ?? [],
        input.ciIds ?? [],
        input.direction ?? "DEPENDENTS",
        input.maxDepth ?? null,
        input.relationshipTypes ?? null,
        input.ciTypes ?? null,
        input.asOf?.toISOString() ?? null,
        app.impact.capFor(reading),
      ]);
      let analysis = analyses.get(key);
      if (!analysis) {
        analysis = app.impact.analyse(scope, actor, input, reading);
        analyses.set(key, analysis);
      }
      return analysis;
    },
  };
}

/**
 * A loader of one page per CI: keys that ask the same page of the same list (all but the CI's id
 * alike, as `groupOf` says) are read in one round trip; usually all of a response's are.
 */
function pagedPerCi<K extends { readonly ciId: string }, V>(
  groupOf: (key: K) => string,
  read: (group: readonly K[]) => Promise<V[]>,
): DataLoader<K, V, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const k of keys) groups.set(groupOf(k), [...(groups.get(groupOf(k)) ?? []), k]);
      const results = new Map<K, V>();
      for (const group of groups.values()) {
        const pages = await read(group);
        group.forEach((k, i) => results.set(k, pages[i] as V));
      }
      return keys.map((k) => results.get(k) as V);
    },
    { cacheKeyFn: (k) => `${k.ciId}|${groupOf(k)}` },
  );
}
