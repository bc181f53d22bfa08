// One user per canonical name (lower case, NFKC): the name every credential must name.
CREATE CONSTRAINT user_name IF NOT EXISTS
FOR (u:User) REQUIRE u.name IS UNIQUE
