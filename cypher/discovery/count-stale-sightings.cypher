// How many CIs list-stale-sightings-page lists for $source over every page.
MATCH (s:DiscoverySighting {source: $source})
WHERE s.stale = true
MATCH (c:CI {id: s.ciId})
WHERE c.lifecycle <> 'RETIRED'
RETURN count(c) AS total
