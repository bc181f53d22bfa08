// As list-scope-ci-ids, with each CI as it was at $asOf (its version in force then).
MATCH (v:CIVersion)
WHERE v.validFrom <= datetime($asOf)
  AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
  AND v.lifecycle <> 'RETIRED'
  AND ($environment IS NULL OR v.environment = $environment)
  AND ($types IS NULL OR v.type IN $types)
RETURN v.ciId AS id
LIMIT $limit
