// Relationship types are data: one node per type, by name.
CREATE CONSTRAINT relationship_type_name IF NOT EXISTS
FOR (t:RelationshipType) REQUIRE t.name IS UNIQUE
