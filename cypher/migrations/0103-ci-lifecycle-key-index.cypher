// Pages of CIs of some lifecycles in key order: one ordered run per lifecycle (ADR 016).
CREATE INDEX ci_lifecycle_key IF NOT EXISTS
FOR (ci:CI) ON (ci.lifecycle, ci.key)
