// Pages of CIs of one owner in key order (ADR 016): seek the owner, then walk its keys.
CREATE INDEX ci_owner_key IF NOT EXISTS
FOR (ci:CI) ON (ci.owner, ci.key)
