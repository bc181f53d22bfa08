// Integrity runs are listed newest first, a page at a time (the integrityRuns connection).
CREATE INDEX integrity_run_at IF NOT EXISTS
FOR (r:IntegrityRun) ON (r.at)
