// Returns one row (ok = 1) when the database answers queries.
RETURN 1 AS ok
