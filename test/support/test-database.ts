import path from "node:path";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { Application } from "../../src/application/application.js";
import { DEFAULT_CHANGE_POLICY } from "../../src/config/config.js";
import { projectRoot } from "../../src/config/project-root.js";
import { CypherRegistry } from "../../src/neo4j/cypher-registry.js";
import { createDriver, Database, type DatabaseTarget } from "../../src/neo4j/database.js";
import { migrate } from "../../src/neo4j/migrator.js";
import { runTestCypher } from "./neo4j-for-tests.js";

export const CYPHER_DIR = path.join(projectRoot(), "cypher");
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const TEST_IMPACT_LIMITS = {
  maxDepth: 25,
  nodeCap: 1000,
  pagedNodeCap: 100_000,
  walk: "auto",
} as const;

export function testTarget(): DatabaseTarget {
  return inject("neo4j");
}

export interface TestDatabase {
  readonly target: DatabaseTarget;
  readonly db: Database;
  readonly app: Application;
}

/**
 * For a test file: a migrated database and the application core over it, and a clean slate
 * (every node deleted but the migration records) before each test.
 */
/**
 * `walk` picks where impact walks run (default: auto, the procedure the embedded Neo4j has).
 * With `seed`, the slate is cleaned and seeded once for the whole file instead (for tests that
 * only read a large fixture, such as the query-plan tests).
 */
export function useTestDatabase(
  opts: {
    walk?: "auto" | "procedure" | "cypher";
    seed?: (t: TestDatabase) => Promise<void>;
  } = {},
): () => TestDatabase {
  let current: TestDatabase | null = null;
  beforeAll(async () => {
    const target = testTarget();
    const registry = await CypherRegistry.load(CYPHER_DIR);
    const db = new Database(createDriver(target), registry, target.database);
    await migrate(db.scope(), path.join(CYPHER_DIR, "migrations"));
    const app = new Application(db, {
      adminToken: TEST_ADMIN_TOKEN,
      impact: { ...TEST_IMPACT_LIMITS, walk: opts.walk ?? TEST_IMPACT_LIMITS.walk },
      change: DEFAULT_CHANGE_POLICY,
    });
    current = { target, db, app };
    if (opts.seed) {
      await wipeTestData();
      await app.catalogue.ensureDefaults(db.scope());
      await opts.seed(current);
    }
  });
  beforeEach(async () => {
    if (opts.seed) return;
    await wipeTestData();
    // every CMDB starts with the default catalogue, as the product does at start
    await current?.app.catalogue.ensureDefaults(current.db.scope());
  });
  afterAll(async () => {
    await current?.db.close();
    current = null;
  });
  return () => {
    if (!current)
      throw new Error("useTestDatabase(): call the getter inside a test or hook, not at load time");
    return current;
  };
}

export async function wipeTestData(): Promise<void> {
  await runTestCypher(testTarget(), "wipe-test-data");
}
