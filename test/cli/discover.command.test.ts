import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/project-root.js";
import { cli } from "../support/cli.js";
import { useTestDatabase } from "../support/test-database.js";

const dir = (p: string) => path.join(projectRoot(), "test/fixtures/discovery", p);

describe("graph-cmdb discover", () => {
  useTestDatabase();

  it("reads a folder of manifests, and says what it did", async () => {
    const run = await cli(
      "discover",
      "KUBERNETES",
      dir("kubernetes/shop.yaml"),
      dir("kubernetes/payments.yaml"),
      "--source",
      "prod",
      "--cluster",
      "eu-1",
    );
    expect(run.err).toContain("read 2 file(s)");
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe("source prod (kubernetes, cluster eu-1)");
    expect(run.lines[1]).toBe(
      "configuration items: 31 created, 0 updated, 0 unchanged, 0 conflicting, 0 not seen, 0 stale",
    );
    expect(run.lines.at(-1)).toMatch(/^applied \(/);
  });

  it("follows a Backstage Location's targets beside it, and prints the report as JSON", async () => {
    const run = await cli(
      "discover",
      "backstage",
      dir("backstage/catalog-info.yaml"),
      "--source",
      "catalog",
      "--json",
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as {
      applied: boolean;
      configurationItems: { created: number };
      unresolved: unknown[];
    };
    expect(report.applied).toBe(true);
    expect(report.configurationItems.created).toBe(16); // systems.yaml and org.yaml read through the Location
    expect(report.unresolved).toHaveLength(1);
  });

  it("walks folders for the format's files: compose files only", async () => {
    const run = await cli(
      "discover",
      "COMPOSE",
      dir("compose/shop"),
      "--source",
      "laptop",
      "--dry-run",
    );
    expect(run.code).toBe(0);
    expect(run.err).toContain("read 1 file(s)");
    expect(run.lines.at(-1)).toMatch(/^dry run: nothing was written/);
  });

  it("refuses a malformed file with exit code 3, naming it, and writes nothing", async () => {
    const bad = dir("terraform/old-state.tfstate");
    const run = await cli(
      "discover",
      "TERRAFORM",
      dir("terraform/show.json"),
      bad,
      "--source",
      "tf",
    );
    expect(run.code).toBe(3);
    expect(run.out).toContain(`${bad}: version: state version 4 (got 3)`);
    const again = await cli(
      "discover",
      "TERRAFORM",
      dir("terraform/show.json"),
      "--source",
      "tf",
      "--json",
    );
    expect(
      (JSON.parse(again.out) as { configurationItems: { created: number } }).configurationItems
        .created,
    ).toBe(7);
  });

  it("lists, sets and removes precedence rules, and refuses half a rule as bad usage", async () => {
    expect((await cli("discover", "precedence")).lines).toEqual(["0 precedence rule(s)"]);
    const set = await cli(
      "discover",
      "precedence",
      "--type",
      "Server",
      "--field",
      "attributes.os",
      "--sources",
      "agent,prod",
    );
    expect(set.code).toBe(0);
    await cli("discover", "precedence", "--type", "Database", "--field", "*", "--sources", "dba");
    const listed = await cli("discover", "precedence", "--json");
    expect(
      (JSON.parse(listed.out) as { ciType: string; field: string; sources: string[] }[])
        .map((r) => `${r.ciType} ${r.field} ${r.sources.join(",")}`)
        .sort(),
    ).toEqual(["Database * dba", "Server attributes.os agent,prod"]);

    const removed = await cli(
      "discover",
      "precedence",
      "--type",
      "Server",
      "--field",
      "attributes.os",
      "--remove",
    );
    expect(removed.lines).toEqual(["Database *: dba", "1 precedence rule(s)"]);

    const half = await cli("discover", "precedence", "--type", "Server", "--sources", "a");
    expect(half.code).toBe(2);
    expect(half.err).toContain("both --type and --field");
    const badSource = await cli(
      "discover",
      "precedence",
      "--type",
      "Server",
      "--field",
      "name",
      "--sources",
      "Not A Source",
    );
    expect(badSource.code).not.toBe(0);
    expect(badSource.out + badSource.err).toContain("sources");
    expect((await cli("discover", "precedence")).lines).toEqual([
      "Database *: dba",
      "1 precedence rule(s)",
    ]);
  });

  it("refuses an unknown format or a missing path as bad usage (exit 2)", async () => {
    expect((await cli("discover", "HELM", dir("kubernetes"), "--source", "x")).code).toBe(2);
    expect((await cli("discover", "KUBERNETES", dir("nowhere"), "--source", "x")).code).toBe(2);
    expect((await cli("discover", "KUBERNETES", dir("kubernetes/shop.yaml"))).code).toBe(2);
  });
});
