// Text search over CI keys and names (ADR 016), as ci_text (0104, dropped by 0125) but
// eventually consistent (ADR 012, decision 12): a commit no longer writes the Lucene entries
// itself, Neo4j applies them right after in the background; the two searches wait for it to
// catch up before they read (db.index.fulltext.awaitEventuallyConsistentIndexRefresh), so a
// search still sees every committed write. Words lower-cased, no stop words dropped.
CREATE FULLTEXT INDEX ci_search IF NOT EXISTS
FOR (ci:CI) ON EACH [ci.key, ci.name]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: true } }
