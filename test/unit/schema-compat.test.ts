import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/project-root.js";
import {
  checkSchemaCompat,
  compareSchemas,
  compareVersions,
  lastRelease,
  unreleasedSection,
} from "../../scripts/schema-compat.js";

const RELEASED = `
type Query {
  ci(key: String!): Ci
  cis: [Ci!]!
}
type Ci {
  key: String!
  name: String!
  owner: String @deprecated(reason: "Use responsibleTeam.")
  responsibleTeam: String
  lifecycle: Lifecycle!
}
enum Lifecycle { PLANNED TEST PRODUCTION RETIRED OLD @deprecated(reason: "Use RETIRED.") }
input CiInput { key: String! legacy: String @deprecated(reason: "Ignored.") }
type Mutation { createCi(input: CiInput!): Ci! }
`;

const paths = (changes: readonly { path?: string | null }[]): string[] =>
  changes.map((c) => c.path ?? "").sort();

describe("breaking changes against the released schema", () => {
  it("a removed field breaks clients of the release", async () => {
    const current = RELEASED.replace("  name: String!\n", "");
    const { breaking } = await compareSchemas(RELEASED, current);
    expect(paths(breaking)).toEqual(["Ci.name"]);
  });

  it("a field deprecated in the release may be removed", async () => {
    const current = RELEASED.replace(/ {2}owner: String @deprecated\(.*\)\n/, "");
    const { breaking, dangerous } = await compareSchemas(RELEASED, current);
    expect(breaking).toEqual([]);
    expect(paths(dangerous)).toEqual(["Ci.owner"]);
  });

  it("deprecated enum values and input fields may be removed, live ones may not", async () => {
    const current = RELEASED.replace(' OLD @deprecated(reason: "Use RETIRED.")', "")
      .replace(' legacy: String @deprecated(reason: "Ignored.")', "")
      .replace(" TEST", "");
    const { breaking } = await compareSchemas(RELEASED, current);
    expect(paths(breaking)).toEqual(["Lifecycle.TEST"]);
  });

  it("a new required argument or input field breaks, a new optional one does not", async () => {
    const required = RELEASED.replace("cis: [Ci!]!", "cis(first: Int!): [Ci!]!").replace(
      "input CiInput { key: String!",
      "input CiInput { key: String! name: String!",
    );
    expect(paths((await compareSchemas(RELEASED, required)).breaking)).toEqual([
      "CiInput.name",
      "Query.cis.first",
    ]);
    const optional = RELEASED.replace("cis: [Ci!]!", "cis(first: Int): [Ci!]!");
    expect((await compareSchemas(RELEASED, optional)).breaking).toEqual([]);
  });

  it("a field whose type changes breaks", async () => {
    const current = RELEASED.replace("responsibleTeam: String", "responsibleTeam: Int");
    expect(paths((await compareSchemas(RELEASED, current)).breaking)).toEqual([
      "Ci.responsibleTeam",
    ]);
  });

  it("release files sort by semantic version, not by text", async () => {
    expect(["0.10.0", "0.9.1", "1.0.0", "0.2.0"].sort(compareVersions)).toEqual([
      "0.2.0",
      "0.9.1",
      "0.10.0",
      "1.0.0",
    ]);
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-schema-"));
    for (const v of ["0.9.0", "0.10.0", "notes"])
      await writeFile(path.join(dir, `${v}.graphql`), "");
    expect((await lastRelease(dir))?.version).toBe("0.10.0");
  });
});

describe("the schema check as CI runs it", () => {
  const root = projectRoot();
  const committed = (): Promise<string> => readFile(path.join(root, "schema.graphql"), "utf8");
  /** The committed schema without `ConfigurationItem.key` and its one-line description. */
  const withoutCiKey = (schema: string): string => {
    const start = schema.search(/^type ConfigurationItem( implements [^{]+)? \{$/m);
    const end = schema.indexOf("\n}\n", start);
    const lines = schema.slice(start, end).split("\n");
    const at = lines.indexOf("  key: String!");
    const from = lines[at - 1]?.startsWith('  """') ? at - 1 : at;
    lines.splice(from, at - from + 1);
    return schema.slice(0, start) + lines.join("\n") + schema.slice(end);
  };
  /** Runs the check on `schema` against the repository's released schemas. */
  const run = async (schema: string, next?: { version: string; changelog: string }) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-schema-"));
    const file = path.join(dir, "schema.graphql");
    await writeFile(file, schema);
    let packageJson = path.join(root, "package.json");
    let changelog = path.join(root, "CHANGELOG.md");
    if (next) {
      packageJson = path.join(dir, "package.json");
      changelog = path.join(dir, "CHANGELOG.md");
      await writeFile(packageJson, JSON.stringify({ version: next.version }));
      await writeFile(changelog, next.changelog);
    }
    const out: string[] = [];
    const err: string[] = [];
    const code = await checkSchemaCompat(
      {
        schema: file,
        releases: path.join(root, "schema", "releases"),
        release: false,
        packageJson,
        changelog,
      },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("passes the committed schema", async () => {
    const res = await run(await committed());
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/compatible with the released schema \d+\.\d+\.\d+/);
  });

  it("fails when a field of the committed schema is removed, naming it", async () => {
    const schema = await committed();
    expect(withoutCiKey(schema)).not.toBe(schema);
    const res = await run(withoutCiKey(schema));
    expect(res.code).toBe(1);
    expect(res.err).toContain("ConfigurationItem.key");
    expect(res.err).toContain("@deprecated");
  });

  it("a new major version may break only what its changelog names", async () => {
    const schema = withoutCiKey(await committed());
    const named =
      "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- `ConfigurationItem.key`: use `id`.\n\n## [0.1.0]\n";
    const last = await lastRelease(path.join(root, "schema", "releases"));
    const major = Number(last?.version.split(".")[0] ?? 0);
    const nextMajor = `${String(major + 1)}.0.0`;
    expect((await run(schema, { version: nextMajor, changelog: named })).code).toBe(0);
    // named only under an older release: still silent
    const elsewhere = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0]\n\n- `ConfigurationItem.key`\n";
    const silent = await run(schema, { version: nextMajor, changelog: elsewhere });
    expect(silent.code).toBe(1);
    expect(silent.err).toContain("not named in CHANGELOG.md");
    // a minor version never breaks, whatever the changelog says
    expect((await run(schema, { version: `${String(major)}.1.0`, changelog: named })).code).toBe(1);
  });

  it("reads the Unreleased section up to the next release", () => {
    expect(unreleasedSection("# C\n## [Unreleased]\n- a\n## [1.0.0]\n- b\n")).toBe(
      "## [Unreleased]\n- a\n",
    );
    expect(unreleasedSection("# C\n## [1.0.0]\n- b\n")).toBe("");
  });
});
