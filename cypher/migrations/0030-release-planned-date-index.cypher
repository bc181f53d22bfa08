// The release calendar reads releases by planned date.
CREATE INDEX release_planned_date IF NOT EXISTS
FOR (r:Release) ON (r.plannedDate)
