// Text search over CI keys and names (ADR 016): words lower-cased, no stop words dropped (a
// search for "the" must find "The Shop"); kept in step with each commit.
CREATE FULLTEXT INDEX ci_text IF NOT EXISTS
FOR (ci:CI) ON EACH [ci.key, ci.name]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false } }
