// Test only: takes the HasEndedRelationship label off every CI, as a store written before
// migration 0120 has it.
MATCH (c:HasEndedRelationship)
REMOVE c:HasEndedRelationship
