// A configuration item is addressed by its server-made UUID.
CREATE CONSTRAINT ci_id IF NOT EXISTS
FOR (ci:CI) REQUIRE ci.id IS UNIQUE
