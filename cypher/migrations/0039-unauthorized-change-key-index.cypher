// The unauthorized changes of one CI.
CREATE INDEX unauthorized_change_ci_key IF NOT EXISTS
FOR (u:UnauthorizedChange) ON (u.ciKey)
