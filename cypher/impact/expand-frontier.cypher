// For each CI id in $ids, returns its neighbours across relationships in force: along incoming
// relationships of the types in $incoming and outgoing ones of the types in $outgoing (the
// caller picks them from each type's dependent end and the direction of the walk). Retired CIs
// are left out. No rows for a CI with no such neighbour.
UNWIND $ids AS id
MATCH (n:CI {id: id})
CALL (n) {
  MATCH (n)<-[r:$any($incoming)]-(m:CI)
  WHERE r.validTo IS NULL AND m.lifecycle <> 'RETIRED'
  RETURN type(r) AS type, m
  UNION ALL
  MATCH (n)-[r:$any($outgoing)]->(m:CI)
  WHERE r.validTo IS NULL AND m.lifecycle <> 'RETIRED'
  RETURN type(r) AS type, m
}
RETURN id AS fromId, type, m.id AS id, m.key AS key, m.type AS ciType, m.criticality AS criticality,
       m.minimumMembers AS minimumMembers
