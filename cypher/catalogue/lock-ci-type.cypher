// Takes the write lock on the CI type $name before it is read and changed, so that two changes
// naming the same revision cannot both pass the check. Returns its revision; no row when new.
MATCH (t:CIType {name: $name})
SET t._lock = true
REMOVE t._lock
RETURN t.revision AS revision
