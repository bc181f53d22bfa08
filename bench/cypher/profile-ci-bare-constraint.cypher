// Profile only: the key constraint of the bare CI create's label.
CREATE CONSTRAINT profile_ci_key IF NOT EXISTS FOR (c:ProfileCI) REQUIRE c.key IS UNIQUE
