// The stored pages of assessment $assessment of RFC $rfcId whose last CI sorts after $after (the
// sort key of a cursor; "" for the start), in order, at most $limit: their CIs as JSON text and
// the sort key of their last CI. No rows past the end (or for an assessment with no pages).
MATCH (p:RfcImpactPage {rfcId: $rfcId, assessment: $assessment})
WHERE p.last > $after
RETURN p.items AS items, p.last AS last
ORDER BY p.last
LIMIT $limit
