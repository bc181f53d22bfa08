// ci_text (0104) goes, for ci_search (0126): the same full-text index kept after each commit
// instead of in it (ADR 012, decision 12). Dropped first: Neo4j's IF NOT EXISTS would take an
// index on the same schema for the new one and create nothing.
DROP INDEX ci_text IF EXISTS
