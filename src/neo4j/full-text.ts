/**
 * A search text as a Lucene query for a Neo4j full-text index (ADR 016): each run of letters or
 * digits of the lower-cased text becomes a wildcard term `*word*`, all required. The index splits
 * values into words on the same characters, so every value that holds the text holds each word
 * inside one of its indexed words: the query finds a superset, which the statement narrows with
 * the exact CONTAINS. Only letters and digits reach the query, so nothing in it needs escaping
 * and no Lucene operator can come from the user. Null when the text has no letter or digit.
 */
export interface FullTextQuery {
  readonly query: string;
  /** The length of its longest word: short words match much of the estate. */
  readonly longestWord: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function fullTextQuery(search: string): FullTextQuery | null {
  const words = [...new Set(search.toLowerCase().match(WORD) ?? [])];
  if (words.length === 0) return null;
  return {
    query: words.map((w) => `*${w}*`).join(" AND "),
    longestWord: Math.max(...words.map((w) => w.length)),
  };
}
