// How many relationships the CI $id has under the filters of list-relationships-of-cis-page (0
// when there is no such CI): the totalCount of its relationships.
MATCH (ci:CI {id: $id})-[r]-(:CI)
WHERE (($includeRemoved AND ($asOf IS NULL OR r.validFrom <= datetime($asOf)))
   OR ($asOf IS NULL AND r.validTo IS NULL)
   OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
       AND (r.validTo IS NULL OR r.validTo > datetime($asOf))))
  AND ($direction IS NULL OR ($direction = 'OUTGOING') = (startNode(r) = ci))
  AND ($types IS NULL OR type(r) IN $types)
RETURN count(r) AS total
