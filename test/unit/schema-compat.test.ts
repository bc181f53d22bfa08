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
  const run = async (schema: string, release = false) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-schema-"));
    const file = path.join(dir, "schema.graphql");
    await writeFile(file, schema);
    const out: string[] = [];
    const err: string[] = [];
    const code = await checkSchemaCompat(
      {
        schema: file,
        releases: path.join(root, "schema", "releases"),
        release,
        packageJson: path.join(root, "package.json"),
      },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("passes the committed schema", async () => {
    const res = await run(await readFile(path.join(root, "schema.graphql"), "utf8"));
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/compatible with the released schema \d+\.\d+\.\d+/);
  });

  it("fails when a field of the committed schema is removed, naming it", async () => {
    const schema = await readFile(path.join(root, "schema.graphql"), "utf8");
    const withoutKey = schema.replace(
      /(type ConfigurationItem [^}]*?)\n {2}key: String!\n/,
      "$1\n",
    );
    expect(withoutKey).not.toBe(schema);
    const res = await run(withoutKey);
    expect(res.code).toBe(1);
    expect(res.err).toContain("ConfigurationItem.key");
    expect(res.err).toContain("@deprecated");
  });
});
