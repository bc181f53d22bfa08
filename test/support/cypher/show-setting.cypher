// Test only: the value of the Neo4j setting $name in force.
SHOW SETTINGS YIELD name, value
WHERE name = $name
RETURN value
