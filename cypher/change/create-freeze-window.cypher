// Creates a freeze window ({id, name, reason, serviceIds}) from $start to $end.
CREATE (f:FreezeWindow)
SET f = $props,
    f.start = datetime($start),
    f.end = datetime($end),
    f.createdBy = $actor,
    f.createdAt = datetime($now)
RETURN f { .* } AS window
