// For each redundancy group id in $ids, returns how many CIs are its members: related to it by a
// membership type, with the group at the target ($groupIsTarget) or at the source
// ($groupIsSource), in force now ($asOf null) or at $asOf. Retired members do not count.
UNWIND $ids AS id
MATCH (g:CI {id: id})
CALL (g) {
  MATCH (g)<-[r:$any($groupIsTarget)]-(m:CI)
  WHERE m.lifecycle <> 'RETIRED'
    AND (($asOf IS NULL AND r.validTo IS NULL)
      OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
          AND (r.validTo IS NULL OR r.validTo > datetime($asOf))))
  RETURN m
  UNION
  MATCH (g)-[r:$any($groupIsSource)]->(m:CI)
  WHERE m.lifecycle <> 'RETIRED'
    AND (($asOf IS NULL AND r.validTo IS NULL)
      OR ($asOf IS NOT NULL AND r.validFrom <= datetime($asOf)
          AND (r.validTo IS NULL OR r.validTo > datetime($asOf))))
  RETURN m
}
RETURN id, count(m) AS members
