import { beforeEach, describe, expect, it } from "vitest";
import { MAX_RELATIONSHIPS_PER_CI } from "../../src/domain/relationship/ci-relationship.js";
import { ADMIN, EDITOR, READER, codeOf, errorOf } from "../support/actors.js";
import { useTestDatabase } from "../support/test-database.js";

describe("relationships between CIs", () => {
  const ctx = useTestDatabase();
  const scope = () => ctx().db.scope();
  const rels = () => ctx().app.relationships;

  beforeEach(async () => {
    const { app } = ctx();
    for (const ci of [
      { key: "app", name: "App", type: "Application" },
      { key: "db", name: "DB", type: "Database" },
      { key: "os", name: "OS", type: "OperatingSystem" },
      { key: "host", name: "Host", type: "Server" },
      { key: "old", name: "Old", type: "Server", lifecycle: "RETIRED" },
    ]) {
      await app.cis.create(scope(), EDITOR, ci);
    }
  });

  async function idOf(key: string): Promise<string> {
    return (await ctx().app.cis.get(scope(), READER, { key }))!.id;
  }

  it("are created by key or id, typed and directed, and seen from both ends", async () => {
    const r = await rels().create(scope(), EDITOR, {
      from: { key: "app" },
      to: { id: await idOf("db") },
      type: "DEPENDS_ON",
      reason: "reads orders",
    });
    expect(r).toMatchObject({
      type: "DEPENDS_ON",
      fromId: await idOf("app"),
      toId: await idOf("db"),
      revision: 1,
      validTo: null,
      createdBy: "eddie",
      reason: "reads orders",
    });
    const [ofApp, ofDb] = await rels().ofCis(
      scope(),
      READER,
      [await idOf("app"), await idOf("db")],
      {
        asOf: null,
        includeRemoved: false,
      },
    );
    expect(ofApp!.map((x) => x.id)).toEqual([r.id]);
    expect(ofDb!.map((x) => x.id)).toEqual([r.id]);
  });

  it("refuse an unknown type, a self-relationship, an end the type does not admit, and a retired end", async () => {
    const unknown = await errorOf(
      rels().create(scope(), EDITOR, { from: { key: "app" }, to: { key: "db" }, type: "LIKES" }),
    );
    expect(unknown.message).toContain("type: is not a relationship type");
    const self = await errorOf(
      rels().create(scope(), EDITOR, {
        from: { key: "app" },
        to: { key: "app" },
        type: "DEPENDS_ON",
      }),
    );
    expect(self.message).toContain("a CI cannot be related to itself");
    // INSTALLED_ON may start only at an OperatingSystem or an Application
    const wrongEnd = await errorOf(
      rels().create(scope(), EDITOR, {
        from: { key: "db" },
        to: { key: "host" },
        type: "INSTALLED_ON",
      }),
    );
    expect(wrongEnd.details).toMatchObject({ field: "from", value: "db" });
    expect(wrongEnd.message).toContain(
      "is a Database: Database INSTALLED_ON Server is not allowed; INSTALLED_ON may start only at Application, OperatingSystem",
    );
    expect(
      await codeOf(
        rels().create(scope(), EDITOR, {
          from: { key: "os" },
          to: { key: "host" },
          type: "INSTALLED_ON",
        }),
      ),
    ).toBeNull();
    const retired = await errorOf(
      rels().create(scope(), EDITOR, { from: { key: "app" }, to: { key: "old" }, type: "RUNS_ON" }),
    );
    expect(retired.message).toContain("is RETIRED");
  });

  it("refuse a second identical relationship in force with CONFLICT", async () => {
    await rels().create(scope(), EDITOR, {
      from: { key: "app" },
      to: { key: "db" },
      type: "DEPENDS_ON",
    });
    expect(
      await codeOf(
        rels().create(scope(), EDITOR, {
          from: { key: "app" },
          to: { key: "db" },
          type: "DEPENDS_ON",
        }),
      ),
    ).toBe("CONFLICT");
    expect(
      await codeOf(
        rels().create(scope(), EDITOR, {
          from: { key: "app" },
          to: { key: "db" },
          type: "CONNECTS_TO",
        }),
      ),
    ).toBeNull();
  });

  it("an unknown end is NOT_FOUND, naming which end", async () => {
    const e = await errorOf(
      rels().create(scope(), EDITOR, {
        from: { key: "app" },
        to: { key: "ghost" },
        type: "DEPENDS_ON",
      }),
    );
    expect([e.code, e.message]).toEqual([
      "NOT_FOUND",
      'configuration item (to) "key ghost" does not exist',
    ]);
  });

  it("are removed at the revision read, kept as history, and read as of before the removal", async () => {
    const r = await rels().create(scope(), EDITOR, {
      from: { key: "app" },
      to: { key: "db" },
      type: "DEPENDS_ON",
    });
    const between = new Date();
    await new Promise((res) => setTimeout(res, 15));
    expect(await codeOf(rels().remove(scope(), EDITOR, r.id, 2))).toBe("CONFLICT");
    const removed = await rels().remove(scope(), EDITOR, r.id, 1, "moved to the new DB");
    expect(removed).toMatchObject({
      revision: 2,
      removedBy: "eddie",
      removeReason: "moved to the new DB",
    });
    expect(removed.validTo).toBeInstanceOf(Date);
    expect(await codeOf(rels().remove(scope(), EDITOR, r.id, 2))).toBe("CONFLICT");

    const app = await idOf("app");
    const ids = async (q: { asOf: Date | null; includeRemoved: boolean }) =>
      (await rels().ofCis(scope(), READER, [app], q))[0]!.map((x) => x.id);
    expect(await ids({ asOf: null, includeRemoved: false })).toEqual([]);
    expect(await ids({ asOf: between, includeRemoved: false })).toEqual([r.id]);
    expect(await ids({ asOf: null, includeRemoved: true })).toEqual([r.id]);
    // a new one may be made once the old one has ended
    expect(
      await codeOf(
        rels().create(scope(), EDITOR, {
          from: { key: "app" },
          to: { key: "db" },
          type: "DEPENDS_ON",
        }),
      ),
    ).toBeNull();
  });

  it("refuse writes to a READER", async () => {
    expect(
      await codeOf(
        rels().create(scope(), READER, {
          from: { key: "app" },
          to: { key: "db" },
          type: "DEPENDS_ON",
        }),
      ),
    ).toBe("FORBIDDEN");
  });

  it("an id that names no relationship is NOT_FOUND, a malformed one VALIDATION", async () => {
    expect(
      await codeOf(
        rels().remove(
          scope(),
          EDITOR,
          `${await idOf("app")}:00000000-0000-0000-0000-000000000000`,
          1,
        ),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(rels().remove(scope(), EDITOR, "garbage", 1))).toBe("VALIDATION");
  });

  it("reads at most a thousand relationships of one CI at once (a super-node has many more)", async () => {
    const n = MAX_RELATIONSHIPS_PER_CI + 5;
    const apps = Array.from({ length: n }, (_, i) => ({
      key: `app-${String(i).padStart(5, "0")}`,
      name: `App ${String(i)}`,
      type: "Application",
    }));
    const result = await ctx().app.imports.importDocument(ctx().db.scope(), ADMIN, {
      configurationItems: [{ key: "dns", name: "DNS", type: "ApplicationService" }, ...apps],
      relationships: apps.map((a) => ({ from: a.key, to: "dns", type: "DEPENDS_ON" })),
    });
    expect(result.errors).toEqual([]);
    const dns = await ctx().app.cis.get(ctx().db.scope(), READER, { key: "dns" });
    const [rels] = await ctx().app.relationships.ofCis(ctx().db.scope(), READER, [dns!.id], {
      asOf: null,
      includeRemoved: false,
    });
    expect(rels).toHaveLength(MAX_RELATIONSHIPS_PER_CI);
  });
});
