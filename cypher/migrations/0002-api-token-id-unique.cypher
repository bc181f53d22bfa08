// API tokens are addressed by a server-made id (shown in listings; never the secret).
CREATE CONSTRAINT api_token_id IF NOT EXISTS
FOR (t:ApiToken) REQUIRE t.id IS UNIQUE
