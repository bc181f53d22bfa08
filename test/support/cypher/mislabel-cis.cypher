// Test only: puts every CI's HasCriticality and RedundancyGroup labels out of step with its
// properties (a CI with a criticality unlabelled, one without labelled; the same for
// minimumMembers), as a store written before migration 0128 has them at worst.
MATCH (c:CI)
FOREACH (_ IN CASE WHEN c.criticality IS NULL THEN [1] ELSE [] END | SET c:HasCriticality)
FOREACH (_ IN CASE WHEN c.criticality IS NULL THEN [] ELSE [1] END | REMOVE c:HasCriticality)
FOREACH (_ IN CASE WHEN c.minimumMembers IS NULL THEN [1] ELSE [] END | SET c:RedundancyGroup)
FOREACH (_ IN CASE WHEN c.minimumMembers IS NULL THEN [] ELSE [1] END | REMOVE c:RedundancyGroup)
