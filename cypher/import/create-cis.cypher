// An import's ci/create-cis: one CI per row ({id, props: the CI's fields without id, operation})
// at revision 1 with its first version, both marked with $importId. The version is written from
// the row, not copied from the CI, and holds no change list: a first version without one lists
// every field of its state, from nothing (ADR 012 decision 10; the history reads derive it).
// The CI is labelled HasCriticality / RedundancyGroup when it has a criticality /
// minimumMembers, as ci/create-cis does (ADR 020 decision 9). Returns only how many it created
// (an import reads nothing back).
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.id = row.id,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
    ci.importId = $importId
FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [] ELSE [1] END | SET ci:HasCriticality)
FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [] ELSE [1] END | SET ci:RedundancyGroup)
CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
SET v = row.props,
    v.createdAt = datetime($now),
    v.updatedAt = datetime($now),
    v.revision = 1,
    v.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
    v.importId = $importId,
    v.ciId = row.id,
    v.validFrom = datetime($now),
    v.operation = row.operation,
    v.actor = $actor,
    v.reason = $reason,
    v.rfcId = $rfcId
RETURN count(*) AS created
