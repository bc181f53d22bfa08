// Bench baseline only: one relationship per row ($rows: {from, to, type} by CI key).
UNWIND $rows AS row
MATCH (a:CI {key: row.from})
MATCH (b:CI {key: row.to})
CREATE (a)-[:$(row.type)]->(b)
