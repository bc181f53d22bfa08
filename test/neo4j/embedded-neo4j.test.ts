import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/config/logger.js";
import { createDriver } from "../../src/neo4j/database.js";
import {
  freePort,
  Neo4jUnavailableError,
  portIsFree,
  startEmbeddedNeo4j,
} from "../../src/neo4j/embedded-neo4j.js";
import { runTestCypher } from "../support/neo4j-for-tests.js";

const log = createLogger("silent");

describe("the embedded Neo4j", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function tempHome(): Promise<string> {
    const home = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-embedded-"));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    return home;
  }

  it("serves Bolt on 127.0.0.1, keeps its data in its home, and frees the port when stopped", async () => {
    const home = await tempHome();
    const port = await freePort();
    const neo4j = await startEmbeddedNeo4j({ home, port, heapMb: 512, pageCacheMb: 64, log });
    expect(neo4j.uri).toBe(`bolt://127.0.0.1:${String(port)}`);
    const driver = createDriver({
      uri: neo4j.uri,
      username: "neo4j",
      password: neo4j.password,
      database: "neo4j",
    });
    try {
      const info = await driver.getServerInfo();
      expect(info.agent).toMatch(/^Neo4j\/5\.26\./);
    } finally {
      await driver.close();
    }
    expect(await portIsFree(port)).toBe(false);
    await neo4j.stop();
    expect(await portIsFree(port)).toBe(true);
  });

  // two starts of a Neo4j: a minute each on a loaded machine
  it("keeps at most 1 GiB of transaction logs, unless its neo4j.conf says otherwise", async () => {
    const home = await tempHome();
    const retention = async (): Promise<unknown> => {
      const neo4j = await startEmbeddedNeo4j({
        home,
        port: await freePort(),
        heapMb: 512,
        pageCacheMb: 64,
        log,
      });
      try {
        const target = {
          uri: neo4j.uri,
          username: "neo4j",
          password: neo4j.password,
          database: "neo4j",
        };
        const [row] = await runTestCypher(target, "show-setting", {
          name: "db.tx_log.rotation.retention_policy",
        });
        return row?.value;
      } finally {
        await neo4j.stop();
      }
    };
    expect(await retention()).toBe("2 days 1G");
    await mkdir(path.join(home, "conf"), { recursive: true });
    await writeFile(
      path.join(home, "conf", "neo4j.conf"),
      "db.tx_log.rotation.retention_policy=keep_none\n",
    );
    expect(await retention()).toBe("keep_none");
  }, 300_000);

  it("refuses a port that is already taken, naming it and the variable to change", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as net.AddressInfo).port;
    const start = startEmbeddedNeo4j({
      home: await tempHome(),
      port,
      heapMb: 512,
      pageCacheMb: 64,
      log,
    });
    await expect(start).rejects.toBeInstanceOf(Neo4jUnavailableError);
    await expect(start).rejects.toThrow(
      new RegExp(`port ${String(port)}.*GRAPH_CMDB_EMBEDDED_BOLT_PORT`),
    );
  });

  it("without Java, says exactly that and every way to get a Neo4j", async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = "/nonexistent-java-home";
    cleanups.push(() => {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
      return Promise.resolve();
    });
    const start = startEmbeddedNeo4j({
      home: await tempHome(),
      port: await freePort(),
      heapMb: 512,
      pageCacheMb: 64,
      log,
    });
    await expect(start).rejects.toBeInstanceOf(Neo4jUnavailableError);
    await expect(start).rejects.toThrow(/No Java runtime/);
    await expect(start).rejects.toThrow(/NEO4J_URI/);
    await expect(start).rejects.toThrow(/docker compose up/);
  });
});
