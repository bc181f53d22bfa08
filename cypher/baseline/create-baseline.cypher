// Creates a baseline ({id, name, description, scope (JSON text), asOf}) taken at $now by $actor.
// Its content is added by add-baseline-items and add-baseline-links in the same transaction.
CREATE (b:Baseline)
SET b = $props,
    b.takenAt = datetime($now),
    b.takenBy = $actor,
    b.asOf = CASE WHEN $asOf IS NULL THEN null ELSE datetime($asOf) END
RETURN b { .* } AS baseline
