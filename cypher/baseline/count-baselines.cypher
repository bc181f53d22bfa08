// How many baselines there are: the totalCount of the baselines connection.
MATCH (b:Baseline)
RETURN count(b) AS total
