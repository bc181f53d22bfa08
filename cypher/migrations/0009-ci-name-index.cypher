// Finding CIs by name (and duplicate names, for the integrity checks).
CREATE INDEX ci_name IF NOT EXISTS
FOR (ci:CI) ON (ci.name)
