// Test harness only: a uniqueness constraint that refuses to mark a second unauthorized change
// as opened by the same user, so that a retrospective RFC fails after its draft was written.
CREATE CONSTRAINT test_one_retrospective_per_opener IF NOT EXISTS
FOR (u:UnauthorizedChange) REQUIRE u.rfcOpenedBy IS UNIQUE
