// Which baselines hold a CI (production CIs not covered by any baseline).
CREATE INDEX baseline_item_ci IF NOT EXISTS
FOR (i:BaselineItem) ON (i.ciId)
