// Appends events ({id, rfcId, kind, fromState, toState, text, assessment, seq}) to their RFCs'
// histories, all at $now by $actor (seq orders those of one instant). Only ever created.
UNWIND $rows AS row
MATCH (r:Rfc {id: row.rfcId})
CREATE (r)-[:HAS_EVENT]->(e:RfcEvent)
SET e = row,
    e.at = datetime($now),
    e.actor = $actor
RETURN count(e) AS recorded
