// Waits until every index and constraint is online (populated), or fails after $seconds: an
// initial load's store answers at the speed of its indexes only once they are.
CALL db.awaitIndexes($seconds)
