/**
 * Every Cypher statement the product runs, by name: `cypher/<name>.cypher`. Schema migrations
 * (`cypher/migrations/`) are applied by file order instead and are not listed here.
 */
export const CYPHER_NAMES = [
  "auth/create-api-token",
  "auth/find-api-token-by-hash",
  "auth/find-api-tokens-by-ids",
  "auth/list-api-tokens",
  "auth/revoke-api-token",
  "health/ping",
  "schema-migration/list-applied",
  "schema-migration/record-applied",
] as const;

export type CypherName = (typeof CYPHER_NAMES)[number];
