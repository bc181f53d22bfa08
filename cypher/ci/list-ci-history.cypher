// Returns every version of each CI whose id is in $ids, oldest first, with who, when, why and
// what changed; unknown ids give no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})-[:HAS_VERSION]->(v:CIVersion)
RETURN id, v { .* } AS version
ORDER BY id, v.revision
