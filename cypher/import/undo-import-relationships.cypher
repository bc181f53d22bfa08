// Deletes up to $limit relationships the import $importId created, with their signature
// nodes; returns how many it deleted (0: none left). A relationship someone else ended
// meanwhile has no signature node any more and stays, as history.
MATCH (s:RelationshipInForce {importId: $importId})
WITH s LIMIT $limit
WITH s, split(s.signature, '|') AS end
OPTIONAL MATCH (:CI {id: end[0]})-[r:$(end[1])]->(:CI {id: end[2]})
  WHERE r.id = s.id
DELETE r, s
RETURN count(s) AS undone
