// Listing CIs by type (and its subtypes).
CREATE INDEX ci_type IF NOT EXISTS
FOR (ci:CI) ON (ci.type)
