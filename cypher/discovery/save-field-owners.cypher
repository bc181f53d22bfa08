// Stores each row's field owners ({ciId, fields: JSON text}) over the CI's previous ones.
UNWIND $rows AS row
MERGE (p:CIProvenance {ciId: row.ciId})
SET p.fields = row.fields
