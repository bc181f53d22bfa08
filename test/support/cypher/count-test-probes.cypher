// Test harness only: the probe nodes a test migration made.
MATCH (n:GraphCmdbTestProbe)
RETURN count(n) AS probes
