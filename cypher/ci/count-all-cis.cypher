// How many current CIs there are (list-cis with no filter): from the store's counts, not a scan.
MATCH (ci:CI)
RETURN count(ci) AS total
