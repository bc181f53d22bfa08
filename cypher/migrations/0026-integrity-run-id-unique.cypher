// An integrity run is addressed by its server-made UUID.
CREATE CONSTRAINT integrity_run_id IF NOT EXISTS
FOR (r:IntegrityRun) REQUIRE r.id IS UNIQUE
