import type { AssessedCounts, AssessedItem, Assessment } from "../../domain/change/rfc.js";
import type { ImpactLevel } from "../../domain/impact/impact-level.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  listRfcImpactPages,
  saveRfcImpactPages,
  type StoredImpactPage,
} from "../../neo4j/rfc-impact.repository.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";
import { MAX_IMPACTED_PAGE_SIZE } from "../impact/impact-report.js";

/**
 * An RFC assessment's impacted CIs, stored apart from the RFC (ADR 014): pages of
 * STORED_PAGE_SIZE CIs in the order a screen reads them (distance, level, key), each keyed by
 * its last CI's sort key, so a page of 100 reads one or two stored pages, not the whole impact.
 */
const STORED_PAGE_SIZE = 1000;
/** Stored pages read per round trip while filling a filtered page. */
const PAGES_PER_READ = 4;
const LIST = "assessmentImpacted";
const SHAPE = ["n", "n", "s"] as const;
const LEVEL_RANK: Record<ImpactLevel, number> = { DOWN: 0, DEGRADED: 1, AT_RISK: 2 };

function keyOf(i: AssessedItem): CursorKey {
  return [i.distance, LEVEL_RANK[i.level], i.key];
}

/**
 * The cursor key as one string that Neo4j orders the same way (fixed-width distance and rank,
 * then the key, compared by code unit in both JavaScript and Java).
 */
function sortText(key: CursorKey): string {
  return `${String(key[0]).padStart(4, "0")}|${String(key[1])}|${String(key[2])}`;
}

function byKey(a: AssessedItem, b: AssessedItem): number {
  const x = sortText(keyOf(a));
  const y = sortText(keyOf(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function countsOf(items: readonly AssessedItem[]): AssessedCounts {
  let down = 0;
  let degraded = 0;
  for (const i of items) {
    if (i.level === "DOWN") down++;
    else if (i.level === "DEGRADED") degraded++;
  }
  return { total: items.length, down, degraded, atRisk: items.length - down - degraded };
}

/** Stores the impacted CIs of `assessment` (of RFC `rfcId`), replacing earlier assessments'. */
export async function storeAssessmentImpact(
  tx: DbTransaction,
  rfcId: string,
  assessment: number,
  items: readonly AssessedItem[],
): Promise<void> {
  const ordered = [...items].sort(byKey);
  const pages: StoredImpactPage[] = [];
  for (let at = 0; at < ordered.length; at += STORED_PAGE_SIZE) {
    const chunk = ordered.slice(at, at + STORED_PAGE_SIZE);
    pages.push({
      index: pages.length,
      last: sortText(keyOf(chunk[chunk.length - 1] as AssessedItem)),
      items: JSON.stringify(chunk),
    });
  }
  await saveRfcImpactPages(tx, rfcId, assessment, pages);
}

/** Which CIs a page of an assessment lists: levels, and CI types (already with subtypes). */
export interface AssessedFilter {
  readonly levels: ReadonlySet<ImpactLevel> | null;
  readonly types: ReadonlySet<string> | null;
}

function accepts(filter: AssessedFilter, i: AssessedItem): boolean {
  return (
    (!filter.levels || filter.levels.has(i.level)) && (!filter.types || filter.types.has(i.type))
  );
}

/** A page of an assessment's impacted CIs (distance, level, key order), filtered. */
export async function assessmentImpactPage(
  scope: DbScope,
  rfcId: string,
  a: Assessment,
  request: PageRequest,
  filter: AssessedFilter,
): Promise<Page<AssessedItem>> {
  checkPageSize(request.first, MAX_IMPACTED_PAGE_SIZE);
  if (!a.counts) {
    // made before the impacted CIs were stored apart: they are in the assessment itself
    const list = [...a.impacted].sort(byKey).filter((i) => accepts(filter, i));
    return pageOfList(list, request, LIST, keyOf, SHAPE);
  }
  const after = request.after === null ? "" : sortText(decodeCursor(LIST, request.after, SHAPE));
  const rows: AssessedItem[] = [];
  let from = after;
  for (;;) {
    const stored = await scope.readTransaction((tx) =>
      listRfcImpactPages(tx, rfcId, a.number, from, PAGES_PER_READ),
    );
    for (const page of stored) {
      for (const i of JSON.parse(page.items) as AssessedItem[]) {
        if (rows.length > request.first) break;
        if (sortText(keyOf(i)) > after && accepts(filter, i)) rows.push(i);
      }
    }
    if (rows.length > request.first || stored.length < PAGES_PER_READ) break;
    from = (stored[stored.length - 1] as { last: string }).last;
  }
  const counts = a.counts;
  return pageFromRows(rows, request, LIST, keyOf, async () => {
    if (!filter.types) {
      if (!filter.levels) return counts.total;
      const by: Record<ImpactLevel, number> = {
        DOWN: counts.down,
        DEGRADED: counts.degraded,
        AT_RISK: counts.atRisk,
      };
      return [...filter.levels].reduce((n, l) => n + by[l], 0);
    }
    // by type: counted over the stored pages (only when a query asks for totalCount)
    const all = await allAssessmentImpact(scope, rfcId, a);
    return all.filter((i) => accepts(filter, i)).length;
  });
}

/** Every impacted CI of an assessment, in distance, level, key order (the deprecated whole list). */
export async function allAssessmentImpact(
  scope: DbScope,
  rfcId: string,
  a: Assessment,
): Promise<AssessedItem[]> {
  if (!a.counts) return a.impacted;
  return scope.readTransaction(async (tx) => {
    const out: AssessedItem[] = [];
    let last = "";
    for (;;) {
      const stored = await listRfcImpactPages(tx, rfcId, a.number, last, PAGES_PER_READ * 4);
      for (const page of stored) out.push(...(JSON.parse(page.items) as AssessedItem[]));
      if (stored.length < PAGES_PER_READ * 4) return out;
      last = (stored[stored.length - 1] as { last: string }).last;
    }
  });
}
