// ci_type (0008) goes: ci_type_key (type, key) serves every read by type, and every CI written
// paid for its entry (ADR 012, decision 9; ADR 016, decision 4).
DROP INDEX ci_type IF EXISTS
