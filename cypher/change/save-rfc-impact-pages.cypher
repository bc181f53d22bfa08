// Stores the impacted CIs of assessment $assessment of RFC $rfcId as pages ($pages: index, last =
// the sort key of its last CI, items = its CIs as JSON text, in distance, level, key order),
// replacing the pages of the RFC's earlier assessments. Returns how many pages it stored.
OPTIONAL MATCH (old:RfcImpactPage {rfcId: $rfcId})
WITH collect(old) AS olds
FOREACH (o IN olds | DELETE o)
WITH 1 AS one
UNWIND $pages AS p
CREATE (:RfcImpactPage {rfcId: $rfcId, assessment: $assessment, index: p.index, last: p.last,
                        items: p.items})
RETURN count(*) AS pages
