// Creates one relationship per row ({id, fromId, toId, type}) at revision 1, in force from now,
// with its signature node (:RelationshipInForce, unique: a second one in force fails the
// write), and bumps both ends' relationship revision (what an RFC assessment and a back-out
// compare). $importId marks what an import wrote (null otherwise). Returns each one created;
// a row whose CIs do not exist gives no row.
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})
MATCH (b:CI {id: row.toId})
CREATE (a)-[r:$(row.type)]->(b)
SET r.id = row.id,
    r.validFrom = datetime($now),
    r.createdBy = $actor,
    r.reason = $reason,
    r.rfcId = $rfcId,
    r.revision = 1
CREATE (:RelationshipInForce {
  signature: a.id + '|' + row.type + '|' + b.id,
  id: row.id,
  importId: $importId
})
SET a.relRevision = coalesce(a.relRevision, 0) + 1,
    b.relRevision = coalesce(b.relRevision, 0) + 1
RETURN r { .*, type: type(r), fromId: a.id, toId: b.id } AS relationship
