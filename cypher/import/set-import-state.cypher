// Moves the import $id to $state ($outcome says why), stamped by $actor; returns it, or no row
// when there is no such import.
MATCH (i:Import {id: $id})
SET i.state = $state,
    i.outcome = $outcome,
    i.finishedBy = $actor,
    i.updatedAt = datetime()
RETURN i { .* } AS import
