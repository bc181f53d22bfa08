/**
 * A search text as a Lucene query for a Neo4j full-text index (ADR 016): the query finds a
 * superset of the CIs whose key or name holds the text, which the statement narrows with the exact
 * CONTAINS. Only letters and digits reach the query, so nothing in it needs escaping and no
 * Lucene operator can come from the user. Null when the text has no letter or digit.
 *
 * The index (analyzer `standard-no-stop-words`: Lucene's StandardTokenizer, lower-cased) splits
 * values into words by the Unicode word-break rules, never inside a run of letters or digits, so
 * every value that holds the text holds each of the text's words inside one of its indexed words:
 * `*word*` finds it. But a term with a leading wildcard makes Lucene walk the index's whole term
 * dictionary (at 1M CIs, 70–130 ms a term, whatever it matches). So a word that the text itself
 * shows to start an indexed word is asked as a prefix `word*` instead, a seek in the dictionary:
 * an ASCII word after an ASCII character that always ends a token (a space, tab or line break, or
 * punctuation outside the word-break classes that join words: not `.` `:` `'` `,` `;` `_` `"`;
 * no other space, as U+FEFF is a format character the tokenizer joins across). The value
 * holds that character right before the word, so its indexed word starts there. Such prefixes
 * (of 3 characters or more: shorter ones match much of an estate) are all the query asks; a text
 * with none (a single word, or words joined by `.` or `_`) asks `*longest word*` alone.
 */
export interface FullTextQuery {
  readonly query: string;
  /** The length of its longest word: short words match much of the estate. */
  readonly longestWord: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** ASCII characters after which the StandardTokenizer always starts a new token (UAX #29). */
const TOKEN_BREAK_BEFORE = /[\t\n\v\f\r !#$%&()*+\-/<=>?@[\\\]^`{|}~]/;
const ASCII_WORD = /^[a-z0-9]+$/;
/** A prefix this short matches too many indexed words to be worth asking (the others narrow). */
const MIN_PREFIX = 3;
/** Lucene cuts tokens at 255 characters: a longer word is not a prefix of one. */
const MAX_PREFIX = 255;

export function fullTextQuery(search: string): FullTextQuery | null {
  const text = search.toLowerCase();
  const words = [...text.matchAll(WORD)];
  if (words.length === 0) return null;
  const longestWord = Math.max(...words.map((w) => w[0].length));
  const prefixes = new Set<string>();
  for (const w of words) {
    const before = w.index > 0 ? text[w.index - 1] : undefined;
    if (
      before !== undefined &&
      TOKEN_BREAK_BEFORE.test(before) &&
      ASCII_WORD.test(w[0]) &&
      w[0].length >= MIN_PREFIX &&
      w[0].length <= MAX_PREFIX
    )
      prefixes.add(w[0]);
  }
  if (prefixes.size > 0)
    return { query: [...prefixes].map((w) => `${w}*`).join(" AND "), longestWord };
  const longest = words.find((w) => w[0].length === longestWord)?.[0] ?? "";
  return { query: `*${longest}*`, longestWord };
}
