// Returns the current state of each CI whose key is in $keys; unknown keys give no row.
UNWIND $keys AS key
MATCH (ci:CI {key: key})
RETURN ci { .* } AS ci
