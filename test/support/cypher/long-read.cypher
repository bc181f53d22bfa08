// A read that takes many seconds (counts half a billion numbers): for the read timeout.
UNWIND range(1, 500000000) AS n
WITH n WHERE n % 7 = 0
RETURN count(n) AS sevens
