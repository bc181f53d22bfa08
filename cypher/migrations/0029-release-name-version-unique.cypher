// One release per name and version ("shop 2.4.0").
CREATE CONSTRAINT release_name_version IF NOT EXISTS
FOR (r:Release) REQUIRE r.nameVersion IS UNIQUE
