// A configuration item's natural key (chosen by a user or by discovery) is unique; the index
// behind it also orders key-cursor pagination.
CREATE CONSTRAINT ci_key IF NOT EXISTS
FOR (ci:CI) REQUIRE ci.key IS UNIQUE
