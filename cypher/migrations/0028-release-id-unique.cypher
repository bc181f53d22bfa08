// A release is addressed by its server-made UUID.
CREATE CONSTRAINT release_id IF NOT EXISTS
FOR (r:Release) REQUIRE r.id IS UNIQUE
