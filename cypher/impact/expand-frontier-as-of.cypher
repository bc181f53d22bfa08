// Like expand-frontier, over the relationships and CI states in force at $asOf (ISO date-time):
// a frontier CI that did not exist then gives no row; its state and its members' are those of then.
UNWIND $frontier AS eid
MATCH (n:CI)
WHERE elementId(n) = eid
MATCH (n)-[:HAS_VERSION]->(v:CIVersion)
WHERE v.validFrom <= datetime($asOf) AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
OPTIONAL CALL (n) {
  MATCH (n)<-[r:$any($incoming)]-(m:CI)
  WHERE r.validFrom <= datetime($asOf) AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
  RETURN type(r) AS type, elementId(m) AS to
  UNION ALL
  MATCH (n)-[r:$any($outgoing)]->(m:CI)
  WHERE r.validFrom <= datetime($asOf) AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
  RETURN type(r) AS type, elementId(m) AS to
}
WITH eid, n, v, collect(CASE WHEN to IS NULL THEN null ELSE [type, to] END) AS edges
RETURN eid, n.id AS id, v.key AS key, v.type AS ciType, v.lifecycle AS lifecycle,
       v.criticality AS criticality, v.minimumMembers AS minimumMembers,
       CASE WHEN v.minimumMembers IS NULL THEN null ELSE
         COUNT { (n)<-[g:$any($groupIsTarget)]-(x:CI)
                 WHERE g.validFrom <= datetime($asOf) AND (g.validTo IS NULL OR g.validTo > datetime($asOf))
                   AND EXISTS { (x)-[:HAS_VERSION]->(xv:CIVersion)
                                WHERE xv.validFrom <= datetime($asOf)
                                  AND (xv.validTo IS NULL OR xv.validTo > datetime($asOf))
                                  AND xv.lifecycle <> 'RETIRED' } }
         + COUNT { (n)-[g:$any($groupIsSource)]->(x:CI)
                   WHERE g.validFrom <= datetime($asOf) AND (g.validTo IS NULL OR g.validTo > datetime($asOf))
                     AND EXISTS { (x)-[:HAS_VERSION]->(xv:CIVersion)
                                  WHERE xv.validFrom <= datetime($asOf)
                                    AND (xv.validTo IS NULL OR xv.validTo > datetime($asOf))
                                    AND xv.lifecycle <> 'RETIRED' } }
       END AS members,
       edges
