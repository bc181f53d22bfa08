import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DbScope } from "./database.js";
import { Neo4jUnavailableError } from "./embedded-neo4j.js";

/**
 * Each store has an id, kept in the graph (`(:StoreIdentity {singleton: true, id})`) and, for
 * the embedded Neo4j, in a file of its data directory. A CLI that finds a Neo4j already running
 * on its port compares the two before it touches anything.
 */
export function storeIdFileOf(home: string): string {
  return path.join(home, "store-id");
}

/** The store's id, made on first use. */
export async function ensureStoreId(scope: DbScope): Promise<string> {
  const [row] = await scope.write("store/ensure-store-identity", { id: randomUUID() });
  return String(row?.id);
}

/** Records the id of the store that `home` holds (the server's and CLI's own embedded Neo4j). */
export async function recordStoreId(home: string, id: string): Promise<void> {
  let recorded: string | null = null;
  try {
    recorded = (await readFile(storeIdFileOf(home), "utf8")).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (recorded !== id) await writeFile(storeIdFileOf(home), `${id}\n`, { mode: 0o644 });
}

/**
 * Refuses a Neo4j that is not the store of `home`: the id recorded there must be the one the
 * database holds.
 */
export async function verifyStoreId(scope: DbScope, home: string, uri: string): Promise<void> {
  let recorded: string | null = null;
  try {
    recorded = (await readFile(storeIdFileOf(home), "utf8")).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const [row] = await scope.read("store/find-store-identity");
  const actual = row ? String(row.id) : null;
  if (recorded !== null && recorded === actual) return;
  throw new Neo4jUnavailableError(
    `the Neo4j at ${uri} is not the store of the data directory ${home}: ` +
      (recorded === null
        ? "that directory records no store id"
        : `that directory records store ${recorded}, the database ${actual === null ? "has no store id" : `is store ${actual}`}`) +
      ". Stop the graph-cmdb that runs there, or point GRAPH_CMDB_DATA_DIR (or NEO4J_URI) at the right one.",
  );
}
