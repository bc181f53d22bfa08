// Ends the relationship $id leaving the CI $fromId (it stays as history, no longer in force),
// deletes its signature node, bumps both ends' relationship revision, labels both ends
// HasEndedRelationship (the walk procedure checks relationships for validTo only on CIs so
// labelled: ADR 020), and returns it; no row when there is none.
MATCH (a:CI {id: $fromId})-[r]->(b:CI)
WHERE r.id = $id
SET r.validTo = datetime($now),
    r.removedBy = $actor,
    r.removeReason = $reason,
    r.removeRfcId = $rfcId,
    r.revision = r.revision + 1,
    a.relRevision = coalesce(a.relRevision, 0) + 1,
    b.relRevision = coalesce(b.relRevision, 0) + 1
SET a:HasEndedRelationship, b:HasEndedRelationship
WITH a, r, b
OPTIONAL MATCH (s:RelationshipInForce {signature: a.id + '|' + type(r) + '|' + b.id})
  USING INDEX s:RelationshipInForce(signature)
WHERE s.id = r.id
DELETE s
RETURN r { .*, type: type(r), fromId: a.id, toId: b.id } AS relationship
