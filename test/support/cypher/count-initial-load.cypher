// Test only: what an initial load left, counted (its CIs, its journals, those applied).
CALL () { MATCH (c:CI) RETURN count(c) AS cis }
CALL () { MATCH (i:Import) RETURN count(i) AS imports, count(CASE WHEN i.state = 'APPLIED' THEN 1 END) AS applied }
RETURN cis, imports, applied
