// Users are addressed by a server-made id (the GraphQL Node id).
CREATE CONSTRAINT user_id IF NOT EXISTS
FOR (u:User) REQUIRE u.id IS UNIQUE
