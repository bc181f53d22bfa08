// A CI's field owners (which source wrote each field, when), by CI id.
CREATE CONSTRAINT ci_provenance_ci_id IF NOT EXISTS
FOR (p:CIProvenance) REQUIRE p.ciId IS UNIQUE
