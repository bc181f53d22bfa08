import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/project-root.js";
import { ADMIN, READER } from "../support/actors.js";
import { cli } from "../support/cli.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { spawnProduct } from "../support/spawn-product.js";
import { useTestDatabase } from "../support/test-database.js";

/** The command as a shell runs it. */
const spawnCli = (args: string[]) => spawnProduct("src/cli/main.ts", args);

const STACK = /\n\s+at .+\(|node:internal|\.ts:\d+:\d+/;

describe("graph-cmdb on bad input and broken pipes", () => {
  const ctx = useTestDatabase();
  beforeEach(async () => {
    await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, IMPACT_ESTATE);
  });

  async function tempFile(text: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-cli-"));
    const file = path.join(dir, "doc.json");
    await writeFile(file, text);
    return file;
  }

  it("names a missing file and a file that is not JSON, exit 2, no stack trace", async () => {
    const missing = await cli("import", "/no/such/doc.json");
    expect(missing.code).toBe(2);
    expect(missing.err.split("\n").at(-1)).toBe(
      "graph-cmdb: cannot read /no/such/doc.json: no such file",
    );
    const bad = await tempFile('{ "configurationItems": [ oops ] }');
    const notJson = await cli("import", bad);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain(`${bad} is not JSON: expected a value (within the first`);
    expect(notJson.err).not.toMatch(STACK);
  });

  it("prints errors as JSON on stdout under --json", async () => {
    const missing = await cli("import", "/no/such/doc.json", "--json");
    expect(JSON.parse(missing.out)).toEqual({
      error: {
        code: "INPUT",
        message: "cannot read /no/such/doc.json: no such file",
        exitCode: 2,
      },
    });
    const unknown = await cli("impact", "no-such-ci", "--json");
    expect(unknown.code).toBe(1);
    expect((JSON.parse(unknown.out) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const usage = await cli("impact", "--depth", "zero", "db-orders", "--json");
    expect(usage.code).toBe(2);
    expect((JSON.parse(usage.out) as { error: { code: string } }).error.code).toBe("USAGE");
  });

  it("a refused import lists its errors and no counts as if it had written", async () => {
    const doc = await tempFile(
      JSON.stringify({ configurationItems: [{ key: "x", name: "X", type: "NoSuchType" }] }),
    );
    const run = await cli("import", doc);
    expect(run.code).toBe(3);
    expect(run.out).not.toMatch(/created|updated|unchanged/);
    expect(run.out).toContain("NoSuchType");
    expect(run.out).toContain("refused: 1 error(s); nothing was written");
  });

  it("--version prints the product's version", async () => {
    const pkg = JSON.parse(await readFile(path.join(projectRoot(), "package.json"), "utf8")) as {
      version: string;
    };
    const run = await cli("--version");
    expect([run.code, run.out]).toEqual([0, pkg.version]);
  });

  it("path, token create, baseline take and restore answer --json", async () => {
    const found = JSON.parse((await cli("path", "bs-shop", "host-b", "--json")).out) as {
      keys: string[];
      relationshipTypes: string[];
    };
    expect(found.keys[0]).toBe("bs-shop");
    expect(found.keys.at(-1)).toBe("host-b");
    expect(found.relationshipTypes).toHaveLength(found.keys.length - 1);
    expect(JSON.parse((await cli("path", "host-b", "bs-shop", "--json")).out)).toBeNull();

    expect((await cli("user", "create", "robot", "--role", "READER")).code).toBe(0);
    const token = JSON.parse(
      (await cli("token", "create", "--user", "robot", "--role", "READER", "--json")).out,
    ) as { secret: string; token: { user: string; roles: string[] } };
    expect(token.token).toMatchObject({ user: "robot", roles: ["READER"] });
    const actor = await ctx().app.tokens.authenticate(ctx().db.scope(), `Bearer ${token.secret}`);
    expect(actor.user).toBe("robot");

    const taken = JSON.parse(
      (await cli("baseline", "take", "web", "--ci", "app-web", "--json")).out,
    ) as {
      name: string;
      ciCount: number;
    };
    expect(taken.name).toBe("web");
    expect(taken.ciCount).toBeGreaterThan(1);
    const host = await ctx().app.cis.get(ctx().db.scope(), READER, { key: "host-a" });
    await ctx().app.cis.update(ctx().db.scope(), ADMIN, { key: "host-a" }, host!.revision, {
      version: "9",
    });
    const rfc = JSON.parse((await cli("baseline", "restore", "web", "--json")).out) as {
      number: number;
      state: string;
    };
    expect(rfc.state).toBe("DRAFT");
    expect(rfc.number).toBeGreaterThan(0);
  });

  it("imports a document from standard input with `-`", async () => {
    const child = spawnCli(["import", "-"]);
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stdin.end(
      JSON.stringify({
        configurationItems: [{ key: "from-stdin", name: "S", type: "Application" }],
      }),
    );
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
    expect(out).toContain("configuration items: 1 created");
    const ci = await ctx().app.cis.get(ctx().db.scope(), READER, { key: "from-stdin" });
    expect(ci?.name).toBe("S");
  }, 90_000);

  it("stops quietly when its reader closes the pipe (`export | head`)", async () => {
    const child = spawnCli(["export"]);
    child.stdout.destroy();
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
    expect(err).not.toMatch(/EPIPE|Error/);
  }, 90_000);
});
