// Test only: the keys of the CIs labelled HasEndedRelationship, in key order.
MATCH (c:HasEndedRelationship)
RETURN c.key AS key
ORDER BY key
