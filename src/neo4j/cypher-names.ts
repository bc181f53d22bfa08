/**
 * Every Cypher statement the product runs, by name: `cypher/<name>.cypher`. Schema migrations
 * (`cypher/migrations/`) are applied by file order instead and are not listed here.
 * Written by `npm run cypher:names`; a test fails when it and the files disagree.
 */
export const CYPHER_NAMES = [
  "audit/list-audit-entries",
  "audit/record-audit-entries",
  "auth/create-api-token",
  "auth/find-api-token-by-hash",
  "auth/find-api-tokens-by-ids",
  "auth/list-api-tokens",
  "auth/revoke-api-token",
  "catalogue/list-ci-types",
  "catalogue/list-relationship-types",
  "catalogue/lock-ci-type",
  "catalogue/lock-relationship-type",
  "catalogue/upsert-ci-types",
  "catalogue/upsert-relationship-types",
  "ci/any-ci-exists",
  "ci/create-cis",
  "ci/find-cis-as-of",
  "ci/find-cis-by-ids",
  "ci/find-cis-by-keys",
  "ci/find-cis-by-keys-as-of",
  "ci/list-ci-history",
  "ci/list-cis",
  "ci/list-cis-as-of",
  "ci/lock-cis-by-ids",
  "ci/lock-cis-by-keys",
  "ci/update-cis",
  "export/list-cis-page",
  "export/list-relationships-from-cis",
  "health/ping",
  "impact/count-group-members",
  "impact/expand-frontier",
  "impact/expand-frontier-as-of",
  "impact/list-dependency-edges-page",
  "relationship/create-relationships",
  "relationship/find-current-relationships",
  "relationship/find-relationships-of-cis",
  "relationship/lock-relationship",
  "relationship/remove-relationship",
  "schema-migration/list-applied",
  "schema-migration/record-applied",
] as const;

export type CypherName = (typeof CYPHER_NAMES)[number];
