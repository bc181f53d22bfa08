// Reading a CI by key as of a past instant finds its version by key (a key may have changed).
CREATE INDEX ci_version_key IF NOT EXISTS
FOR (v:CIVersion) ON (v.key)
