// Returns the relationships of each CI whose id is in $ids, both directions, at most $limit per
// CI (by type, then age): those in force now ($asOf null) or at $asOf, and also ended ones when
// $includeRemoved (created by $asOf, if given).
UNWIND $ids AS id
MATCH (ci:CI {id: id})
CALL (ci) {
  MATCH (ci)-[r]-(other:CI)
  WHERE ($includeRemoved AND ($asOf IS NULL OR r.validFrom <= datetime($asOf)))
     OR ($asOf IS NULL AND r.validTo IS NULL)
     OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
         AND (r.validTo IS NULL OR r.validTo > datetime($asOf)))
  RETURN r
  ORDER BY type(r), r.validFrom, r.id
  LIMIT $limit
}
RETURN id, r { .*, type: type(r), fromId: startNode(r).id, toId: endNode(r).id } AS relationship
ORDER BY id, relationship.type, relationship.validFrom
