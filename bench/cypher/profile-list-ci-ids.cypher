// Profile only: the ids of up to $limit CIs.
MATCH (c:CI)
RETURN c.id AS id
LIMIT $limit
