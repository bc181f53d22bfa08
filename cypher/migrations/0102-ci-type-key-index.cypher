// Pages of CIs of some types in key order: one ordered run per type (ADR 016).
CREATE INDEX ci_type_key IF NOT EXISTS
FOR (ci:CI) ON (ci.type, ci.key)
