import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import {
  checkPageSize,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import { pathTo, type Walk, type WalkNode } from "./graph-walk.js";
import type {
  ImpactCounts,
  ImpactedItem,
  ImpactFilter,
  ImpactReport,
  ImpactStep,
  StepDirection,
} from "./impact.js";

/** The most impacted CIs in one page. */
export const MAX_IMPACTED_PAGE_SIZE = 1000;
const IMPACTED_LIST = "impacted";
const LEVEL_RANK: Record<ImpactLevel, number> = { DOWN: 0, DEGRADED: 1, AT_RISK: 2 };
// the order `impacted` has always had (locale order of keys); a collator is what localeCompare
// builds on every call
const collator = new Intl.Collator();

/**
 * A CI of a walk as an impacted item. What the walk read (id, key, type, criticality, distance)
 * is copied; what costs per CI (the sorted types that reached it, the explanation path) is made
 * when first read, so a page of 100 out of 76k builds 100 paths, not 76k.
 */
export class WalkItem implements ImpactedItem {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly criticality: number | null;
  readonly distance: number;
  private through: string[] | null = null;

  constructor(
    private readonly walk: Walk,
    private readonly node: WalkNode,
    readonly level: ImpactLevel,
    private readonly directionOf: (relationshipType: string) => StepDirection,
  ) {
    this.id = node.id;
    this.key = node.key;
    this.type = node.ciType;
    this.criticality = node.criticality;
    this.distance = node.distance;
  }

  get reachedThrough(): string[] {
    this.through ??= [...this.node.reachedThrough].sort();
    return this.through;
  }

  get path(): string[] {
    return pathTo(this.walk, this.id).path;
  }

  get pathKeys(): string[] {
    return pathTo(this.walk, this.id).pathKeys;
  }

  get pathTypes(): string[] {
    return pathTo(this.walk, this.id).pathTypes;
  }

  get pathSteps(): ImpactStep[] {
    const { pathKeys, pathTypes } = pathTo(this.walk, this.id);
    return pathTypes.map((type, i) => ({
      from: pathKeys[i] ?? "",
      to: pathKeys[i + 1] ?? "",
      relationshipType: type,
      direction: this.directionOf(type),
    }));
  }

  /** Every field, for JSON (getters live on the prototype, which JSON.stringify skips). */
  toJSON(): ImpactedItem {
    return {
      id: this.id,
      key: this.key,
      type: this.type,
      criticality: this.criticality,
      distance: this.distance,
      level: this.level,
      reachedThrough: this.reachedThrough,
      path: this.path,
      pathKeys: this.pathKeys,
      pathTypes: this.pathTypes,
      pathSteps: this.pathSteps,
    };
  }
}

/** An impacted CI's place in a page: distance, then level (DOWN first), then key. */
export function impactedKey(i: { distance: number; level: ImpactLevel; key: string }): CursorKey {
  return [i.distance, LEVEL_RANK[i.level], i.key];
}

/** Distance, then level, then key (code unit order, as cursors compare). */
export function byDistanceLevelKey(a: ImpactedItem, b: ImpactedItem): number {
  return (
    a.distance - b.distance ||
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function byDistanceThenKey(a: ImpactedItem, b: ImpactedItem): number {
  return a.distance - b.distance || collator.compare(a.key, b.key);
}

/**
 * Keys of lower-case letters, digits and hyphens compare the same in the collator's order and
 * in code unit order (hyphen, digits, letters): a big list of them sorts without the collator,
 * whose comparisons cost most of the sort.
 */
const PLAIN_KEY = /^[a-z0-9-]*$/;

function byDistanceThenCodeUnits(a: ImpactedItem, b: ImpactedItem): number {
  return a.distance - b.distance || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function byCriticalityThenDistance(a: ImpactedItem, b: ImpactedItem): number {
  return (a.criticality ?? 99) - (b.criticality ?? 99) || byDistanceThenKey(a, b);
}

export interface ReportParts {
  readonly walk: Walk;
  /** Levels propagated by the application (a CI's own `level`, when the walk computed it, wins). */
  readonly levels: ReadonlyMap<string, ImpactLevel>;
  /** The CI types listed (with subtypes); null: all. */
  readonly listed: ReadonlySet<string> | null;
  readonly services: ReadonlySet<string>;
  readonly directionOf: (relationshipType: string) => StepDirection;
  /** The CI types (with subtypes) a filter's type names; VALIDATION for an unknown one. */
  readonly expandTypes: (types: readonly string[]) => ReadonlySet<string>;
}

/**
 * The report's impacted CIs, counts and business services in one pass over the walk; the whole
 * list's sort and each filter's list are made when first asked for.
 */
export function reportItems(
  parts: ReportParts,
): Pick<ImpactReport, "impacted" | "businessServices" | "counts" | "page"> {
  const items: WalkItem[] = [];
  const services: WalkItem[] = [];
  let down = 0;
  let degraded = 0;
  for (const n of parts.walk.nodes.values()) {
    if (n.distance === 0) continue;
    const level = n.level ?? parts.levels.get(n.id) ?? "AT_RISK";
    const item = new WalkItem(parts.walk, n, level, parts.directionOf);
    if (parts.services.has(n.ciType)) services.push(item);
    if (parts.listed && !parts.listed.has(n.ciType)) continue;
    items.push(item);
    if (level === "DOWN") down++;
    else if (level === "DEGRADED") degraded++;
  }
  const counts: ImpactCounts = {
    total: items.length,
    down,
    degraded,
    atRisk: items.length - down - degraded,
  };
  let whole: WalkItem[] | null = null;
  let ordered: WalkItem[] | null = null;
  const filtered = new Map<string, WalkItem[]>();
  const listFor = (filter: ImpactFilter | undefined): WalkItem[] => {
    ordered ??= [...items].sort(byDistanceLevelKey);
    const levels = filter?.levels?.length ? new Set(filter.levels) : null;
    const types = filter?.ciTypes?.length ? parts.expandTypes(filter.ciTypes) : null;
    if (!levels && !types) return ordered;
    const name = JSON.stringify([[...(levels ?? [])].sort(), [...(types ?? [])].sort()]);
    let list = filtered.get(name);
    if (!list) {
      list = ordered.filter(
        (i) => (!levels || levels.has(i.level)) && (!types || types.has(i.type)),
      );
      filtered.set(name, list);
    }
    return list;
  };
  return {
    get impacted(): ImpactedItem[] {
      whole ??= [...items].sort(
        items.every((i) => PLAIN_KEY.test(i.key)) ? byDistanceThenCodeUnits : byDistanceThenKey,
      );
      return whole;
    },
    businessServices: services.sort(byCriticalityThenDistance),
    counts,
    page(request: PageRequest, filter?: ImpactFilter): Page<ImpactedItem> {
      checkPageSize(request.first, MAX_IMPACTED_PAGE_SIZE);
      return pageOfList(listFor(filter), request, IMPACTED_LIST, impactedKey, ["n", "n", "s"]);
    },
  };
}
