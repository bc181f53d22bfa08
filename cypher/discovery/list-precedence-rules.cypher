// Every precedence rule: per CI type and field (or '*'), the sources highest first.
MATCH (p:DiscoveryPrecedence)
RETURN p { .* } AS rule
ORDER BY p.ciType, p.field
