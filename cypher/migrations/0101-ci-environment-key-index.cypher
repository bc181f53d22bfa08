// Pages of CIs of one environment in key order (ADR 016).
CREATE INDEX ci_environment_key IF NOT EXISTS
FOR (ci:CI) ON (ci.environment, ci.key)
