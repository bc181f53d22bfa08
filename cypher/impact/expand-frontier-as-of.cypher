// Like expand-frontier, over the relationships and CI states in force at $asOf (ISO date-time):
// CIs that did not exist then, or were retired then, are left out.
UNWIND $ids AS id
MATCH (n:CI {id: id})
CALL (n) {
  MATCH (n)<-[r:$any($incoming)]-(m:CI)
  WHERE r.validFrom <= datetime($asOf) AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
  RETURN type(r) AS type, m
  UNION ALL
  MATCH (n)-[r:$any($outgoing)]->(m:CI)
  WHERE r.validFrom <= datetime($asOf) AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
  RETURN type(r) AS type, m
}
MATCH (m)-[:HAS_VERSION]->(v:CIVersion)
WHERE v.validFrom <= datetime($asOf) AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
  AND v.lifecycle <> 'RETIRED'
RETURN id AS fromId, type, m.id AS id, v.key AS key, v.type AS ciType, v.criticality AS criticality,
       v.minimumMembers AS minimumMembers
