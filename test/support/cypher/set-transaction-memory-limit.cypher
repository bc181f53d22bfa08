// Test harness only: sets Neo4j's per-transaction memory limit to $value (a size such as
// '4MiB'; '' restores the configured default), as an operator would on a live server.
CALL dbms.setConfigValue('db.memory.transaction.max', $value)
