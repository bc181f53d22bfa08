// Unauthorized changes by id (one is turned into an RFC) and by CI key.
CREATE CONSTRAINT unauthorized_change_id IF NOT EXISTS
FOR (u:UnauthorizedChange) REQUIRE u.id IS UNIQUE
