// The revision and relationship revision (bumped whenever a relationship at the CI is added or
// removed) of each CI of $ids that exists.
UNWIND $ids AS id
MATCH (c:CI {id: id})
RETURN c.id AS id, c.key AS key, c.revision AS revision, coalesce(c.relRevision, 0) AS relRevision
