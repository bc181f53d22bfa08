// The latest integrity run over the same scope ($scope: its description, null for the whole CMDB).
MATCH (r:IntegrityRun)
WHERE r.scope = $scope OR ($scope IS NULL AND r.scope IS NULL)
RETURN r { .* } AS run
ORDER BY r.at DESC
LIMIT 1
