// The kind of each id (every kind that implements the GraphQL Node interface), from the
// unique id constraint of its label; an id of no kind is left out.
UNWIND $ids AS id
CALL {
  WITH id
  MATCH (:CI {id: id})
  RETURN 'CI' AS kind
  UNION
  WITH id
  MATCH (:Rfc {id: id})
  RETURN 'Rfc' AS kind
  UNION
  WITH id
  MATCH (:Release {id: id})
  RETURN 'Release' AS kind
  UNION
  WITH id
  MATCH (:Baseline {id: id})
  RETURN 'Baseline' AS kind
  UNION
  WITH id
  MATCH (:StandardChange {id: id})
  RETURN 'StandardChange' AS kind
  UNION
  WITH id
  MATCH (:FreezeWindow {id: id})
  RETURN 'FreezeWindow' AS kind
  UNION
  WITH id
  MATCH (:ApiToken {id: id})
  RETURN 'ApiToken' AS kind
  UNION
  WITH id
  MATCH (:User {id: id})
  RETURN 'User' AS kind
  UNION
  WITH id
  MATCH (:IntegrityRun {id: id})
  RETURN 'IntegrityRun' AS kind
  UNION
  WITH id
  MATCH (:AuditEntry {id: id})
  RETURN 'AuditEntry' AS kind
}
RETURN id, kind
