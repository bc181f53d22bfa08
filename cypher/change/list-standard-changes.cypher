// Every standard change template, or those with ids $ids when given, by name.
MATCH (s:StandardChange)
WHERE $ids IS NULL OR s.id IN $ids
RETURN s { .* } AS template
ORDER BY s.name
