import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import {
  checkPageSize,
  mapPage,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import type { AnalysedColumns } from "../../neo4j/impact.repository.js";
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
  const read = {
    distance: (i: WalkItem) => i.distance,
    level: (i: WalkItem) => i.level,
    key: (i: WalkItem) => i.key,
  };
  return lists(
    parts,
    {
      ...read,
      all: () => items,
      type: (i) => i.type,
      item: (i) => i,
      sorted: sortedRows(read),
    },
    () => services,
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
  /**
   * The rows sorted within each distance by level (DOWN first, when `byLevel`), then by key in
   * `keyOrder`.
   */
  readonly sorted: (rows: R[], byLevel: boolean, keyOrder: (a: string, b: string) => number) => R[];
}

/** `Rows.sorted` through the rows' accessors. */
function sortedRows<R>(rows: Pick<Rows<R>, "distance" | "level" | "key">): Rows<R>["sorted"] {
  return (list, byLevel, keyOrder) =>
    sortWithinDistance(list, rows.distance, (a, b) =>
      byLevel
        ? LEVEL_RANK[rows.level(a)] - LEVEL_RANK[rows.level(b)] ||
          keyOrder(rows.key(a), rows.key(b))
        : keyOrder(rows.key(a), rows.key(b)),
    );
}

/** The report's lists over its rows (each made when first asked for). */
function lists<R>(
  context: ReportContext,
  rows: Rows<R>,
  services: () => ImpactedItem[],
  counts: ImpactCounts,
): ReportLists {
  let serviceList: ImpactedItem[] | null = null;
  let all: R[] | null = null;
  let whole: ImpactedItem[] | null = null;
  let ordered: R[] | null = null;
  const filtered = new Map<string, R[]>();
  const listFor = (filter: ImpactFilter | undefined): R[] => {
    all ??= rows.all();
    ordered ??= rows.sorted(all, true, byCodeUnits);
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
      whole = rows.sorted(listed, false, compareKeys).map(rows.item);
      return whole;
    },
    get businessServices(): ImpactedItem[] {
      serviceList ??= services().sort(byCriticalityThenDistance);
      return serviceList;
    },
    counts,
    page(request: PageRequest, filter?: ImpactFilter): Page<ImpactedItem> {
      checkPageSize(request.first, MAX_IMPACTED_PAGE_SIZE);
      const page = pageOfList(listFor(filter), request, IMPACTED_LIST, cursorKey, ["n", "n", "s"]);
      return mapPage(page, rows.item);
    },
  };
}

const LEVELS: readonly ImpactLevel[] = ["AT_RISK", "AT_RISK", "DEGRADED", "DOWN"];
/** LEVEL_RANK of each level number of LEVELS. */
const LEVEL_NUMBER_RANK: readonly number[] = LEVELS.map((l) => LEVEL_RANK[l]);

/**
 * Walk indices sorted as `Rows.sorted` says, reading the columns straight (no accessor per
 * comparison); each run of one distance sorted in place in a typed array. Distances never
 * decrease in walk order; a list where they do is sorted whole by the same rule.
 */
function sortAnalysed(
  c: AnalysedColumns,
  list: readonly number[],
  byLevel: boolean,
  keyOrder: (a: string, b: string) => number,
): number[] {
  const { keys, level, distance } = c;
  const byKey = (a: number, b: number): number => keyOrder(keys[a] as string, keys[b] as string);
  let compare = byKey;
  if (byLevel) {
    const rank = Int8Array.from(level, (l) => LEVEL_NUMBER_RANK[l] ?? LEVEL_RANK.AT_RISK);
    compare = (a, b) => (rank[a] as number) - (rank[b] as number) || byKey(a, b);
  }
  const sorted = Int32Array.from(list);
  const n = sorted.length;
  let start = 0;
  while (start < n) {
    const d = distance[sorted[start] as number] as number;
    let end = start + 1;
    while (end < n && distance[sorted[end] as number] === d) end++;
    if (end < n && (distance[sorted[end] as number] as number) < d) {
      sorted.sort((a, b) => (distance[a] as number) - (distance[b] as number) || compare(a, b));
      break;
    }
    sorted.subarray(start, end).sort(compare);
    start = end;
  }
  return Array.from(sorted);
}

/** What the items of one analysis share: its columns, their paths, the steps' directions. */
class AnalysedParts {
  // by walk index, filled in any order (an array would turn sparse)
  private readonly paths = new Map<number, WalkPath>();

  constructor(
    readonly walk: AnalysedWalk,
    readonly directionOf: (relationshipType: string) => StepDirection,
  ) {}

  /** CI i's path: it extends its parent's, made when first asked for and kept. */
  pathAt(i: number): WalkPath {
    const known = this.paths.get(i);
    if (known) return known;
    const c = this.walk.columns;
    const parent = c.parent[i] ?? -1;
    const up: WalkPath = parent >= 0 ? this.pathAt(parent) : NO_PATH;
    const type = this.walk.types[c.parentType[i] ?? -1];
    const path: WalkPath = {
      path: [...up.path, c.id(i)],
      pathKeys: [...up.pathKeys, c.keys[i] as string],
      pathTypes: type === undefined ? [...up.pathTypes] : [...up.pathTypes, type],
    };
    this.paths.set(i, path);
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
    private readonly parts: AnalysedParts,
    private readonly at: number,
  ) {}

  get id(): string {
    return this.parts.walk.columns.id(this.at);
  }

  get key(): string {
    return this.parts.walk.columns.keys[this.at] as string;
  }

  get type(): string {
    return this.parts.walk.columns.type(this.at);
  }

  get criticality(): number | null {
    return this.parts.walk.columns.criticalityOf(this.at);
  }

  get distance(): number {
    return this.parts.walk.columns.distance[this.at] as number;
  }

  get level(): ImpactLevel {
    return LEVELS[this.parts.walk.columns.level[this.at] as number] ?? "AT_RISK";
  }

  get reachedThrough(): string[] {
    if (this.through) return this.through;
    const out: string[] = [];
    const { types } = this.parts.walk;
    // masks have at most 52 bits: a division walks them exactly
    let rest = this.parts.walk.columns.through[this.at] ?? 0;
    for (let t = 0; rest > 0; t++, rest = Math.floor(rest / 2)) {
      if (rest % 2 === 1) out.push(types[t] as string);
    }
    this.through = out.sort();
    return this.through;
  }

  get path(): string[] {
    return this.parts.pathAt(this.at).path;
  }

  get pathKeys(): string[] {
    return this.parts.pathAt(this.at).pathKeys;
  }

  get pathTypes(): string[] {
    return this.parts.pathAt(this.at).pathTypes;
  }

  get pathSteps(): ImpactStep[] {
    return stepsOf(this.parts.pathAt(this.at), this.parts.directionOf);
  }

  /** Every field, for JSON (getters live on the prototype, which JSON.stringify skips). */
  toJSON(): ImpactedItem {
    return plainItem(this);
  }
}

/**
 * The report of an analysis walked in Neo4j, from its columns: the counts and which CIs are
 * business services in one pass over the levels and types; the items of the impacted CIs and
 * of the business services when a list or page is first asked for, one object each.
 */
export function reportAnalysed(walk: AnalysedWalk, context: ReportContext): ReportLists {
  const c = walk.columns;
  const parts = new AnalysedParts(walk, context.directionOf);
  // not kept: a list or page holds a CI once (a sparse array by walk index would cost more)
  const itemAt = (i: number): AnalysedItem => new AnalysedItem(parts, i);
  // per CI type number: a business service, listed
  const service = c.typeNames.map((t) => context.services.has(t));
  const listedType = c.typeNames.map((t) => !context.listed || context.listed.has(t));
  const services: number[] = [];
  let down = 0;
  let degraded = 0;
  let total = 0;
  const n = c.count;
  for (let i = walk.roots; i < n; i++) {
    const type = c.ciType[i] as number;
    if (service[type]) services.push(i);
    if (!listedType[type]) continue;
    total++;
    // 3 DOWN, 2 DEGRADED, 1 AT_RISK
    const level = c.level[i];
    if (level === 3) down++;
    else if (level === 2) degraded++;
  }
  const listed = (): number[] => {
    const out = new Array<number>(total);
    let at = 0;
    for (let i = walk.roots; i < n; i++) if (listedType[c.ciType[i] as number]) out[at++] = i;
    return out;
  };
  // the lists sort and page walk indices, reading the columns; an item is made for a CI only
  // when a page or the whole list holds it
  const rows: Rows<number> = {
    all: listed,
    distance: (i) => c.distance[i] as number,
    level: (i) => LEVELS[c.level[i] as number] ?? "AT_RISK",
    key: (i) => c.keys[i] as string,
    type: (i) => c.type(i),
    item: itemAt,
    sorted: (list, byLevel, keyOrder) => sortAnalysed(c, list, byLevel, keyOrder),
  };
  return lists(context, rows, () => services.map(itemAt), countsOf(total, down, degraded));
}
