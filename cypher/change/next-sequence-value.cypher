// Takes the next value of the counter $name (1 for a new counter), under the counter's write
// lock: two transactions never get the same value.
MERGE (s:Sequence {name: $name})
  ON CREATE SET s.value = 0
SET s.value = s.value + 1
RETURN s.value AS value
