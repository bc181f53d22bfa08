// ci_lifecycle (0032) goes: its readers (ci/count-cis-by-lifecycle, the integrity walk from CIs
// in given lifecycles) seek the (lifecycle, key) composite (0103), and every CI written paid for
// its entry (ADR 012, decision 12; ADR 016, decision 4).
DROP INDEX ci_lifecycle IF EXISTS
