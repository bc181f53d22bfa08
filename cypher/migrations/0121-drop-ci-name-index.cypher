// ci_name (0009) goes: no statement reads it (searches by name read the full-text ci_text), and
// every CI written paid for its entry (ADR 012, decision 9).
DROP INDEX ci_name IF EXISTS
