// Baselines are listed newest first, a page at a time (the baselines connection).
CREATE INDEX baseline_taken_at IF NOT EXISTS
FOR (b:Baseline) ON (b.takenAt)
