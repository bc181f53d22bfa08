// How many integrity runs are kept: the totalCount of the integrityRuns connection.
MATCH (r:IntegrityRun)
RETURN count(r) AS total
