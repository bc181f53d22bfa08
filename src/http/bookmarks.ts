/**
 * Bookmarks travel in this header both ways: a response names the writes it made, and a client
 * that sends them back gets reads that see those writes, whichever API instance answers.
 */
export const BOOKMARKS_HEADER = "x-graph-cmdb-bookmarks";

export function parseBookmarks(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && v.length < 4096);
}
