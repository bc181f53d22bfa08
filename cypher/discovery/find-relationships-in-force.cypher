// Of $rows ({from, type, to}: CI keys and a relationship type), those in force in the CMDB now.
// Returns each found row's ends and type; a row not in force gives no row.
UNWIND $rows AS row
MATCH (a:CI {key: row.from})-[r]->(b:CI {key: row.to})
WHERE type(r) = row.type AND r.validTo IS NULL
RETURN DISTINCT row.from AS from, row.type AS type, row.to AS to
