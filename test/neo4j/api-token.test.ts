import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashTokenSecret } from "../../src/application/auth/api-token-secret.js";
import type { CreateApiTokenInput } from "../../src/application/auth/api-token.service.js";
import type { Actor } from "../../src/domain/actor.js";
import { codeOf, errorOf } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import {
  CYPHER_DIR,
  TEST_ADMIN_TOKEN,
  testTarget,
  useTestDatabase,
} from "../support/test-database.js";

const admin: Actor = { user: "root", roles: ["ADMIN"], tokenId: null };
const FIRST_PAGE = { first: 100, after: null };

describe("API tokens", () => {
  const ctx = useTestDatabase();

  /** Creates the user (with the token's roles), then issues the token, as an ADMIN does. */
  async function issue(input: CreateApiTokenInput) {
    const { app, db } = ctx();
    await app.users.create(db.scope(), admin, { name: input.user, roles: input.roles });
    return app.tokens.create(db.scope(), admin, input);
  }

  it("authenticate as the user and roles they were issued for, naming who issued them", async () => {
    const { app, db } = ctx();
    const issued = await issue({ user: "alice", roles: ["EDITOR", "REQUESTER"] });
    const actor = await app.tokens.authenticate(db.scope(), `Bearer ${issued.secret}`);
    expect(actor).toEqual({
      user: "alice",
      roles: ["EDITOR", "REQUESTER"],
      tokenId: issued.token.id,
      issuedBy: admin.user,
    });
  });

  it("are stored as a hash only: the secret is in no stored property", async () => {
    const issued = await issue({ user: "alice", roles: ["READER"] });
    const rows = await runTestCypher(testTarget(), "api-token-properties");
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(issued.secret);
    expect(stored).not.toContain(issued.secret.slice(6));
    expect(Object.keys(rows[0]!.props as object).sort()).toContain("hash");
  });

  it("stop working once revoked", async () => {
    const { app, db } = ctx();
    const issued = await issue({ user: "bob", roles: ["APPROVER"] });
    await app.tokens.revoke(db.scope(), admin, issued.token.id);
    expect(await codeOf(app.tokens.authenticate(db.scope(), `Bearer ${issued.secret}`))).toBe(
      "UNAUTHENTICATED",
    );
    const listed = await app.tokens.list(db.scope(), admin, { includeRevoked: true }, FIRST_PAGE);
    expect(listed.items.map((t) => [t.user, t.revokedAt !== null])).toEqual([["bob", true]]);
    expect((await app.tokens.list(db.scope(), admin, {}, FIRST_PAGE)).items).toEqual([]);
  });

  it("refuse a missing, unknown or malformed token", async () => {
    const { app, db } = ctx();
    const codes = await Promise.all(
      [undefined, "Bearer gcmdb_unknown", "Basic dXNlcjpwYXNz"].map((h) =>
        codeOf(app.tokens.authenticate(db.scope(), h)),
      ),
    );
    expect(codes).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"]);
  });

  it("accept the configured admin token as ADMIN user 'admin'", async () => {
    const { app, db } = ctx();
    expect(await app.tokens.authenticate(db.scope(), `Bearer ${TEST_ADMIN_TOKEN}`)).toEqual({
      user: "admin",
      roles: ["ADMIN"],
      tokenId: null,
      issuedBy: "config:GRAPH_CMDB_ADMIN_TOKEN",
    });
  });

  it("may be issued, listed and revoked by an ADMIN only", async () => {
    const { app, db } = ctx();
    const issued = await issue({ user: "carol", roles: ["READER"] });
    for (const roles of [["READER"], ["EDITOR"], ["REQUESTER"], ["APPROVER"]] as const) {
      const actor: Actor = { user: "mallory", roles, tokenId: null };
      expect(
        await codeOf(app.tokens.create(db.scope(), actor, { user: "x", roles: ["ADMIN"] })),
      ).toBe("FORBIDDEN");
      expect(await codeOf(app.tokens.list(db.scope(), actor, {}, FIRST_PAGE))).toBe("FORBIDDEN");
      expect(await codeOf(app.tokens.revoke(db.scope(), actor, issued.token.id))).toBe("FORBIDDEN");
    }
    const listed = await app.tokens.list(db.scope(), admin, {}, FIRST_PAGE);
    expect(listed.items.map((t) => t.user)).toEqual(["carol"]);
  });

  it("reject a bad user name or role, naming the field, and store nothing", async () => {
    const { app, db } = ctx();
    await expect(
      app.tokens.create(db.scope(), admin, { user: "a b", roles: ["READER"] }),
    ).rejects.toThrow(/^user: .*\(got "a b"\)/);
    await expect(
      app.tokens.create(db.scope(), admin, { user: "ann", roles: ["ROOT"] }),
    ).rejects.toThrow(/^roles: .*\(got "ROOT"\)/);
    const listed = await app.tokens.list(db.scope(), admin, { includeRevoked: true }, FIRST_PAGE);
    expect(listed.items).toEqual([]);
  });

  it("list a page at a time, newest first, refusing a page size out of range", async () => {
    const { app, db } = ctx();
    for (const user of ["ann", "ben", "cy"]) {
      await issue({ user, roles: ["READER"] });
    }
    const one = await app.tokens.list(db.scope(), admin, {}, { first: 2, after: null });
    expect(one.items.map((t) => t.user)).toEqual(["cy", "ben"]);
    expect([one.hasNextPage, await one.totalCount()]).toEqual([true, 3]);
    const two = await app.tokens.list(db.scope(), admin, {}, { first: 2, after: one.cursors[1]! });
    expect(two.items.map((t) => t.user)).toEqual(["ann"]);
    expect([two.hasNextPage, two.hasPreviousPage]).toEqual([false, true]);
    for (const first of [0, 101]) {
      expect(await codeOf(app.tokens.list(db.scope(), admin, {}, { first, after: null }))).toBe(
        "VALIDATION",
      );
    }
  });

  it("revoking an unknown id is NOT_FOUND", async () => {
    const { app, db } = ctx();
    expect(await codeOf(app.tokens.revoke(db.scope(), admin, "no-such-token"))).toBe("NOT_FOUND");
  });

  it("are issued only for an existing, active user, and store nothing otherwise", async () => {
    const { app, db } = ctx();
    const unknown = await errorOf(
      app.tokens.create(db.scope(), admin, { user: "Nobody", roles: ["READER"] }),
    );
    expect([unknown.code, unknown.details]).toEqual([
      "NOT_FOUND",
      { what: "user", id: "nobody", field: "user" },
    ]);
    await app.users.create(db.scope(), admin, { name: "dave", roles: ["READER"] });
    await app.users.deactivate(db.scope(), admin, "dave");
    const inactive = await errorOf(
      app.tokens.create(db.scope(), admin, { user: "dave", roles: ["READER"] }),
    );
    expect([inactive.code, inactive.details.field, inactive.details.value]).toEqual([
      "VALIDATION",
      "user",
      "dave",
    ]);
    const listed = await app.tokens.list(db.scope(), admin, { includeRevoked: true }, FIRST_PAGE);
    expect(listed.items).toEqual([]);
  });

  it("carry no role their user may not be given", async () => {
    const { app, db } = ctx();
    await app.users.create(db.scope(), admin, { name: "erin", roles: ["APPROVER"] });
    const refused = await errorOf(
      app.tokens.create(db.scope(), admin, { user: "erin", roles: ["READER", "ADMIN"] }),
    );
    expect([refused.code, refused.details.field, refused.details.value]).toEqual([
      "VALIDATION",
      "roles",
      ["ADMIN"],
    ]);
    // every role reads: an approver may hold a reader's token
    const reader = await app.tokens.create(db.scope(), admin, { user: "erin", roles: ["READER"] });
    expect(reader.token.roles).toEqual(["READER"]);
  });

  it("stop authenticating while their user is deactivated, and work again once reactivated", async () => {
    const { app, db } = ctx();
    const issued = await issue({ user: "fred", roles: ["EDITOR"] });
    await app.users.deactivate(db.scope(), admin, "FRED");
    const refused = await errorOf(app.tokens.authenticate(db.scope(), `Bearer ${issued.secret}`));
    expect(refused.code).toBe("UNAUTHENTICATED");
    await app.users.reactivate(db.scope(), admin, "fred");
    const actor = await app.tokens.authenticate(db.scope(), `Bearer ${issued.secret}`);
    expect([actor.user, actor.roles]).toEqual(["fred", ["EDITOR"]]);
  });

  it("of a CMDB upgraded from 1.0.0 keep working: the upgrade makes a user of each name they carry", async () => {
    const { app, db } = ctx();
    const secrets = { upper: "gcmdb_legacy-upper-secret", lower: "gcmdb_legacy-lower-secret" };
    await runTestCypher(testTarget(), "create-legacy-api-token", {
      id: "legacy-1",
      hash: hashTokenSecret(secrets.upper),
      user: "Gwen",
      roles: ["APPROVER"],
    });
    await runTestCypher(testTarget(), "create-legacy-api-token", {
      id: "legacy-2",
      hash: hashTokenSecret(secrets.lower),
      user: "gwen",
      roles: ["EDITOR", "READER"],
    });
    const migration = await readFile(
      path.join(CYPHER_DIR, "migrations", "0052-users-from-api-tokens.cypher"),
      "utf8",
    );
    await db.scope().runSchemaStatement(migration);
    await db.scope().runSchemaStatement(migration); // idempotent
    const users = await app.users.list(db.scope(), admin, {}, FIRST_PAGE);
    expect(users.items.map((u) => [u.name, [...u.roles].sort(), u.createdBy])).toEqual([
      ["gwen", ["APPROVER", "EDITOR", "READER"], "system:upgrade"],
    ]);
    const upper = await app.tokens.authenticate(db.scope(), `Bearer ${secrets.upper}`);
    const lower = await app.tokens.authenticate(db.scope(), `Bearer ${secrets.lower}`);
    expect([upper.user, upper.roles, lower.user, lower.roles]).toEqual([
      "gwen",
      ["APPROVER"],
      "gwen",
      ["EDITOR", "READER"],
    ]);
  });
});
