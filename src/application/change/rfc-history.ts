import type { RfcEvent } from "../../domain/change/rfc.js";
import {
  checkPageSize,
  compareKeys,
  pageOfList,
  type CursorKey,
  type Page,
  type PageRequest,
} from "../paging.js";

/** The most history lines one page lists. */
export const MAX_HISTORY_PAGE = 500;

const keyOf = (e: RfcEvent): CursorKey => [e.at.toISOString(), e.seq, e.id];

/**
 * A page of an RFC's history (or of the events `only` keeps), oldest first. An RFC's events are
 * read whole by one loader for every RFC of a request; the cursor names the RFC, so one RFC's
 * cursor is refused on another's history.
 */
export function historyPage(
  rfcId: string,
  events: readonly RfcEvent[],
  request: PageRequest,
  list: "history" | "comments",
  only: (e: RfcEvent) => boolean = () => true,
): Page<RfcEvent> {
  checkPageSize(request.first, MAX_HISTORY_PAGE);
  const rows = events.filter(only).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  return pageOfList(rows, request, `${list}:${rfcId}`, keyOf, ["s", "n", "s"]);
}
