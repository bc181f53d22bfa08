// The RFCs with these ids (those that exist).
MATCH (r:Rfc)
WHERE r.id IN $ids
RETURN r { .* } AS rfc
