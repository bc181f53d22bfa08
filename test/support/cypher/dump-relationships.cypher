// Test harness only: every relationship as {from, type, props, to}, each end named by its first
// label and its key (a CI) or the key of its CI (a version), to compare two stores.
MATCH (a)-[r]->(b)
RETURN labels(a)[0] + ':' + coalesce(a.key, a.ciId, a.name, '') AS from,
       type(r) AS type,
       properties(r) AS props,
       labels(b)[0] + ':' + coalesce(b.key, b.ciId, b.name, '') AS to
