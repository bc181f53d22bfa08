// Returns the element id of each CI whose id is in $ids (valid within the transaction that reads
// it): a walk's frontiers are looked up by element id, without an index seek per CI.
UNWIND $ids AS id
MATCH (n:CI {id: id})
RETURN id, elementId(n) AS eid
