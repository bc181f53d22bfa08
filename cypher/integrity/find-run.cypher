// The integrity run $id; no row when there is none.
MATCH (r:IntegrityRun {id: $id})
RETURN r { .* } AS run
