// For each redundancy group id in $ids, returns how many CIs are its members: related to it by a
// membership type, with the group at the target ($groupIsTarget) or at the source
// ($groupIsSource), in force now ($asOf null) or at $asOf. Members retired (then) do not count.
UNWIND $ids AS id
MATCH (g:CI {id: id})
CALL (g) {
  MATCH (g)<-[r:$any($groupIsTarget)]-(m:CI)
  WHERE ($asOf IS NULL AND r.validTo IS NULL AND m.lifecycle <> 'RETIRED')
     OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
         AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
         AND EXISTS { (m)-[:HAS_VERSION]->(v:CIVersion)
                      WHERE v.validFrom <= datetime($asOf)
                        AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
                        AND v.lifecycle <> 'RETIRED' })
  RETURN m
  UNION
  MATCH (g)-[r:$any($groupIsSource)]->(m:CI)
  WHERE ($asOf IS NULL AND r.validTo IS NULL AND m.lifecycle <> 'RETIRED')
     OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
         AND (r.validTo IS NULL OR r.validTo > datetime($asOf))
         AND EXISTS { (m)-[:HAS_VERSION]->(v:CIVersion)
                      WHERE v.validFrom <= datetime($asOf)
                        AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
                        AND v.lifecycle <> 'RETIRED' })
  RETURN m
}
RETURN id, count(m) AS members
