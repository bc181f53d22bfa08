// Upgrading to users as records: every distinct user an API token names (in its canonical
// spelling: trimmed, NFKC, lower case, as src/domain/user-name.ts) becomes an active User that
// may be given every role its tokens carry, created by `system:upgrade` when its first token was;
// each token is linked to it, so that no token stops working. Idempotent: MERGE creates a user,
// and a link, only IF NOT EXISTS, so running it again changes nothing.
MATCH (t:ApiToken)
WITH toLower(normalize(trim(t.user), NFKC)) AS name, t
UNWIND t.roles AS role
WITH name, collect(DISTINCT role) AS roles, collect(DISTINCT t) AS tokens, min(t.createdAt) AS since
MERGE (u:User {name: name})
ON CREATE SET u.id = randomUUID(),
              u.displayName = null,
              u.roles = roles,
              u.createdBy = 'system:upgrade',
              u.createdAt = coalesce(since, datetime()),
              u.deactivatedAt = null,
              u.deactivatedBy = null
WITH u, tokens
UNWIND tokens AS t
MERGE (u)-[:HOLDS]->(t)
