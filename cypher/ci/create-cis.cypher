// Creates one CI per row ({props: all CI fields with id, operation, changes (JSON text)}) at
// revision 1, with its first version; $importId (null unless an import writes) marks both.
// Labels it HasCriticality / RedundancyGroup when it has a criticality / minimumMembers (the
// walk procedure reads those properties only on CIs so labelled: ADR 020 decision 9).
// Returns each created CI.
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
    ci.importId = $importId
FOREACH (_ IN CASE WHEN ci.criticality IS NULL THEN [] ELSE [1] END | SET ci:HasCriticality)
FOREACH (_ IN CASE WHEN ci.minimumMembers IS NULL THEN [] ELSE [1] END | SET ci:RedundancyGroup)
CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
SET v = properties(ci),
    v.ciId = ci.id,
    v.validFrom = datetime($now),
    v.operation = row.operation,
    v.changes = row.changes,
    v.actor = $actor,
    v.reason = $reason,
    v.rfcId = $rfcId
REMOVE v.id
RETURN ci { .* } AS ci
