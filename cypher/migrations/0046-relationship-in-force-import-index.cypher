// The relationships an import created (their signature node's importId), which its abort deletes.
CREATE INDEX relationship_in_force_import IF NOT EXISTS
FOR (s:RelationshipInForce) ON (s.importId)
