// Standard change templates have unique names.
CREATE CONSTRAINT standard_change_name IF NOT EXISTS
FOR (s:StandardChange) REQUIRE s.name IS UNIQUE
