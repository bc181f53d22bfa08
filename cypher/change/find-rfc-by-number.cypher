// The RFC numbered $number (RFC-<number>), if any.
MATCH (r:Rfc {number: $number})
RETURN r { .* } AS rfc
