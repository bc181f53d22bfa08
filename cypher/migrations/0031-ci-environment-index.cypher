// Baselines and integrity runs of an environment find its CIs by environment.
CREATE INDEX ci_environment IF NOT EXISTS
FOR (ci:CI) ON (ci.environment)
