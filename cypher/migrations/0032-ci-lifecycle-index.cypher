// The integrity checks start from the CIs not yet in production (PLANNED, TEST) by lifecycle.
CREATE INDEX ci_lifecycle IF NOT EXISTS
FOR (ci:CI) ON (ci.lifecycle)
