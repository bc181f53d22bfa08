// Profile only: with the signature node (unique signature, indexed importId), no bumps.
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})
MATCH (b:CI {id: row.toId})
CREATE (a)-[r:$(row.type)]->(b)
SET r.id = row.id,
    r.validFrom = datetime($now),
    r.createdBy = 'profile',
    r.reason = 'profile',
    r.rfcId = null,
    r.revision = 1
CREATE (:RelationshipInForce {
  signature: a.id + '|' + row.type + '|' + b.id,
  id: row.id,
  importId: $importId
})
