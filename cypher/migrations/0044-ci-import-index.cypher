// The CIs an import created (ci.importId), which its abort deletes, in batches.
CREATE INDEX ci_import IF NOT EXISTS
FOR (ci:CI) ON (ci.importId)
