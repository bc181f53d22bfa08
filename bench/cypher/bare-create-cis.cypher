// Bench baseline only: one CI per row ($rows: the document's CI entries, attributes as JSON text).
UNWIND $rows AS row
CREATE (c:CI)
SET c = row
