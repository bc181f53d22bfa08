// Test harness only: $n audit entries (one a minute back from now, over 100 targets and 7
// actors) and $n RFCs numbered 1..$n, so that the planner sees a trail and a change log of a
// real size. Only the properties the list statements read or filter on.
UNWIND range(1, $n) AS i
CREATE (:AuditEntry {
  id: randomUUID(), at: datetime() - duration({minutes: i}), targetId: 'target-' + toString(i % 100),
  targetType: 'CI', actor: 'user-' + toString(i % 7), action: 'UPDATE'
})
CREATE (:Rfc {
  id: randomUUID(), number: i, state: 'DRAFT', type: 'NORMAL', requester: 'user-' + toString(i % 7),
  title: 'rfc ' + toString(i), touchedCiIds: [], impactCiIds: []
})
