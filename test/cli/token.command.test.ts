import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { useTestDatabase } from "../support/test-database.js";

describe("graph-cmdb token", () => {
  const ctx = useTestDatabase();

  it("create prints a secret, once, that authenticates with the given roles", async () => {
    expect((await cli("user", "create", "ops-bot", "--role", "EDITOR")).code).toBe(0);
    const run = await cli(
      "token",
      "create",
      "--user",
      "ops-bot",
      "--role",
      "reader",
      "--role",
      "EDITOR",
    );
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const secret = run.lines[0]!;
    const { app, db } = ctx();
    const actor = await app.tokens.authenticate(db.scope(), `Bearer ${secret}`);
    expect([actor.user, actor.roles]).toEqual(["ops-bot", ["READER", "EDITOR"]]);
    expect(run.err).not.toContain(secret);
  });

  it("list shows tokens without their secrets, and revoke stops one", async () => {
    await cli("user", "create", "ana", "--role", "APPROVER");
    const created = await cli("token", "create", "--user", "ana", "--role", "APPROVER");
    const listed = await cli("token", "list", "--json");
    expect(listed.code).toBe(0);
    const tokens = JSON.parse(listed.out) as {
      id: string;
      user: string;
      createdBy: string;
    }[];
    expect(tokens.map((t) => t.user)).toEqual(["ana"]);
    expect(tokens[0]!.createdBy).toMatch(/^cli:/);
    expect(listed.out).not.toContain(created.lines[0]!);

    const revoked = await cli("token", "revoke", tokens[0]!.id);
    expect(revoked.code).toBe(0);
    expect((await cli("token", "list", "--json")).out).toBe("[]");
  });

  it("an unknown role exits 2 and names the field and the value, issuing nothing", async () => {
    const run = await cli("token", "create", "--user", "ana", "--role", "GOD");
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/VALIDATION: roles: .*"GOD"/);
    expect((await cli("token", "list", "--json")).out).toBe("[]");
  });

  it("a missing required option exits 2 with commander's message", async () => {
    const run = await cli("token", "create", "--role", "READER");
    expect(run.code).toBe(2);
    expect(run.err).toContain("--user");
  });

  it("revoking an unknown token exits 1 with NOT_FOUND", async () => {
    const run = await cli("token", "revoke", "nope");
    expect(run.code).toBe(1);
    expect(run.err).toContain("NOT_FOUND");
  });

  it("the first ADMIN token of a CMDB with no administrator creates its user; later ones do not", async () => {
    const first = await cli("token", "create", "--user", "Root-Admin", "--role", "ADMIN");
    expect(first.code).toBe(0);
    const users = JSON.parse((await cli("user", "list", "--json")).out) as {
      name: string;
      roles: string[];
      createdBy: string;
    }[];
    expect(users.map((u) => [u.name, u.roles])).toEqual([["root-admin", ["ADMIN"]]]);
    expect(users[0]!.createdBy).toMatch(/^cli:/);
    const actor = await ctx().app.tokens.authenticate(
      ctx().db.scope(),
      `Bearer ${first.lines[0]!}`,
    );
    expect([actor.user, actor.roles]).toEqual(["root-admin", ["ADMIN"]]);

    const second = await cli("token", "create", "--user", "other-admin", "--role", "ADMIN");
    expect(second.code).toBe(1);
    expect(second.err).toContain('NOT_FOUND: user "other-admin" does not exist');
    const reader = await cli("token", "create", "--user", "someone", "--role", "READER");
    expect(reader.code).toBe(1);
    expect((await cli("user", "list", "--json")).out).not.toContain("someone");
  });
});

describe("graph-cmdb user", () => {
  useTestDatabase();

  it("create, list, deactivate and reactivate a user, the last two by any spelling", async () => {
    const created = await cli(
      "user",
      "create",
      "Dana",
      "--role",
      "APPROVER",
      "--display-name",
      "Dana S.",
    );
    expect([created.code, created.out]).toEqual([0, "created dana  APPROVER  active  Dana S."]);
    const again = await cli("user", "create", "DANA", "--role", "READER");
    expect(again.code).toBe(1);
    expect(again.err).toContain("CONFLICT");

    expect((await cli("user", "deactivate", "DaNa")).code).toBe(0);
    expect((await cli("user", "list")).lines).toEqual([]);
    const all = (await cli("user", "list", "--all")).lines;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^dana {2}APPROVER {2}deactivated \d{4}-/);
    const token = await cli("token", "create", "--user", "dana", "--role", "READER");
    expect(token.code).toBe(2);
    expect(token.err).toContain("VALIDATION: user: is a deactivated user");

    const back = await cli("user", "reactivate", "dana", "--json");
    expect(JSON.parse(back.out)).toMatchObject({ name: "dana", deactivatedAt: null });
  });

  it("refuses a bad name or role, naming the field, and creates nothing", async () => {
    const name = await cli("user", "create", "has space", "--role", "READER");
    expect([name.code, name.err]).toEqual([
      2,
      expect.stringMatching(/VALIDATION: name: .*"has space"/),
    ]);
    const role = await cli("user", "create", "ok", "--role", "GOD");
    expect(role.code).toBe(2);
    expect(role.err).toMatch(/VALIDATION: roles: .*"GOD"/);
    expect((await cli("user", "list", "--all", "--json")).out).toBe("[]");
  });
});
