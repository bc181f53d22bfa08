// Records an integrity run ({id, scope, results: JSON text, failed}) at $now by $actor.
CREATE (r:IntegrityRun)
SET r = $props,
    r.at = datetime($now),
    r.by = $actor
RETURN r { .* } AS run
