// Test harness only: how many nodes the database holds, and whether it carries the test marker.
OPTIONAL MATCH (m:GraphCmdbTestMarker)
WITH count(m) AS markers
MATCH (n)
RETURN count(n) AS nodes, markers
