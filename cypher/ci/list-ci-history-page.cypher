// Returns, for each CI whose id is in $ids, up to $limit of its versions after the revision
// $after (null: from the first), oldest first, or newest first when $newestFirst, with who,
// when, why and what changed; unknown ids and pages past the last give no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})
CALL (ci) {
  MATCH (ci)-[:HAS_VERSION]->(v:CIVersion)
  WHERE $after IS NULL
     OR ($newestFirst AND v.revision < $after)
     OR (NOT $newestFirst AND v.revision > $after)
  RETURN v
  ORDER BY CASE WHEN $newestFirst THEN -v.revision ELSE v.revision END
  LIMIT $limit
}
RETURN id, v { .* } AS version
