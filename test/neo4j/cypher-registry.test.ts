import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApplication } from "../../src/bootstrap.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { CYPHER_NAMES } from "../../src/neo4j/cypher-names.js";
import {
  CypherRegistry,
  listStatementFiles,
  MissingCypherFileError,
} from "../../src/neo4j/cypher-registry.js";
import { isIdempotent, readMigrations } from "../../src/neo4j/migrator.js";
import { CYPHER_DIR, testTarget, useTestDatabase } from "../support/test-database.js";

describe("the Cypher registry", () => {
  const ctx = useTestDatabase();

  it("names exactly the statement files under cypher/: none missing, none orphaned", async () => {
    const files = await listStatementFiles(CYPHER_DIR);
    expect(files).toEqual([...CYPHER_NAMES].sort());
  });

  it("has a first-line comment in every statement saying what it returns", async () => {
    const registry = await CypherRegistry.load(CYPHER_DIR);
    const uncommented = registry.names().filter((n) => !registry.get(n).startsWith("//"));
    expect(uncommented).toEqual([]);
  });

  it("every statement parses and plans on the real Neo4j (EXPLAIN)", async () => {
    const { db } = ctx();
    const session = db.driver.session({ database: db.name });
    const failures: string[] = [];
    try {
      for (const name of CYPHER_NAMES) {
        try {
          await session.run(`EXPLAIN ${db.registry.get(name)}`);
        } catch (e) {
          failures.push(`${name}: ${(e as Error).message}`);
        }
      }
    } finally {
      await session.close();
    }
    expect(failures).toEqual([]);
    // some 150 statements planned one after another: more than the default minute on a busy machine
  }, 300_000);

  it("every migration is idempotent by its own text (IF NOT EXISTS, or a DROP … IF EXISTS)", async () => {
    const migrations = await readMigrations(path.join(CYPHER_DIR, "migrations"));
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.filter((m) => !isIdempotent(m)).map((m) => m.id)).toEqual([]);
    // the rule refuses what would fail, or do something else, the second time
    for (const text of [
      "CREATE INDEX x FOR (n:X) ON (n.y)",
      "// c\nDROP INDEX x",
      "DROP CONSTRAINT x",
      "// IF EXISTS\nDROP INDEX x",
      "MATCH (n:X) DELETE n",
      "DROP INDEX x IF EXISTS;\nMATCH (n:X) DELETE n",
    ])
      expect(isIdempotent({ text }), text).toBe(false);
    for (const text of [
      "CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.y)",
      "// c\nDROP INDEX x IF EXISTS\n",
      "DROP CONSTRAINT x_y IF EXISTS",
    ])
      expect(isIdempotent({ text }), text).toBe(true);
  });

  it("a missing .cypher file stops the start and names the statement and the file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-cypher-"));
    try {
      await cp(CYPHER_DIR, dir, { recursive: true });
      await rm(path.join(dir, "auth", "find-api-token-by-hash.cypher"));
      const target = testTarget();
      const config = loadConfig({ NEO4J_URI: target.uri, NEO4J_PASSWORD: target.password });
      const start = openApplication(config, createLogger("silent"), { cypherDir: dir });
      await expect(start).rejects.toBeInstanceOf(MissingCypherFileError);
      await expect(start).rejects.toThrow(path.join(dir, "auth", "find-api-token-by-hash.cypher"));
      await expect(start).rejects.toThrow('"auth/find-api-token-by-hash"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
