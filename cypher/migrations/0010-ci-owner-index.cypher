// Listing CIs by owner.
CREATE INDEX ci_owner IF NOT EXISTS
FOR (ci:CI) ON (ci.owner)
