// Test harness only: drops the constraint refuse-second-rfc-opener made.
DROP CONSTRAINT test_one_retrospective_per_opener IF EXISTS
