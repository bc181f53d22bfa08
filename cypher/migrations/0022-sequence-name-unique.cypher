// Counters (RFC numbers) are one node per name.
CREATE CONSTRAINT sequence_name IF NOT EXISTS
FOR (s:Sequence) REQUIRE s.name IS UNIQUE
