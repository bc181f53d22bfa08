import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { useTestDatabase } from "../support/test-database.js";

describe("graph-cmdb token", () => {
  const ctx = useTestDatabase();

  it("create prints a secret, once, that authenticates with the given roles", async () => {
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
});
