// Benchmark only: the page-cache hits and faults so far of the open transaction profile-walk
// started for one walk (its metadata marks it), read before that transaction commits.
SHOW TRANSACTIONS
YIELD metaData, pageHits, pageFaults
WHERE metaData.profileWalk = true
RETURN pageHits AS hits, pageFaults AS faults
