// The store's identity: made with $id on first use, then always the same one. Returns one row.
// A CLI compares it with the id its data directory recorded, to be sure it talks to its store.
MERGE (s:StoreIdentity {singleton: true})
  ON CREATE SET s.id = $id, s.createdAt = datetime()
RETURN s.id AS id
