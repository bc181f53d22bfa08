// A baseline is addressed by its server-made UUID.
CREATE CONSTRAINT baseline_id IF NOT EXISTS
FOR (b:Baseline) REQUIRE b.id IS UNIQUE
