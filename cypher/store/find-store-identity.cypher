// The store's identity; no row when no graph-cmdb server has started on this database yet.
MATCH (s:StoreIdentity {singleton: true})
RETURN s.id AS id
