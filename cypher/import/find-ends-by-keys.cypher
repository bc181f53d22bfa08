// What an import's relationships need of their ends: for each CI whose key is in $keys, its
// key, id, type and lifecycle (nothing else to send and decode); unknown keys give no row.
UNWIND $keys AS key
MATCH (ci:CI {key: key})
RETURN ci.key AS key, ci.id AS id, ci.type AS type, ci.lifecycle AS lifecycle
