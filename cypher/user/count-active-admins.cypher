// How many active users may be given ADMIN: none means the CMDB has no administrator yet (the
// CLI's first `token create --role ADMIN` then creates its user). Always one row.
MATCH (u:User)
WHERE u.deactivatedAt IS NULL AND 'ADMIN' IN u.roles
RETURN count(u) AS admins
