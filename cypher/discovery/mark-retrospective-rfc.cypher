// Links unauthorized change $id to the retrospective RFC $rfcId opened for it. Returns its id.
MATCH (u:UnauthorizedChange {id: $id})
SET u.status = 'RFC_OPENED', u.rfcId = $rfcId, u.rfcOpenedBy = $actor, u.rfcOpenedAt = datetime($now)
RETURN u.id AS id
