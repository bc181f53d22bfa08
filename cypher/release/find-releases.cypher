// The releases with these ids, or this "name version" (those that exist).
MATCH (r:Release)
WHERE r.id IN $ids OR r.nameVersion = $nameVersion
RETURN r { .* } AS release
