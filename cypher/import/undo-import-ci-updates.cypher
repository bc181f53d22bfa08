// For up to $limit versions the import $importId wrote over existing CIs: puts the CI back to
// the version before (same revision as then, the relationship revision kept) and deletes the
// import's version; returns how many versions it handled (0: none left) and how many CIs it
// kept because a later write moved them on (their import version stays, as history). A CI put
// back gets the HasCriticality and RedundancyGroup labels of its state then (ADR 020 decision 9).
MATCH (v:CIVersion {importId: $importId})
WITH v LIMIT $limit
MATCH (ci:CI)-[:HAS_VERSION]->(v)
OPTIONAL MATCH (ci)-[:HAS_VERSION]->(before:CIVersion {revision: v.revision - 1})
WITH ci, v, before, ci.revision = v.revision AND before IS NOT NULL AS restorable
CALL (ci, v, before, restorable) {
  WITH ci, v, before, ci.id AS id, ci.relRevision AS relRevision, ci.importId AS creator
  WHERE restorable
  SET ci = properties(before)
  SET ci.id = id,
      ci.relRevision = relRevision,
      ci.importId = creator,
      before.validTo = null
  REMOVE ci.ciId, ci.validFrom, ci.validTo, ci.operation, ci.changes, ci.actor, ci.reason,
         ci.rfcId
  FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [] ELSE [1] END | SET ci:HasCriticality)
  FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [1] ELSE [] END | REMOVE ci:HasCriticality)
  FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [] ELSE [1] END | SET ci:RedundancyGroup)
  FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [1] ELSE [] END | REMOVE ci:RedundancyGroup)
  DETACH DELETE v
}
CALL (v, restorable) {
  WITH v
  WHERE NOT restorable
  REMOVE v.importId
}
RETURN count(*) AS handled, sum(CASE WHEN restorable THEN 0 ELSE 1 END) AS kept
