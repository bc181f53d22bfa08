// Records that CI $id was checked against reality at $now by $actor (no new revision: its
// configuration did not change). Returns the CI; no row when there is none.
MATCH (c:CI {id: $id})
SET c.verifiedAt = datetime($now),
    c.verifiedBy = $actor
RETURN c { .* } AS ci
