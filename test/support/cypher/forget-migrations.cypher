// Test harness only: forgets which migrations ran (their constraints stay; they are idempotent).
MATCH (m:SchemaMigration)
DETACH DELETE m
