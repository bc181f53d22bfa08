// Profile only: a relationship per row ({fromId, toId, type}) between CIs found by id, nothing else.
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})
MATCH (b:CI {id: row.toId})
CREATE (a)-[:$(row.type)]->(b)
