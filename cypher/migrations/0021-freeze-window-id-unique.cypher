// A freeze window is addressed by its server-made UUID.
CREATE CONSTRAINT freeze_window_id IF NOT EXISTS
FOR (f:FreezeWindow) REQUIRE f.id IS UNIQUE
