import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, EDITOR } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { useTestDatabase } from "../support/test-database.js";

describe("graph-cmdb baseline", () => {
  const ctx = useTestDatabase();
  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  it("takes a baseline, shows the drift readable and as JSON, and drafts a restore RFC", async () => {
    const take = await cli("baseline", "take", "hosts", "--type", "Server");
    expect(take.code).toBe(0);
    expect(take.out).toBe(
      // VirtualMachine is a Server: 2 hosts, 4 VMs, and the VMs' HOSTED_ON relationships
      "baseline hosts: CI type Server and its subtypes, 6 CIs and 4 relationships",
    );
    const host = await ctx().app.cis.get(ctx().db.scope(), EDITOR, { key: "host-a" });
    await ctx().app.cis.update(ctx().db.scope(), EDITOR, { key: "host-a" }, host!.revision, {
      version: "2",
    });
    const compare = await cli("baseline", "compare", "hosts");
    expect(compare.code).toBe(0);
    expect(compare.out.split("\n").slice(1)).toEqual([
      "  ~ CI host-a (Server)",
      '      version: null → "2"',
    ]);
    const json = JSON.parse((await cli("baseline", "compare", "hosts", "--json")).out) as {
      empty: boolean;
      drift: { changedCis: { key: string }[] };
    };
    expect(json.empty).toBe(false);
    expect(json.drift.changedCis.map((c) => c.key)).toEqual(["host-a"]);
    const restore = await cli("baseline", "restore", "hosts");
    expect(restore.out).toMatch(/^RFC-\d+ drafted \(1 operations\): Restore CI type Server/);
  });

  it("needs exactly one scope", async () => {
    const run = await cli("baseline", "take", "x", "--type", "Server", "--environment", "prod");
    expect(run.code).toBe(2);
    expect(run.err).toContain("name exactly one scope");
  });
});
