// One page of CIs in key order after $after ("" for the first page, a range seek on the key index)
// with what the integrity rules need: the relationships in force at each, and whether a
// baseline holds it.
MATCH (c:CI)
WHERE c.key > $after
WITH c
ORDER BY c.key
LIMIT $limit
RETURN c { .* } AS ci,
       COUNT { (c)-[r]-(:CI) WHERE r.validTo IS NULL } AS relationships,
       EXISTS { MATCH (i:BaselineItem) WHERE i.ciId = c.id } AS inBaseline
ORDER BY c.key
