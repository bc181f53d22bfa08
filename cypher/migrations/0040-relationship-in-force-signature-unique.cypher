// One (:RelationshipInForce) node per relationship in force, keyed by its signature
// "<fromId>|<TYPE>|<toId>": finding whether a relationship is in force is one index seek,
// whatever the degree of its ends (relationship types are data, so a relationship property
// index, which Neo4j keeps per fixed type, cannot serve). Unique: two writers cannot both add it.
CREATE CONSTRAINT relationship_in_force_signature IF NOT EXISTS
FOR (s:RelationshipInForce) REQUIRE s.signature IS UNIQUE
