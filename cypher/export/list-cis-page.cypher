// Returns up to $limit CIs (retired ones too) in key order after $after: one page of an export.
MATCH (ci:CI)
WHERE $after IS NULL OR ci.key > $after
RETURN ci { .* } AS ci
ORDER BY ci.key
LIMIT $limit
