// A request for change is addressed by its server-made UUID.
CREATE CONSTRAINT rfc_id IF NOT EXISTS
FOR (r:Rfc) REQUIRE r.id IS UNIQUE
