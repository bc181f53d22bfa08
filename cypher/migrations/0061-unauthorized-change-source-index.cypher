// Unauthorized changes listed by the source that found them.
CREATE INDEX unauthorized_change_source IF NOT EXISTS
FOR (u:UnauthorizedChange) ON (u.source)
