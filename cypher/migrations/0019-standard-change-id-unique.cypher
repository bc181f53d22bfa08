// A standard change template is addressed by its server-made UUID.
CREATE CONSTRAINT standard_change_id IF NOT EXISTS
FOR (s:StandardChange) REQUIRE s.id IS UNIQUE
