// ci_owner (0010) goes: ci_owner_key (owner, key) serves every read by owner, and every CI
// written paid for its entry (ADR 012, decision 9; ADR 016, decision 4).
DROP INDEX ci_owner IF EXISTS
