// The CI versions an import wrote (v.importId), which its abort removes, restoring the one before.
CREATE INDEX ci_version_import IF NOT EXISTS
FOR (v:CIVersion) ON (v.importId)
