// People name a request for change by its number (RFC-42).
CREATE CONSTRAINT rfc_number IF NOT EXISTS
FOR (r:Rfc) REQUIRE r.number IS UNIQUE
