import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ImpactReport } from "../../src/application/impact/impact.js";
import { startGraphCmdb, type RunningGraphCmdb } from "../../src/bootstrap.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/config/logger.js";
import { productVersion } from "../../src/config/product-version.js";
import { createDriver } from "../../src/neo4j/database.js";
import {
  ensureEmbeddedBuilt,
  freePort,
  startEmbeddedNeo4j,
  type EmbeddedBuild,
} from "../../src/neo4j/embedded-neo4j.js";
import { ADMIN, READER } from "../support/actors.js";
import { IMPACT_ESTATE } from "../support/impact-estate.js";

/**
 * graph-cmdb-walk-<version>.jar set up as on any stock Neo4j 5.26 server: the jar alone in the
 * plugins folder (server.directories.plugins) with the allow-list docker-compose.yml sets, and
 * nothing of it on the server's classpath. And a Neo4j without it (an empty plugins folder, as on
 * Aura): the same answers from the Cypher walk. Each test starts its own Neo4j and product.
 */
describe("the walk plugin", () => {
  let built: EmbeddedBuild;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  beforeAll(async () => {
    built = await ensureEmbeddedBuilt(createLogger("silent"));
  }, 600_000);

  async function tempDir(name: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `graph-cmdb-${name}-`));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** A Neo4j loading procedures from `pluginsDir` only, and the product (HTTP too) on it. */
  async function productOn(
    pluginsDir: string,
    neo4jConf: string,
  ): Promise<{
    bolt: { uri: string; password: string };
    product: RunningGraphCmdb;
    log: string[];
  }> {
    const home = await tempDir("plugin-home");
    await mkdir(path.join(home, "conf"));
    await writeFile(path.join(home, "conf", "neo4j.conf"), neo4jConf);
    const neo4j = await startEmbeddedNeo4j({
      home,
      port: await freePort(),
      heapMb: 512,
      pageCacheMb: 64,
      pluginsDir,
      // minutes on a loaded machine
      startTimeoutMs: 600_000,
      log: createLogger("silent"),
    });
    cleanups.push(() => neo4j.stop());
    const log: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const config = loadConfig({
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: "neo4j",
      NEO4J_PASSWORD: neo4j.password,
      HOST: "127.0.0.1",
      PORT: "0",
      GRAPH_CMDB_DEMO: "false",
    });
    const product = await startGraphCmdb(config, pino({ level: "info" }, sink));
    cleanups.push(() => product.stop());
    const imported = await product.app.imports.importDocument(
      product.app.db.scope(),
      ADMIN,
      IMPACT_ESTATE,
    );
    expect(imported.errors).toEqual([]);
    return { bolt: { uri: neo4j.uri, password: neo4j.password }, product, log };
  }

  async function graphcmdbProcedures(bolt: { uri: string; password: string }): Promise<string[]> {
    const driver = createDriver({ ...bolt, username: "neo4j", database: "neo4j" });
    try {
      const { records } = await driver.executeQuery(
        "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'graphcmdb.' RETURN name ORDER BY name",
      );
      return records.map((r) => r.get("name") as string);
    } finally {
      await driver.close();
    }
  }

  /** The known answers of the small estate (test/neo4j/impact.test.ts has them all). */
  async function knownAnswers(product: RunningGraphCmdb): Promise<void> {
    const analyse = (key: string): Promise<ImpactReport> =>
      product.app.impact.analyse(product.app.db.scope(), READER, { ciKeys: [key] });
    const orders = await analyse("db-orders");
    expect(orders.impacted.map((i) => [i.key, i.distance, i.level])).toEqual([
      ["app-report", 1, "DOWN"],
      ["app-web", 1, "DOWN"],
      ["bs-report", 2, "DOWN"],
      ["bs-shop", 2, "DOWN"],
    ]);
    const level = new Map((await analyse("host-b")).impacted.map((i) => [i.key, i.level]));
    expect([level.get("vm-3"), level.get("cl-web"), level.get("db-orders")]).toEqual([
      "DOWN",
      "DEGRADED",
      "DOWN",
    ]);
  }

  async function readyz(product: RunningGraphCmdb): Promise<Record<string, unknown>> {
    const res = await fetch(`${product.url}/readyz`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it("is graph-cmdb-walk-<product version>.jar holding graph-cmdb's classes only (Neo4j is provided)", () => {
    expect(path.basename(built.plugin)).toBe(`graph-cmdb-walk-${productVersion()}.jar`);
    const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "jar") : "jar";
    const entries = execFileSync(java, ["tf", built.plugin], { encoding: "utf8" })
      .split("\n")
      .filter((e) => e.endsWith(".class"));
    expect(entries).toContain("graphcmdb/procedures/ImpactWalk.class");
    expect(entries).toContain("graphcmdb/procedures/PluginVersion.class");
    expect(entries.filter((e) => !e.startsWith("graphcmdb/"))).toEqual([]);
  });

  it("dropped into a plugins folder, as on a stock server: listed, used for analyses, named with its version by /readyz and the log", async () => {
    const plugins = await tempDir("plugins");
    await copyFile(built.plugin, path.join(plugins, path.basename(built.plugin)));
    // the allow-list docker-compose.yml gives the pinned neo4j image
    const { bolt, product, log } = await productOn(
      plugins,
      "dbms.security.procedures.allowlist=graphcmdb.*\n",
    );
    expect(await graphcmdbProcedures(bolt)).toEqual([
      "graphcmdb.impact.analyse",
      "graphcmdb.impact.analysePacked",
      "graphcmdb.impact.walk",
      "graphcmdb.plugin.version",
    ]);
    const walk = await product.app.impact.walkInUse(product.app.db.scope());
    expect(walk).toMatchObject({
      engine: "procedure",
      pluginVersion: productVersion(),
      warning: null,
    });
    await knownAnswers(product);
    expect((await readyz(product)).impactWalk).toMatchObject({
      engine: "procedure",
      pluginVersion: productVersion(),
    });
    const said = log.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(said.filter((l) => l.impactWalk !== undefined)).toEqual([
      expect.objectContaining({
        level: 30,
        impactWalk: "procedure",
        walkPluginVersion: productVersion(),
      }),
    ]);
  }, 900_000);

  it("absent (an empty plugins folder, as on Aura): no graphcmdb procedure, the same answers from the Cypher walk, and /readyz says so", async () => {
    const { bolt, product, log } = await productOn(await tempDir("no-plugins"), "");
    expect(await graphcmdbProcedures(bolt)).toEqual([]);
    expect(await product.app.impact.walkInUse(product.app.db.scope())).toMatchObject({
      engine: "cypher",
      pluginVersion: null,
      warning: null,
    });
    await knownAnswers(product);
    const ready = await readyz(product);
    expect(ready).toMatchObject({ ready: true, impactWalk: { engine: "cypher" } });
    expect(JSON.stringify(ready.impactWalk)).toContain("graphcmdb.impact.walk");
    const said = log.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(said.filter((l) => l.impactWalk !== undefined)).toEqual([
      expect.objectContaining({ level: 30, impactWalk: "cypher" }),
    ]);
  }, 900_000);
});
