// The import in progress (state RUNNING or ABORTING) is looked up at every start and import.
CREATE INDEX import_state IF NOT EXISTS
FOR (i:Import) ON (i.state)
