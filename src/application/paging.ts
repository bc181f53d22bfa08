import { ValidationError } from "../domain/errors.js";

/**
 * Forward, keyset paging shared by every list that can grow (ADR 009): a page is asked for by
 * `first` and the `after` cursor of the page before; a cursor holds the sort key of the row it
 * stands for (never an offset), so rows written between two pages neither repeat nor vanish.
 */
export interface PageRequest {
  readonly first: number;
  readonly after: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** One opaque cursor per item, in order. */
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
  /** True when the page was asked for after a cursor (rows precede it). */
  readonly hasPreviousPage: boolean;
  /** Counted only when a caller asks (a second, index-backed statement). */
  readonly totalCount: () => Promise<number>;
}

/** A cursor's sort key: the values of the row's ORDER BY, in order. */
export type CursorKey = readonly (string | number)[];

/** Refuses a page size outside 1..max (VALIDATION naming `first`). */
export function checkPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new ValidationError("first", first, `must be from 1 to ${String(max)}`);
  }
}

/** The opaque cursor of a row of a list named `list` (so a cursor of one list fails on another). */
export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key]), "utf8").toString("base64url");
}

/** The sort key a cursor holds, or VALIDATION naming `after` when this list did not give it. */
export function decodeCursor(
  list: string,
  cursor: string,
  shape: readonly ("s" | "n")[],
): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const fits =
    Array.isArray(parsed) &&
    parsed.length === shape.length + 1 &&
    parsed[0] === list &&
    shape.every((kind, i) =>
      kind === "s" ? typeof parsed[i + 1] === "string" : Number.isFinite(parsed[i + 1]),
    );
  if (!fits) throw new ValidationError("after", cursor, `is not a cursor of the ${list} list`);
  return (parsed as unknown[]).slice(1) as CursorKey;
}

/**
 * A page from rows read with `LIMIT first + 1` after the cursor's key: the extra row only says
 * that another page follows.
 */
export function pageFromRows<T>(
  rows: readonly T[],
  request: PageRequest,
  list: string,
  keyOf: (row: T) => CursorKey,
  totalCount: () => Promise<number>,
): Page<T> {
  const items = rows.slice(0, request.first);
  return {
    items,
    cursors: items.map((row) => encodeCursor(list, keyOf(row))),
    hasNextPage: rows.length > request.first,
    hasPreviousPage: request.after !== null,
    totalCount,
  };
}

/**
 * A page of a list already held whole (a short catalogue-like list: tokens, templates, windows of
 * a calendar range), with the same cursors as a list paged in the store. `rows` must be sorted by
 * `keyOf` ascending, or descending when `descending`.
 */
export function pageOfList<T>(
  rows: readonly T[],
  request: PageRequest,
  list: string,
  keyOf: (row: T) => CursorKey,
  shape: readonly ("s" | "n")[],
  descending = false,
): Page<T> {
  let start = 0;
  if (request.after !== null) {
    const after = decodeCursor(list, request.after, shape);
    const sign = descending ? -1 : 1;
    start = rows.findIndex((row) => sign * compareKeys(keyOf(row), after) > 0);
    if (start < 0) start = rows.length;
  }
  return pageFromRows(rows.slice(start, start + request.first + 1), request, list, keyOf, () =>
    Promise.resolve(rows.length),
  );
}

export function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/** The same page with each item mapped (cursors, flags and count kept). */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(map) };
}
