// Writes each row's full new state ({id, props, operation, changes}) over the CI, bumps its
// revision, closes its current version and opens a new one. Returns each updated CI; an
// unknown id gives no row. The new version carries $importId (null unless an import writes;
// the CI's own importId names the import that created it and stays). Its HasCriticality and
// RedundancyGroup labels follow its criticality and minimumMembers (ADR 020 decision 9).
UNWIND $rows AS row
MATCH (ci:CI {id: row.id})
OPTIONAL MATCH (ci)-[:HAS_VERSION]->(current:CIVersion)
  WHERE current.validTo IS NULL
SET current.validTo = datetime($now)
SET ci += row.props,
    ci.updatedAt = datetime($now),
    ci.revision = ci.revision + 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN coalesce(ci.retiredAt, datetime($now)) END
FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [] ELSE [1] END | SET ci:HasCriticality)
FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [1] ELSE [] END | REMOVE ci:HasCriticality)
FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [] ELSE [1] END | SET ci:RedundancyGroup)
FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [1] ELSE [] END | REMOVE ci:RedundancyGroup)
CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
SET v = properties(ci),
    v.ciId = ci.id,
    v.validFrom = datetime($now),
    v.operation = row.operation,
    v.changes = row.changes,
    v.actor = $actor,
    v.reason = $reason,
    v.rfcId = $rfcId,
    v.importId = $importId
REMOVE v.id
RETURN ci { .* } AS ci
