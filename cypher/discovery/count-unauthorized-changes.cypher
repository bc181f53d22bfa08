// How many unauthorized changes match the filters of list-unauthorized-changes-page: the
// totalCount of its connection.
MATCH (u:UnauthorizedChange)
WHERE ($ciKey IS NULL OR u.ciKey = $ciKey)
  AND ($source IS NULL OR u.source = $source)
  AND ($status IS NULL OR u.status = $status)
RETURN count(u) AS total
