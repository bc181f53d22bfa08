import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TimeoutError } from "../../src/domain/errors.js";
import type { CypherName } from "../../src/neo4j/cypher-names.js";
import { CypherRegistry } from "../../src/neo4j/cypher-registry.js";
import {
  createDriver,
  Database,
  type DatabaseOptions,
  type Neo4jAvailability,
} from "../../src/neo4j/database.js";
import { testTarget } from "../support/test-database.js";

const TEST_CYPHER = path.join(import.meta.dirname, "..", "support", "cypher");
const SHOW_OWN = "show-own-transaction" as CypherName;
const LONG_READ = "long-read" as CypherName;

describe("a database scope, as Neo4j sees it", () => {
  const opened: Database[] = [];
  async function database(options: DatabaseOptions = {}): Promise<Database> {
    const target = testTarget();
    const registry = await CypherRegistry.load(TEST_CYPHER, [SHOW_OWN, LONG_READ]);
    const db = new Database(createDriver(target), registry, target.database, options);
    opened.push(db);
    return db;
  }
  let db: Database;
  beforeAll(async () => {
    db = await database({ readTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
  });

  it("tells SHOW TRANSACTIONS who runs a transaction, for which request and operation", async () => {
    const scope = db.scope([], { requestId: "req-42", user: "alice" });
    scope.describe({ operation: "ImpactOfRfc" });
    const expected = {
      app: "graph-cmdb",
      requestId: "req-42",
      user: "alice",
      operation: "ImpactOfRfc",
    };
    const [managed] = await scope.read(SHOW_OWN);
    expect(managed?.metaData).toEqual(expected);
    const [autoCommit] = await scope.readAutoCommit((tx) => tx.run(SHOW_OWN));
    expect(autoCommit?.metaData).toEqual(expected);
    const [write] = await scope.writeTransaction((tx) => tx.run(SHOW_OWN));
    expect(write?.metaData).toEqual(expected);
  });

  it("ends a read that outlasts the read timeout, as TIMEOUT naming the setting", async () => {
    const quick = await database({ readTimeoutMs: 500 });
    const started = Date.now();
    const read = quick.scope().read(LONG_READ);
    await expect(read).rejects.toBeInstanceOf(TimeoutError);
    await expect(read).rejects.toThrow(/GRAPH_CMDB_NEO4J_READ_TIMEOUT_MS/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("fails at once while Neo4j is down, and gives up a call under way when Neo4j goes away", async () => {
    let up = true;
    const listeners = new Set<() => void>();
    const availability: Neo4jAvailability = {
      isUp: () => up,
      onDown: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const watched = await database({ readTimeoutMs: 60_000, availability });

    const underWay = watched.scope().read(LONG_READ);
    await new Promise((r) => setTimeout(r, 300));
    up = false;
    const wentAway = Date.now();
    for (const l of listeners) l();
    await expect(underWay).rejects.toThrow(/went away/);
    expect(Date.now() - wentAway).toBeLessThan(500);

    const refused = Date.now();
    await expect(watched.scope().read(SHOW_OWN)).rejects.toThrow(/restarting/);
    expect(Date.now() - refused).toBeLessThan(100);
    expect(listeners.size).toBe(0);
  });
});
