// Opens the journal of a streamed import ($journal: {id, source, actor, reason, dryRun,
// batchSize, position, counts, errors, errorCount, digest: JSON text or scalars}) in state
// RUNNING. Returns its id.
CREATE (i:Import)
SET i = $journal,
    i.state = 'RUNNING',
    i.batches = 0,
    i.startedAt = datetime($now),
    i.updatedAt = datetime($now)
RETURN i.id AS id
