import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import {
  checkPageSize,
  mapPage,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import {
  pathTo,
  type AnalysedWalk,
  type Walk,
  type WalkNode,
  type WalkPath,
} from "./graph-walk.js";
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
    return stepsOf(pathTo(this.walk, this.id), this.directionOf);
  }

  /** Every field, for JSON (getters live on the prototype, which JSON.stringify skips). */
  toJSON(): ImpactedItem {
    return plainItem(this);
  }
}

function stepsOf(
  { pathKeys, pathTypes }: WalkPath,
  directionOf: (relationshipType: string) => StepDirection,
): ImpactStep[] {
  return pathTypes.map((type, i) => ({
    from: pathKeys[i] ?? "",
    to: pathKeys[i + 1] ?? "",
    relationshipType: type,
    direction: directionOf(type),
  }));
}

function plainItem(i: ImpactedItem): ImpactedItem {
  return {
    id: i.id,
    key: i.key,
    type: i.type,
    criticality: i.criticality,
    distance: i.distance,
    level: i.level,
    reachedThrough: i.reachedThrough,
    path: i.path,
    pathKeys: i.pathKeys,
    pathTypes: i.pathTypes,
    pathSteps: i.pathSteps,
  };
}

/** An impacted CI's place in a page: distance, then level (DOWN first), then key. */
export function impactedKey(i: { distance: number; level: ImpactLevel; key: string }): CursorKey {
  return [i.distance, LEVEL_RANK[i.level], i.key];
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

function byCriticalityThenDistance(a: ImpactedItem, b: ImpactedItem): number {
  return (a.criticality ?? 99) - (b.criticality ?? 99) || byDistanceThenKey(a, b);
}

/** What a report needs besides its walk. */
interface ReportContext {
  /** The CI types listed (with subtypes); null: all. */
  readonly listed: ReadonlySet<string> | null;
  readonly services: ReadonlySet<string>;
  readonly directionOf: (relationshipType: string) => StepDirection;
  /** The CI types (with subtypes) a filter's type names; VALIDATION for an unknown one. */
  readonly expandTypes: (types: readonly string[]) => ReadonlySet<string>;
}

export interface ReportParts extends ReportContext {
  readonly walk: Walk;
  /** Levels propagated by the application. */
  readonly levels: ReadonlyMap<string, ImpactLevel>;
}

type ReportLists = Pick<ImpactReport, "impacted" | "businessServices" | "counts" | "page">;

/**
 * The report's impacted CIs, counts and business services in one pass over the walk; the whole
 * list's sort and each filter's list are made when first asked for.
 */
export function reportItems(parts: ReportParts): ReportLists {
  const items: WalkItem[] = [];
  const services: WalkItem[] = [];
  let down = 0;
  let degraded = 0;
  for (const n of parts.walk.nodes.values()) {
    if (n.distance === 0) continue;
    const level = parts.levels.get(n.id) ?? "AT_RISK";
    const item = new WalkItem(parts.walk, n, level, parts.directionOf);
    if (parts.services.has(n.ciType)) services.push(item);
    if (parts.listed && !parts.listed.has(n.ciType)) continue;
    items.push(item);
    if (level === "DOWN") down++;
    else if (level === "DEGRADED") degraded++;
  }
  return lists(
    parts,
    {
      all: () => items,
      distance: (i) => i.distance,
      level: (i) => i.level,
      key: (i) => i.key,
      type: (i) => i.type,
      item: (i) => i,
    },
    services,
    countsOf(items.length, down, degraded),
  );
}

function countsOf(total: number, down: number, degraded: number): ImpactCounts {
  return { total, down, degraded, atRisk: total - down - degraded };
}

/**
 * A list sorted by `compare` within each run of equal distance, the runs kept in their order:
 * a walk lists its CIs nearest first, so the whole list need not be sorted (nor distances
 * compared). A list whose distances ever decrease is sorted whole.
 */
export function sortWithinDistance<R>(
  rows: readonly R[],
  distanceOf: (row: R) => number,
  compare: (a: R, b: R) => number,
): R[] {
  const out = new Array<R>(rows.length);
  let at = 0;
  let start = 0;
  while (start < rows.length) {
    const distance = distanceOf(rows[start] as R);
    let end = start + 1;
    while (end < rows.length && distanceOf(rows[end] as R) === distance) end++;
    if (end < rows.length && distanceOf(rows[end] as R) < distance) {
      return [...rows].sort((a, b) => distanceOf(a) - distanceOf(b) || compare(a, b));
    }
    const run = rows.slice(start, end).sort(compare);
    for (const row of run) out[at++] = row;
    start = end;
  }
  return out;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows a report lists (its items, or an analysis's walk indices) and what its lists read of
 * each: an item is asked of a row only when it is listed or paged.
 */
interface Rows<R> {
  /** The listed rows, in walk order. */
  readonly all: () => R[];
  readonly distance: (row: R) => number;
  readonly level: (row: R) => ImpactLevel;
  readonly key: (row: R) => string;
  readonly type: (row: R) => string;
  readonly item: (row: R) => ImpactedItem;
}

/** The report's lists over its rows (each made when first asked for). */
function lists<R>(
  context: ReportContext,
  rows: Rows<R>,
  services: ImpactedItem[],
  counts: ImpactCounts,
): ReportLists {
  let all: R[] | null = null;
  let whole: ImpactedItem[] | null = null;
  let ordered: R[] | null = null;
  const filtered = new Map<string, R[]>();
  const listFor = (filter: ImpactFilter | undefined): R[] => {
    all ??= rows.all();
    ordered ??= sortWithinDistance(
      all,
      rows.distance,
      (a, b) =>
        LEVEL_RANK[rows.level(a)] - LEVEL_RANK[rows.level(b)] ||
        byCodeUnits(rows.key(a), rows.key(b)),
    );
    const levels = filter?.levels?.length ? new Set(filter.levels) : null;
    const types = filter?.ciTypes?.length ? context.expandTypes(filter.ciTypes) : null;
    if (!levels && !types) return ordered;
    const name = JSON.stringify([[...(levels ?? [])].sort(), [...(types ?? [])].sort()]);
    let list = filtered.get(name);
    if (!list) {
      list = ordered.filter(
        (r) => (!levels || levels.has(rows.level(r))) && (!types || types.has(rows.type(r))),
      );
      filtered.set(name, list);
    }
    return list;
  };
  const cursorKey = (r: R): CursorKey =>
    impactedKey({ distance: rows.distance(r), level: rows.level(r), key: rows.key(r) });
  return {
    get impacted(): ImpactedItem[] {
      if (whole) return whole;
      all ??= rows.all();
      const listed = all;
      const compareKeys = listed.every((r) => PLAIN_KEY.test(rows.key(r)))
        ? byCodeUnits
        : collator.compare;
      const sorted = sortWithinDistance(listed, rows.distance, (a, b) =>
        compareKeys(rows.key(a), rows.key(b)),
      );
      whole = sorted.map(rows.item);
      return whole;
    },
    businessServices: services.sort(byCriticalityThenDistance),
    counts,
    page(request: PageRequest, filter?: ImpactFilter): Page<ImpactedItem> {
      checkPageSize(request.first, MAX_IMPACTED_PAGE_SIZE);
      const page = pageOfList(listFor(filter), request, IMPACTED_LIST, cursorKey, ["n", "n", "s"]);
      return mapPage(page, rows.item);
    },
  };
}

const LEVELS: readonly ImpactLevel[] = ["AT_RISK", "AT_RISK", "DEGRADED", "DOWN"];

/**
 * The paths of an analysis walked in Neo4j, by walk index: each extends its parent's, made
 * when first asked for and kept.
 */
class AnalysedPaths {
  private readonly paths: (WalkPath | undefined)[] = [];

  constructor(private readonly walk: AnalysedWalk) {}

  at(i: number): WalkPath {
    const known = this.paths[i];
    if (known) return known;
    const c = this.walk.columns;
    const parent = c.parent[i] ?? -1;
    const up: WalkPath = parent >= 0 ? this.at(parent) : NO_PATH;
    const type = this.walk.types[c.parentType[i] ?? -1];
    const path: WalkPath = {
      path: [...up.path, c.ids[i] as string],
      pathKeys: [...up.pathKeys, c.keys[i] as string],
      pathTypes: type === undefined ? [...up.pathTypes] : [...up.pathTypes, type],
    };
    this.paths[i] = path;
    return path;
  }
}

const NO_PATH: WalkPath = { path: [], pathKeys: [], pathTypes: [] };

/**
 * A CI of an analysis walked in Neo4j: its fields are read from the analysis's columns by its
 * walk index (the item is the only object made for it); its types and path when first read.
 */
export class AnalysedItem implements ImpactedItem {
  private through: string[] | null = null;

  constructor(
    private readonly walk: AnalysedWalk,
    private readonly paths: AnalysedPaths,
    private readonly at: number,
    private readonly directionOf: (relationshipType: string) => StepDirection,
  ) {}

  get id(): string {
    return this.walk.columns.ids[this.at] as string;
  }

  get key(): string {
    return this.walk.columns.keys[this.at] as string;
  }

  get type(): string {
    return this.walk.columns.ciTypes[this.at] as string;
  }

  get criticality(): number | null {
    return this.walk.columns.criticality[this.at] ?? null;
  }

  get distance(): number {
    return this.walk.columns.distance[this.at] as number;
  }

  get level(): ImpactLevel {
    return LEVELS[this.walk.columns.level[this.at] as number] ?? "AT_RISK";
  }

  get reachedThrough(): string[] {
    if (this.through) return this.through;
    const out: string[] = [];
    // masks have at most 52 bits: a division walks them exactly
    let rest = this.walk.columns.through[this.at] ?? 0;
    for (let t = 0; rest > 0; t++, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) out.push(this.walk.types[t] as string);
    }
    this.through = out.sort();
    return this.through;
  }

  get path(): string[] {
    return this.paths.at(this.at).path;
  }

  get pathKeys(): string[] {
    return this.paths.at(this.at).pathKeys;
  }

  get pathTypes(): string[] {
    return this.paths.at(this.at).pathTypes;
  }

  get pathSteps(): ImpactStep[] {
    return stepsOf(this.paths.at(this.at), this.directionOf);
  }

  /** Every field, for JSON (getters live on the prototype, which JSON.stringify skips). */
  toJSON(): ImpactedItem {
    return plainItem(this);
  }
}

/**
 * The report of an analysis walked in Neo4j, from its columns: the counts and business services
 * in one pass over the levels and types (an item made for each service only); the impacted CIs'
 * items when a list or page is first asked for, one object each.
 */
export function reportAnalysed(walk: AnalysedWalk, context: ReportContext): ReportLists {
  const c = walk.columns;
  const paths = new AnalysedPaths(walk);
  const made: (AnalysedItem | undefined)[] = [];
  const itemAt = (i: number): AnalysedItem =>
    (made[i] ??= new AnalysedItem(walk, paths, i, context.directionOf));
  const services: AnalysedItem[] = [];
  let down = 0;
  let degraded = 0;
  let total = 0;
  const n = c.ids.length;
  for (let i = walk.roots; i < n; i++) {
    const type = c.ciTypes[i] as string;
    if (context.services.has(type)) services.push(itemAt(i));
    if (context.listed && !context.listed.has(type)) continue;
    total++;
    // 3 DOWN, 2 DEGRADED, 1 AT_RISK
    const level = c.level[i];
    if (level === 3) down++;
    else if (level === 2) degraded++;
  }
  const listed = (): number[] => {
    const out: number[] = [];
    for (let i = walk.roots; i < n; i++) {
      if (context.listed && !context.listed.has(c.ciTypes[i] as string)) continue;
      out.push(i);
    }
    return out;
  };
  // the lists sort and page walk indices, reading the columns; an item is made for a CI only
  // when a page or the whole list holds it
  const rows: Rows<number> = {
    all: listed,
    distance: (i) => c.distance[i] as number,
    level: (i) => LEVELS[c.level[i] as number] ?? "AT_RISK",
    key: (i) => c.keys[i] as string,
    type: (i) => c.ciTypes[i] as string,
    item: itemAt,
  };
  return lists(context, rows, services, countsOf(total, down, degraded));
}
