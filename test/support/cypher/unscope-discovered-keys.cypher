// Test harness only: puts the discovered CIs under $prefix (`k8s:<cluster>/`) back under the keys
// 1.0 gave them (`k8s:…`, no cluster), with their sightings and discovered relationships: a
// CMDB as an earlier version's discovery left it.
CALL () {
  MATCH (c:CI)
  WHERE c.key STARTS WITH $prefix
  SET c.key = 'k8s:' + substring(c.key, size($prefix))
}
CALL () {
  MATCH (s:DiscoverySighting)
  WHERE s.ciKey STARTS WITH $prefix
  SET s.ciKey = 'k8s:' + substring(s.ciKey, size($prefix))
}
CALL () {
  MATCH (r:DiscoveredRelationship)
  WHERE r.signature CONTAINS $prefix
  SET r.signature = replace(r.signature, $prefix, 'k8s:'),
      r.from = replace(r.from, $prefix, 'k8s:'),
      r.to = replace(r.to, $prefix, 'k8s:')
}
RETURN 1 AS done
