// Records, with the batch it follows, how far the import $id got ($progress: position, counts,
// errors, errorCount, digest) and counts the batch. Returns its id.
MATCH (i:Import {id: $id})
SET i += $progress,
    i.batches = i.batches + 1,
    i.updatedAt = datetime()
RETURN i.id AS id
