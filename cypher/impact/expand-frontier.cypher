// One level of an impact walk. For each frontier CI in $frontier (element ids), returns one row:
// its own state (read once here, not once per edge that reached it), its member count when it is
// a redundancy group (members related by a type in $groupIsTarget / $groupIsSource), and its
// neighbours in force as [relationship type, element id] pairs: along incoming relationships of
// the types in $incoming and outgoing ones of the types in $outgoing. A frontier CI that no
// longer exists gives no row.
UNWIND $frontier AS eid
MATCH (n:CI)
WHERE elementId(n) = eid
OPTIONAL CALL (n) {
  MATCH (n)<-[r:$any($incoming)]-(m:CI)
  WHERE r.validTo IS NULL
  RETURN type(r) AS type, elementId(m) AS to
  UNION ALL
  MATCH (n)-[r:$any($outgoing)]->(m:CI)
  WHERE r.validTo IS NULL
  RETURN type(r) AS type, elementId(m) AS to
}
WITH eid, n, collect(CASE WHEN to IS NULL THEN null ELSE [type, to] END) AS edges
RETURN eid, n.id AS id, n.key AS key, n.type AS ciType, n.lifecycle AS lifecycle,
       n.criticality AS criticality, n.minimumMembers AS minimumMembers,
       CASE WHEN n.minimumMembers IS NULL THEN null ELSE
         COUNT { (n)<-[g:$any($groupIsTarget)]-(x:CI) WHERE g.validTo IS NULL AND x.lifecycle <> 'RETIRED' }
         + COUNT { (n)-[g:$any($groupIsSource)]->(x:CI) WHERE g.validTo IS NULL AND x.lifecycle <> 'RETIRED' }
       END AS members,
       edges
