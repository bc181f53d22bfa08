// Returns, for each CI whose id is in $ids, up to $limit of its relationships by type then id,
// after the cursor ($afterType, $afterId; null: from the first): both directions, or only those
// leaving the CI ($direction 'OUTGOING') or reaching it ('INCOMING'); of any type, or of $types;
// in force now ($asOf null) or at $asOf, and also ended ones when $includeRemoved (created by
// $asOf, if given). Unknown ids and pages past the last give no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})
CALL (ci) {
  MATCH (ci)-[r]-(:CI)
  WHERE (($includeRemoved AND ($asOf IS NULL OR r.validFrom <= datetime($asOf)))
     OR ($asOf IS NULL AND r.validTo IS NULL)
     OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
         AND (r.validTo IS NULL OR r.validTo > datetime($asOf))))
    AND ($direction IS NULL OR ($direction = 'OUTGOING') = (startNode(r) = ci))
    AND ($types IS NULL OR type(r) IN $types)
    AND ($afterType IS NULL OR type(r) > $afterType OR (type(r) = $afterType AND r.id > $afterId))
  RETURN r
  ORDER BY type(r), r.id
  LIMIT $limit
}
RETURN id, r { .*, type: type(r), fromId: startNode(r).id, toId: endNode(r).id } AS relationship
