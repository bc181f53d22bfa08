// Returns the current state of each CI whose id is in $ids; unknown ids give no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})
RETURN ci { .* } AS ci
