// CI types are data: one node per type, by name.
CREATE CONSTRAINT ci_type_name IF NOT EXISTS
FOR (t:CIType) REQUIRE t.name IS UNIQUE
