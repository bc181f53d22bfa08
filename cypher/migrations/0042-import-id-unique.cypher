// An import's journal (:Import {id, state, …}): one per streamed import, found by id.
CREATE CONSTRAINT import_id IF NOT EXISTS
FOR (i:Import) REQUIRE i.id IS UNIQUE
