import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ReadinessService } from "../../src/application/health/readiness.service.js";
import {
  isSchemaOnly,
  migrate,
  migrateInitialStore,
  MigrationChecksumError,
  readMigrations,
} from "../../src/neo4j/migrator.js";
import { DATA_MIGRATIONS_IN_THE_FILES } from "../../src/neo4j/initial-load-files.js";
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

  it("on a store import --initial built: every schema statement, data migrations the files account for recorded without running, the others run", async () => {
    await runTestCypher(testTarget(), "forget-migrations");
    const dir = await migrationsWith({
      "9003-test-data-probe.cypher": "CREATE (:GraphCmdbTestProbe {x: 1})",
      "9004-test-data-probe-accounted.cypher": "CREATE (:GraphCmdbTestProbe {x: 2})",
    });
    const files = await readMigrations(dir);
    const accounted = new Set([
      ...DATA_MIGRATIONS_IN_THE_FILES.keys(),
      "9004-test-data-probe-accounted",
    ]);
    const report = await migrateInitialStore(ctx().db.scope(), dir, accounted);
    expect(report.recordedOnly).toEqual([
      "0041-relationship-in-force-backfill",
      "0052-users-from-api-tokens",
      "0120-ci-has-ended-relationship-label",
      "0128-ci-criticality-and-redundancy-group-labels",
      "9004-test-data-probe-accounted",
    ]);
    expect(report.applied).toEqual(
      files.map((f) => f.id).filter((id) => !report.recordedOnly.includes(id)),
    );
    // the data migration not accounted for ran (once), the accounted one did not
    const [probes] = await runTestCypher(testTarget(), "count-test-probes");
    expect(Number(String(probes?.probes))).toBe(1);
    // every file recorded with its checksum: the next start applies nothing
    const records = await runTestCypher(testTarget(), "list-migration-records");
    expect(records.map((r) => [r.id, r.checksum])).toEqual(
      files.map((f) => [f.id, f.checksum]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    const next = await migrate(ctx().db.scope(), dir);
    expect(next.applied).toEqual([]);
    // on a store with records already, it is the ordinary migration (nothing pending here)
    const again = await migrateInitialStore(ctx().db.scope(), dir, accounted);
    expect(again.applied).toEqual([]);
    expect(again.recordedOnly).toEqual([]);
  });

  it("tell schema-only migrations from data migrations, and the initial load's files account for every data migration there is", async () => {
    const files = await readMigrations(MIGRATIONS);
    const data = files.filter((f) => !isSchemaOnly(f)).map((f) => f.id);
    expect(data).toEqual([
      "0041-relationship-in-force-backfill",
      "0052-users-from-api-tokens",
      "0120-ci-has-ended-relationship-label",
      "0128-ci-criticality-and-redundancy-group-labels",
    ]);
    // a new data migration: make the importer's files hold its result and name it in
    // DATA_MIGRATIONS_IN_THE_FILES, or accept that every --initial runs it on the whole estate
    for (const id of data) expect(DATA_MIGRATIONS_IN_THE_FILES.has(id), id).toBe(true);
    expect(isSchemaOnly({ text: "// c\nCREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.y)\n" })).toBe(
      true,
    );
    expect(isSchemaOnly({ text: "CREATE INDEX x FOR (n:X) ON (n.y)" })).toBe(false);
    expect(isSchemaOnly({ text: "// c\nDROP INDEX ci_name IF EXISTS\n" })).toBe(true);
    expect(isSchemaOnly({ text: "DROP INDEX ci_name" })).toBe(false);
    expect(
      isSchemaOnly({
        text: "CREATE CONSTRAINT c IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE;\nMATCH (n) SET n.x = 1",
      }),
    ).toBe(false);
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
