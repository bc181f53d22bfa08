import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ImpactService } from "../../src/application/impact/impact.service.js";
import type { ImpactInput, ImpactReport } from "../../src/application/impact/impact.js";
import { readMigrations } from "../../src/neo4j/migrator.js";
import { ADMIN, EDITOR, READER, codeOf } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { CYPHER_DIR, useTestDatabase } from "../support/test-database.js";

// Every answer twice: walked inside Neo4j by graph-cmdb's procedure, and level by level in
// Cypher (the walk on a Neo4j without the procedure, and as of a past instant).
describe.each(["procedure", "cypher"] as const)("impact analysis (walk: %s)", (walk) => {
  const ctx = useTestDatabase({ walk });
  const scope = () => ctx().db.scope();
  const analyse = (input: ImpactInput) => ctx().app.impact.analyse(scope(), READER, input);
  const table = (r: ImpactReport) => r.impacted.map((i) => [i.key, i.distance, i.level]);
  const keys = (r: ImpactReport) => r.impacted.map((i) => i.key).sort();
  const labelled = async () =>
    (await runTestCypher(ctx().target, "list-ended-relationship-ends")).map((r) => String(r.key));

  beforeEach(async () => {
    const result = await ctx().app.imports.importDocument(scope(), ADMIN, IMPACT_ESTATE);
    expect(result.errors).toEqual([]);
  });

  it("finds every dependent with its minimum distance, nearest first", async () => {
    const r = await analyse({ ciKeys: ["db-orders"] });
    expect(table(r)).toEqual([
      ["app-report", 1, "DOWN"],
      ["app-web", 1, "DOWN"],
      ["bs-report", 2, "DOWN"],
      ["bs-shop", 2, "DOWN"],
    ]);
    expect(r.truncated).toBe(false);
    expect(r.roots.map((c) => c.key)).toEqual(["db-orders"]);
  });

  it("ranks the business services hit by criticality, then distance", async () => {
    const r = await analyse({ ciKeys: ["db-orders"] });
    expect(r.businessServices.map((b) => [b.key, b.criticality])).toEqual([
      ["bs-shop", 1],
      ["bs-report", 3],
    ]);
  });

  it("stops at maxDepth", async () => {
    expect(keys(await analyse({ ciKeys: ["db-orders"], maxDepth: 1 }))).toEqual([
      "app-report",
      "app-web",
    ]);
    expect((await analyse({ ciKeys: ["host-b"], maxDepth: 2 })).depthReached).toBe(2);
  });

  it("follows each type the way its dependent end says: TARGET types along the arrow", async () => {
    // os-a INSTALLED_ON host-a (TARGET): patching the OS impacts the host and what runs there
    const r = await analyse({ ciKeys: ["os-a"] });
    expect(r.impacted.slice(0, 3).map((i) => [i.key, i.distance, i.reachedThrough])).toEqual([
      ["host-a", 1, ["INSTALLED_ON"]],
      ["vm-1", 2, ["HOSTED_ON"]],
      ["vm-2", 2, ["HOSTED_ON"]],
    ]);
  });

  it("with DEPENDENCIES lists what a CI needs instead", async () => {
    const r = await analyse({ ciKeys: ["app-web"], direction: "DEPENDENCIES" });
    expect(keys(r)).toEqual([
      "cl-web",
      "db-orders",
      "host-a",
      "host-b",
      "os-a",
      "vm-1",
      "vm-2",
      "vm-3",
      "vm-db",
    ]);
    const level = new Map(r.impacted.map((i) => [i.key, i.level]));
    // needed outright, or only through a cluster that survives one member's loss
    expect([
      level.get("db-orders"),
      level.get("cl-web"),
      level.get("vm-1"),
      level.get("host-a"),
    ]).toEqual(["DOWN", "DOWN", "DEGRADED", "DEGRADED"]);
  });

  it("follows only the relationship types asked for, and lists only the CI types asked for", async () => {
    expect(keys(await analyse({ ciKeys: ["host-b"], relationshipTypes: ["HOSTED_ON"] }))).toEqual([
      "vm-3",
      "vm-db",
    ]);
    expect(keys(await analyse({ ciKeys: ["db-orders"], ciTypes: ["BusinessService"] }))).toEqual([
      "bs-report",
      "bs-shop",
    ]);
    // the VirtualMachine filter includes no subtypes here, but Server includes VirtualMachine
    expect(keys(await analyse({ ciKeys: ["host-a"], ciTypes: ["Server"] }))).toEqual([
      "vm-1",
      "vm-2",
    ]);
  });

  it("refuses a type that carries no impact, an unknown type and a depth past the cap, naming them", async () => {
    expect(await codeOf(analyse({ ciKeys: ["db-orders"], relationshipTypes: ["OWNED_BY"] }))).toBe(
      "VALIDATION",
    );
    await expect(analyse({ ciKeys: ["db-orders"], ciTypes: ["Toaster"] })).rejects.toThrow(
      'ciTypes: is not a CI type (got "Toaster")',
    );
    await expect(analyse({ ciKeys: ["db-orders"], maxDepth: 99 })).rejects.toThrow(
      /maxDepth: must be from 1 to 25/,
    );
    await expect(analyse({ ciKeys: ["nope"] })).rejects.toThrow('"key nope" does not exist');
  });

  describe("redundancy: a 3-member cluster that needs 2", () => {
    it("one member changed: the cluster and what runs on it are DEGRADED, not DOWN", async () => {
      const level = new Map(
        (await analyse({ ciKeys: ["vm-1"] })).impacted.map((i) => [i.key, i.level]),
      );
      expect([level.get("cl-web"), level.get("app-web"), level.get("bs-shop")]).toEqual([
        "DEGRADED",
        "DEGRADED",
        "DEGRADED",
      ]);
    });

    it("two members changed: the cluster and what runs on it are DOWN", async () => {
      const level = new Map(
        (await analyse({ ciKeys: ["vm-1", "vm-2"] })).impacted.map((i) => [i.key, i.level]),
      );
      expect([level.get("cl-web"), level.get("app-web"), level.get("bs-shop")]).toEqual([
        "DOWN",
        "DOWN",
        "DOWN",
      ]);
    });

    it("a host under two members takes the cluster DOWN through them", async () => {
      const level = new Map(
        (await analyse({ ciKeys: ["host-a"] })).impacted.map((i) => [i.key, i.level]),
      );
      expect([
        level.get("vm-1"),
        level.get("vm-2"),
        level.get("cl-web"),
        level.get("app-web"),
      ]).toEqual(["DOWN", "DOWN", "DOWN", "DOWN"]);
    });

    it("a host under one member leaves the cluster DEGRADED, while what it hosts alone goes DOWN", async () => {
      const level = new Map(
        (await analyse({ ciKeys: ["host-b"] })).impacted.map((i) => [i.key, i.level]),
      );
      expect([
        level.get("vm-3"),
        level.get("cl-web"),
        level.get("vm-db"),
        level.get("db-orders"),
        level.get("app-web"),
      ]).toEqual(["DOWN", "DEGRADED", "DOWN", "DOWN", "DOWN"]);
    });
  });

  it("terminates on cycles and never lists a CI twice", async () => {
    const r = await analyse({ ciKeys: ["app-a"] });
    expect(table(r)).toEqual([["app-b", 1, "DOWN"]]);
    const all = await analyse({ ciKeys: ["host-a", "host-b", "app-a"] });
    expect(new Set(all.impacted.map((i) => i.id)).size).toBe(all.impacted.length);
  });

  it("gives explanation paths that really exist in the graph", async () => {
    const r = await analyse({ ciKeys: ["host-b", "os-a"] });
    expect(r.impacted.length).toBeGreaterThan(5);
    const ids = [...new Set(r.impacted.flatMap((i) => i.path))];
    const rels = (
      await ctx().app.relationships.ofCis(scope(), READER, ids, {
        asOf: null,
        includeRemoved: false,
      })
    ).flat();
    const exists = (a: string, b: string, type: string) =>
      rels.some(
        (x) =>
          x.type === type && ((x.fromId === a && x.toId === b) || (x.fromId === b && x.toId === a)),
      );
    for (const item of r.impacted) {
      expect(item.path).toHaveLength(item.distance + 1);
      expect(item.path[item.path.length - 1]).toBe(item.id);
      expect(r.roots.map((c) => c.id)).toContain(item.path[0]);
      item.pathTypes.forEach((type, step) => {
        expect([item.key, step, exists(item.path[step]!, item.path[step + 1]!, type)]).toEqual([
          item.key,
          step,
          true,
        ]);
      });
    }
    // two shortest explanations exist (through the DB VM or through the cluster): either will do
    expect([
      ["HOSTED_ON", "RUNS_ON", "DEPENDS_ON", "DEPENDS_ON"],
      ["HOSTED_ON", "MEMBER_OF", "RUNS_ON", "DEPENDS_ON"],
    ]).toContainEqual(r.impacted.find((i) => i.key === "bs-shop")?.pathTypes);
  });

  it("says truncated when the node cap stops the walk, and lists no more than the cap", async () => {
    const capped = new ImpactService({ maxDepth: 25, nodeCap: 3, walk }, ctx().app.catalogue);
    const r = await capped.analyse(scope(), READER, { ciKeys: ["host-b"] });
    expect(r.truncated).toBe(true);
    expect(r.impacted).toHaveLength(3);
    expect((await capped.analyse(scope(), READER, { ciKeys: ["app-a"] })).truncated).toBe(false);
  });

  it("answers as of a past instant: a relationship removed since still counts then", async () => {
    const before = new Date();
    await new Promise((r) => setTimeout(r, 15));
    const report = await ctx().app.cis.get(scope(), READER, { key: "app-report" });
    const [rels] = await ctx().app.relationships.ofCis(scope(), READER, [report!.id], {
      asOf: null,
      includeRemoved: false,
    });
    const link = rels!.find((r) => r.type === "DEPENDS_ON" && r.fromId === report!.id)!;
    await ctx().app.relationships.remove(
      scope(),
      EDITOR,
      link.id,
      1,
      "report moved to the warehouse",
    );

    expect(keys(await analyse({ ciKeys: ["db-orders"] }))).toEqual(["app-web", "bs-shop"]);
    expect(keys(await analyse({ ciKeys: ["db-orders"], asOf: before }))).toEqual([
      "app-report",
      "app-web",
      "bs-report",
      "bs-shop",
    ]);
  });

  it("skips a relationship ended before its ends were labelled, once migration 0120 labels them", async () => {
    const report = await ctx().app.cis.get(scope(), READER, { key: "app-report" });
    const [rels] = await ctx().app.relationships.ofCis(scope(), READER, [report!.id], {
      asOf: null,
      includeRemoved: false,
    });
    const link = rels!.find((r) => r.type === "DEPENDS_ON" && r.fromId === report!.id)!;
    await ctx().app.relationships.remove(scope(), EDITOR, link.id, 1, "report moved");
    expect(await labelled()).toEqual(["app-report", "db-orders"]);
    // a store written before the label: the relationship has ended, its ends carry no label
    await runTestCypher(ctx().target, "unlabel-ended-relationship-ends");
    if (walk === "procedure") {
      // what the label is for: the procedure checks validTo only on labelled CIs
      expect(keys(await analyse({ ciKeys: ["db-orders"] }))).toContain("app-report");
    }
    const migration = (await readMigrations(path.join(CYPHER_DIR, "migrations"))).find((m) =>
      m.id.startsWith("0120-"),
    )!;
    await scope().runSchemaStatement(migration.text);
    expect(await labelled()).toEqual(["app-report", "db-orders"]);
    expect(keys(await analyse({ ciKeys: ["db-orders"] }))).toEqual(["app-web", "bs-shop"]);
  });

  it("counts a redundancy group's members as they were at asOf", async () => {
    const before = new Date();
    await new Promise((r) => setTimeout(r, 15));
    await ctx().app.cis.retire(scope(), EDITOR, { key: "vm-3" }, 1, "decommissioned");
    // now: 2 members in force, losing one leaves 1 < 2; then: 3 members, losing one leaves 2
    const level = async (asOf: Date | null) =>
      (await analyse({ ciKeys: ["vm-1"], asOf })).impacted.find((i) => i.key === "cl-web")?.level;
    expect(await level(null)).toBe("DOWN");
    expect(await level(before)).toBe("DEGRADED");
  });

  it("lists the single points of failure of a service, honouring the cluster", async () => {
    const spof = await ctx().app.impact.singlePointsOfFailure(scope(), READER, { key: "bs-shop" });
    expect(spof.points.map((p) => p.key).sort()).toEqual([
      "app-web",
      "cl-web",
      "db-orders",
      "host-a",
      "host-b",
      "os-a",
      "vm-db",
    ]);
    expect(spof.examined).toBe(10);
  });

  it("finds dependency cycles, in the whole CMDB and under a CI", async () => {
    const all = await ctx().app.impact.dependencyCycles(scope(), READER, null);
    expect(all.count).toBe(1);
    expect(all.cycles[0]!.members.map((m) => m.key)).toEqual(
      expect.arrayContaining(["app-a", "app-b"]),
    );
    expect(all.cycles[0]!.example.map((m) => m.key)).toHaveLength(3);
    expect(
      (await ctx().app.impact.dependencyCycles(scope(), READER, { key: "bs-shop" })).count,
    ).toBe(0);
  });

  it("finds a shortest dependency path, or none", async () => {
    const path = await ctx().app.impact.dependencyPath(
      scope(),
      READER,
      { key: "bs-shop" },
      { key: "host-b" },
    );
    expect(path?.path).toHaveLength(5);
    expect(
      await ctx().app.impact.dependencyPath(scope(), READER, { key: "host-b" }, { key: "bs-shop" }),
    ).toBeNull();
    const impacts = await ctx().app.impact.dependencyPath(
      scope(),
      READER,
      { key: "host-b" },
      { key: "bs-shop" },
      { direction: "DEPENDENTS" },
    );
    expect(impacts?.path).toHaveLength(5);
  });
});
