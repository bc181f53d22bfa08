// Test only: how many CIs carry a HasCriticality or RedundancyGroup label their properties do not
// call for, or lack one they do (ADR 020 decision 9: every CI write keeps them in step).
MATCH (c:CI)
WHERE (c.criticality IS NOT NULL) <> (c:HasCriticality)
   OR (c.minimumMembers IS NOT NULL) <> (c:RedundancyGroup)
RETURN count(*) AS outOfStep
