// The field owners (JSON text: field -> {source, at}) of the CIs with these $ids; a CI no
// discovery wrote gives no row.
UNWIND $ids AS id
MATCH (p:CIProvenance {ciId: id})
RETURN p.ciId AS ciId, p.fields AS fields
