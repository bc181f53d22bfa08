// Deletes up to $limit CIs the import $importId created, with their versions and the signature
// nodes of relationships others attached to them meanwhile; returns how many (0: none left).
MATCH (ci:CI {importId: $importId})
WITH ci LIMIT $limit
CALL (ci) {
  OPTIONAL MATCH (ci)-[r]-(other:CI)
    WHERE r.validTo IS NULL
  OPTIONAL MATCH (s:RelationshipInForce {signature: startNode(r).id + '|' + type(r) + '|' + endNode(r).id})
    USING INDEX s:RelationshipInForce(signature)
  DELETE s
}
CALL (ci) {
  OPTIONAL MATCH (ci)-[:HAS_VERSION]->(v:CIVersion)
  DETACH DELETE v
}
DETACH DELETE ci
RETURN count(*) AS undone
