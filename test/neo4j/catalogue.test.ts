import { describe, expect, it } from "vitest";
import { ADMIN, EDITOR, READER, codeOf, errorOf } from "../support/actors.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { testTarget, useTestDatabase } from "../support/test-database.js";

describe("CI and relationship types as data", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const catalogue = () => ctx().app.catalogue;

  it("every CMDB starts with the default catalogue, marked built in", async () => {
    const stored = await catalogue().read(scope(), READER);
    expect(stored.ciTypes.map((t) => t.name)).toEqual(
      expect.arrayContaining(["BusinessService", "Cluster", "VirtualMachine"]),
    );
    expect(stored.relationshipTypes.find((t) => t.name === "INSTALLED_ON")).toMatchObject({
      dependent: "TARGET",
      builtIn: true,
    });
  });

  it("an ADMIN defines a subtype whose CIs then inherit and must meet its attribute rules", async () => {
    const cache = await catalogue().defineCiType(scope(), ADMIN, {
      name: "Cache",
      parent: "Application",
      attributes: [{ name: "engine", type: "string", required: true }],
    });
    expect(cache).toMatchObject({
      name: "Cache",
      parent: "Application",
      revision: 1,
      builtIn: false,
    });
    const missing = await errorOf(
      ctx().app.cis.create(scope(), EDITOR, { key: "c", name: "C", type: "Cache" }),
    );
    expect(missing.message).toContain("attributes.engine: is required by type Cache");
    await ctx().app.cis.create(scope(), EDITOR, {
      key: "c",
      name: "C",
      type: "Cache",
      attributes: { engine: "redis" },
    });
    const apps = await ctx().app.cis.list(
      scope(),
      READER,
      { type: "Application" },
      { first: 10, after: null },
    );
    expect(apps.items.map((c) => c.key)).toEqual(["c"]);
  });

  it("changing a type names the revision read; a stale one is a CONFLICT", async () => {
    await catalogue().defineCiType(scope(), ADMIN, { name: "Robot" });
    const changed = await catalogue().defineCiType(scope(), ADMIN, {
      name: "Robot",
      description: "arms",
      revision: 1,
    });
    expect(changed.revision).toBe(2);
    expect(
      await codeOf(
        catalogue().defineCiType(scope(), ADMIN, {
          name: "Robot",
          description: "legs",
          revision: 1,
        }),
      ),
    ).toBe("CONFLICT");
  });

  it("refuses an unknown parent or a parent cycle, and writes nothing", async () => {
    const unknown = await errorOf(
      catalogue().defineCiType(scope(), ADMIN, { name: "Drone", parent: "Aircraft" }),
    );
    expect(unknown.message).toBe('CI type Drone: parent: is not a CI type (got "Aircraft")');
    await catalogue().defineCiType(scope(), ADMIN, { name: "A" });
    await catalogue().defineCiType(scope(), ADMIN, { name: "B", parent: "A" });
    expect(
      await codeOf(
        catalogue().defineCiType(scope(), ADMIN, { name: "A", parent: "B", revision: 1 }),
      ),
    ).toBe("VALIDATION");
    expect((await catalogue().read(scope(), READER)).catalogue.ciType("A")?.parent).toBeNull();
  });

  it("a new relationship type needs no code: CIs may be related by it at once", async () => {
    await catalogue().defineRelationshipType(scope(), ADMIN, {
      name: "REPLICATES_TO",
      inverseName: "REPLICA_OF",
      dependent: "TARGET",
      allowedSourceTypes: ["Database"],
      allowedTargetTypes: ["Database"],
    });
    await ctx().app.cis.create(scope(), EDITOR, { key: "p", name: "Primary", type: "Database" });
    await ctx().app.cis.create(scope(), EDITOR, { key: "r", name: "Replica", type: "Database" });
    await ctx().app.cis.create(scope(), EDITOR, { key: "s", name: "Server", type: "Server" });
    const r = await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "p" },
      to: { key: "r" },
      type: "REPLICATES_TO",
    });
    expect(r.type).toBe("REPLICATES_TO");
    expect(
      await codeOf(
        ctx().app.relationships.create(scope(), EDITOR, {
          from: { key: "p" },
          to: { key: "s" },
          type: "REPLICATES_TO",
        }),
      ),
    ).toBe("VALIDATION");
  });

  it("refuses Application RUNS_ON Rack with a VALIDATION naming the type, both CI types and what is allowed", async () => {
    await ctx().app.cis.create(scope(), EDITOR, { key: "app", name: "App", type: "Application" });
    await ctx().app.cis.create(scope(), EDITOR, { key: "rack", name: "Rack", type: "Rack" });
    const e = await errorOf(
      ctx().app.relationships.create(scope(), EDITOR, {
        from: { key: "app" },
        to: { key: "rack" },
        type: "RUNS_ON",
      }),
    );
    expect([e.code, e.message]).toEqual([
      "VALIDATION",
      'relationship app RUNS_ON rack: to: is a Rack: Application RUNS_ON Rack is not allowed; RUNS_ON may end only at Cluster, Container, Server (or their subtypes) (got "rack")',
    ]);
  });

  it("brings a default type the product wrote and nobody changed up to the current rules, keeping what breaks them", async () => {
    // a CMDB that an earlier release seeded: RUNS_ON and HOSTED_ON without endpoint rules
    for (const name of ["RUNS_ON", "HOSTED_ON"])
      await runTestCypher(testTarget(), "store-unruled-relationship-type", { name });
    const hosted = (await catalogue().read(scope(), READER)).relationshipTypes.find(
      (t) => t.name === "HOSTED_ON",
    )!;
    await catalogue().defineRelationshipType(scope(), ADMIN, {
      ...hosted,
      description: "ours",
      revision: hosted.revision,
    });
    await ctx().app.cis.create(scope(), EDITOR, { key: "app", name: "App", type: "Application" });
    await ctx().app.cis.create(scope(), EDITOR, { key: "rack", name: "Rack", type: "Rack" });
    await ctx().app.relationships.create(scope(), EDITOR, {
      from: { key: "app" },
      to: { key: "rack" },
      type: "RUNS_ON",
    });

    await catalogue().ensureDefaults(scope());
    await catalogue().ensureDefaults(scope());
    const types = (await catalogue().read(scope(), READER)).relationshipTypes;
    expect(types.find((t) => t.name === "RUNS_ON")).toMatchObject({
      allowedTargetTypes: ["Cluster", "Container", "Server"],
      revision: 2,
      builtIn: true,
    });
    // nothing else is written again: the other defaults are as the product wrote them
    const stored = await catalogue().read(scope(), READER);
    expect(
      [...stored.ciTypes, ...stored.relationshipTypes]
        .filter((t) => t.revision !== 1)
        .map((t) => t.name)
        .sort(),
    ).toEqual(["HOSTED_ON", "RUNS_ON"]);
    // the organisation's own definition stays, rules and all
    expect(types.find((t) => t.name === "HOSTED_ON")).toMatchObject({
      allowedSourceTypes: null,
      description: "ours",
      revision: 2,
    });
    const trail = await ctx().app.audit.trail(
      scope(),
      ADMIN,
      { targetType: "RELATIONSHIP_TYPE" },
      { first: 50, after: null },
    );
    expect(trail.items.map((a) => [a.targetKey, a.actor])).toContainEqual([
      "RUNS_ON",
      "system:catalogue",
    ]);

    const report = await ctx().app.integrity.run(scope(), EDITOR);
    const breaches = report.results.find((r) => r.rule === "RELATIONSHIP_BREAKS_TYPE_RULES")!;
    expect(breaches.offenders.map((o) => o.detail)).toEqual([
      'app RUNS_ON rack: to: is a Rack: Application RUNS_ON Rack is not allowed; RUNS_ON may end only at Cluster, Container, Server (or their subtypes) (got "rack")',
    ]);
  });

  it("changing an existing type without naming the revision read is a CONFLICT", async () => {
    await catalogue().defineCiType(scope(), ADMIN, { name: "Robot" });
    const e = await errorOf(
      catalogue().defineCiType(scope(), ADMIN, { name: "Robot", description: "x" }),
    );
    expect([e.code, e.message]).toEqual([
      "CONFLICT",
      "CI type Robot already exists (revision 1): name the revision you read to change it",
    ]);
  });

  it("only an ADMIN defines types", async () => {
    expect(await codeOf(catalogue().defineCiType(scope(), EDITOR, { name: "X" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(
        catalogue().defineRelationshipType(scope(), EDITOR, {
          name: "X",
          inverseName: "Y",
          dependent: "NONE",
        }),
      ),
    ).toBe("FORBIDDEN");
  });
});
