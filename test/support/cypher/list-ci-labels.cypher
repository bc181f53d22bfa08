// Test only: each CI's key and which of HasCriticality and RedundancyGroup it carries, in key
// order.
MATCH (c:CI)
RETURN c.key AS key,
       [label IN ['HasCriticality', 'RedundancyGroup'] WHERE label IN labels(c)] AS labels
ORDER BY key
