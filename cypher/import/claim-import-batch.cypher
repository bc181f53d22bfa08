// Takes the write lock on the import $id and returns it when it is RUNNING and has committed
// exactly $batches batches (so two processes cannot both write the next one, and an abort
// waits for a batch in flight); no row otherwise.
MATCH (i:Import {id: $id})
SET i._lock = true
REMOVE i._lock
WITH i
WHERE i.state = 'RUNNING' AND i.batches = $batches
RETURN i.id AS id
