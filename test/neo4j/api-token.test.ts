import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/actor.js";
import { codeOf } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { TEST_ADMIN_TOKEN, testTarget, useTestDatabase } from "../support/test-database.js";

const admin: Actor = { user: "root", roles: ["ADMIN"], tokenId: null };
const FIRST_PAGE = { first: 100, after: null };

describe("API tokens", () => {
  const ctx = useTestDatabase();

  it("authenticate as the user and roles they were issued for, naming who issued them", async () => {
    const { app, db } = ctx();
    const issued = await app.tokens.create(db.scope(), admin, {
      user: "alice",
      roles: ["EDITOR", "REQUESTER"],
    });
    const actor = await app.tokens.authenticate(db.scope(), `Bearer ${issued.secret}`);
    expect(actor).toEqual({
      user: "alice",
      roles: ["EDITOR", "REQUESTER"],
      tokenId: issued.token.id,
      issuedBy: admin.user,
    });
  });

  it("are stored as a hash only: the secret is in no stored property", async () => {
    const { app, db } = ctx();
    const issued = await app.tokens.create(db.scope(), admin, { user: "alice", roles: ["READER"] });
    const rows = await runTestCypher(testTarget(), "api-token-properties");
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(issued.secret);
    expect(stored).not.toContain(issued.secret.slice(6));
    expect(Object.keys(rows[0]!.props as object).sort()).toContain("hash");
  });

  it("stop working once revoked", async () => {
    const { app, db } = ctx();
    const issued = await app.tokens.create(db.scope(), admin, { user: "bob", roles: ["APPROVER"] });
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
    });
  });

  it("may be issued, listed and revoked by an ADMIN only", async () => {
    const { app, db } = ctx();
    const issued = await app.tokens.create(db.scope(), admin, { user: "carol", roles: ["READER"] });
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
      await app.tokens.create(db.scope(), admin, { user, roles: ["READER"] });
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
});
