import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ReadinessService } from "../../src/application/health/readiness.service.js";
import { migrate, MigrationChecksumError, readMigrations } from "../../src/neo4j/migrator.js";
import type { DbScope } from "../../src/neo4j/database.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";
import { CYPHER_DIR, testTarget, useTestDatabase } from "../support/test-database.js";

const MIGRATIONS = path.join(CYPHER_DIR, "migrations");

describe("schema migrations", () => {
  const ctx = useTestDatabase();
  const tempDirs: string[] = [];

  afterEach(async () => {
    // leave the shared database as every other test expects it: all real migrations recorded
    await runTestCypher(testTarget(), "forget-migrations");
    await migrate(ctx().db.scope(), MIGRATIONS);
    for (const d of tempDirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  async function migrationsWith(extra: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-migrations-"));
    tempDirs.push(dir);
    await cp(MIGRATIONS, dir, { recursive: true });
    for (const [name, text] of Object.entries(extra)) await writeFile(path.join(dir, name), text);
    return dir;
  }

  it("run once each, in order, and are recorded in the database", async () => {
    await runTestCypher(testTarget(), "forget-migrations");
    const all = (await readMigrations(MIGRATIONS)).map((m) => m.id);

    const first = await migrate(ctx().db.scope(), MIGRATIONS);
    expect(first.applied).toEqual(all);
    expect(first.alreadyApplied).toEqual([]);

    const second = await migrate(ctx().db.scope(), MIGRATIONS);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(all);
  });

  it("apply only the new file when one is added", async () => {
    const dir = await migrationsWith({
      "9001-test-probe-index.cypher":
        "CREATE INDEX graph_cmdb_test_probe IF NOT EXISTS FOR (n:GraphCmdbTestProbe) ON (n.x)",
    });
    const report = await migrate(ctx().db.scope(), dir);
    expect(report.applied).toEqual(["9001-test-probe-index"]);
  });

  it("refuse a migration whose file changed after it was applied", async () => {
    const dir = await migrationsWith({});
    const first = (await readMigrations(dir))[0]!;
    await writeFile(path.join(dir, `${first.id}.cypher`), `${first.text}\n// edited later\n`);
    await expect(migrate(ctx().db.scope(), dir)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it("make the server not ready while one is pending", async () => {
    const dir = await migrationsWith({
      "9002-test-probe-pending.cypher":
        "CREATE INDEX graph_cmdb_test_pending IF NOT EXISTS FOR (n:GraphCmdbTestProbe) ON (n.y)",
    });
    const walkInUse = (scope: DbScope) => ctx().app.impact.walkInUse(scope);
    const pending = await new ReadinessService(ctx().db, dir, walkInUse).check();
    const { impactWalk, ...rest } = pending;
    expect(rest).toEqual({
      ready: false,
      neo4j: "ok",
      pendingMigrations: ["9002-test-probe-pending"],
      importsInProgress: [],
    });
    // which walk is in use is said, and does not decide readiness
    expect(["procedure", "cypher"]).toContain(impactWalk?.engine);
    const current = await new ReadinessService(ctx().db, MIGRATIONS, walkInUse).check();
    expect(current.ready).toBe(true);
  });
});
