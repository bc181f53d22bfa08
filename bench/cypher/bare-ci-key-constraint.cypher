// Bench baseline only: the key constraint a hand-written load needs to match relationships' ends.
CREATE CONSTRAINT bare_ci_key IF NOT EXISTS FOR (c:CI) REQUIRE c.key IS UNIQUE
