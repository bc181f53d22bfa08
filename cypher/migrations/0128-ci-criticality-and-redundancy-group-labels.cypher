// Labels HasCriticality every CI with a criticality and RedundancyGroup every CI with
// minimumMembers, and takes either label off a CI without the property, as every CI write now
// keeps them (ADR 020 decision 9): the walk procedure stops reading a CI's properties once it has
// those every CI has and, on a CI so labelled, its criticality or minimum, so a store written
// before the labels needs them on every such CI. Only CIs out of step are written, in
// transactions of 10,000 (a migration runs auto-commit). Idempotent: SET adds a label only
// IF NOT EXISTS on the node, REMOVE takes off only one it has, and a second run finds no CI out
// of step, so a start interrupted half-way finishes it on the next one.
MATCH (c:CI)
WHERE (c.criticality IS NOT NULL) <> (c:HasCriticality)
   OR (c.minimumMembers IS NOT NULL) <> (c:RedundancyGroup)
CALL (c) {
  FOREACH (_ IN CASE WHEN c.criticality IS NULL THEN [] ELSE [1] END | SET c:HasCriticality)
  FOREACH (_ IN CASE WHEN c.criticality IS NULL THEN [1] ELSE [] END | REMOVE c:HasCriticality)
  FOREACH (_ IN CASE WHEN c.minimumMembers IS NULL THEN [] ELSE [1] END | SET c:RedundancyGroup)
  FOREACH (_ IN CASE WHEN c.minimumMembers IS NULL THEN [1] ELSE [] END | REMOVE c:RedundancyGroup)
} IN TRANSACTIONS OF 10000 ROWS
