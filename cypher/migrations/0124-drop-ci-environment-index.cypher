// ci_environment (0031) goes: ci_environment_key (environment, key) serves every read by
// environment, and every CI written paid for its entry (ADR 012, decision 9; ADR 016, decision 4).
DROP INDEX ci_environment IF EXISTS
