// How many versions the CI $id has (0 when there is no such CI): the totalCount of its history.
MATCH (:CI {id: $id})-[:HAS_VERSION]->(v:CIVersion)
RETURN count(v) AS total
