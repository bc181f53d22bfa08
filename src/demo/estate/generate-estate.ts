import type { CiEntry, RelationshipEntry } from "../../domain/interchange/interchange-document.js";
import { applicationCis } from "./application-cis.js";
import { applicationRelationships } from "./application-relationships.js";
import { businessServiceCis } from "./business-service-cis.js";
import { businessServiceRelationships } from "./business-service-relationships.js";
import { TYPE_NAMES } from "./ci-kinds.js";
import { CiNaming } from "./ci-naming.js";
import { EstatePlan, MIN_ESTATE_CI_COUNT } from "./estate-plan.js";
import { infrastructureCis } from "./infrastructure-cis.js";
import { infrastructureRelationships } from "./infrastructure-relationships.js";
import { at } from "./random.js";
import { RelationshipStream } from "./relationship-stream.js";

/**
 * A deterministic, realistic enterprise estate in the interchange format: sites, racks, hosts,
 * clusters, platforms, applications, their services and the business services on top, with the
 * heavy-tailed fan-in of a real CMDB (a few shared services, databases and switches that much of
 * the estate leans on).
 *
 * Everything structural is planned up front in typed arrays (a few numbers per CI); entries are
 * then produced lazily, so a million CIs and five million relationships stream to a file without
 * being held in memory. Same options, same bytes.
 */
export interface EstateOptions {
  ciCount: number;
  seed?: number;
  /**
   * Target relationships per CI (default 5), met within a few per cent. The structure alone needs
   * about 2; below a few hundred CIs there may be too few distinct targets for high ratios.
   */
  relationshipsPerCi?: number;
}

export interface EstateSummary {
  ciCount: number;
  relationshipCount: number;
  /** CIs per CI type. */
  byType: Record<string, number>;
}

export interface Estate {
  configurationItems(): Iterable<CiEntry>;
  relationships(): Iterable<RelationshipEntry>;
  readonly summary: EstateSummary;
}

export { MIN_ESTATE_CI_COUNT };
export const DEFAULT_RELATIONSHIPS_PER_CI = 5;
const DEFAULT_SEED = 1;

export function generateEstate(options: EstateOptions): Estate {
  const { ciCount } = options;
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const perCi = options.relationshipsPerCi ?? DEFAULT_RELATIONSHIPS_PER_CI;
  if (!Number.isInteger(ciCount) || ciCount < MIN_ESTATE_CI_COUNT) {
    throw new RangeError(`ciCount must be an integer ≥ ${MIN_ESTATE_CI_COUNT} (got ${ciCount})`);
  }
  if (!Number.isFinite(perCi) || perCi < 0) {
    throw new RangeError(`relationshipsPerCi must be a non-negative number (got ${perCi})`);
  }
  const plan = new EstatePlan(ciCount, seed, perCi);
  const byType: Record<string, number> = {};
  TYPE_NAMES.forEach((name, t) => (byType[name] = at(plan.count, t)));
  return {
    configurationItems: () => configurationItems(new CiNaming(plan)),
    relationships: () => relationships(new RelationshipStream(plan)),
    summary: { ciCount, relationshipCount: plan.relationshipCount, byType },
  };
}

function* configurationItems(naming: CiNaming): Generator<CiEntry> {
  yield* infrastructureCis(naming);
  yield* applicationCis(naming);
  yield* businessServiceCis(naming);
}

/** In this order: the parts share one random stream, so the same seed gives the same bytes. */
function* relationships(stream: RelationshipStream): Generator<RelationshipEntry> {
  yield* infrastructureRelationships(stream);
  yield* applicationRelationships(stream);
  yield* businessServiceRelationships(stream);
}
