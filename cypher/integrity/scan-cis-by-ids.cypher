// The CIs of $ids (a scope, a chunk at a time) with what the integrity rules need, as
// scan-cis-page gives them.
UNWIND $ids AS id
MATCH (c:CI {id: id})
RETURN c { .* } AS ci,
       COUNT { (c)-[r]-(:CI) WHERE r.validTo IS NULL } AS relationships,
       EXISTS { MATCH (i:BaselineItem) WHERE i.ciId = c.id } AS inBaseline
ORDER BY c.key
