// The freeze windows with these ids, lifted or not (those that exist).
MATCH (f:FreezeWindow)
WHERE f.id IN $ids
RETURN f { .* } AS window
