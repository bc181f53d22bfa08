// Unauthorized changes are listed newest first, store-wide (the unauthorizedChangesConnection).
CREATE INDEX unauthorized_change_detected_at IF NOT EXISTS
FOR (u:UnauthorizedChange) ON (u.detectedAt)
