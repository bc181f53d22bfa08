// One store identity per database: two instances starting together cannot make two.
CREATE CONSTRAINT store_identity_singleton IF NOT EXISTS
FOR (s:StoreIdentity) REQUIRE s.singleton IS UNIQUE
