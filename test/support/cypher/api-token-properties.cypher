// Test harness only: every stored property of every API token, to prove what is (not) kept.
MATCH (t:ApiToken)
RETURN properties(t) AS props
