import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/cli.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { createDriver } from "../../src/neo4j/database.js";
import { freePort, portIsFree as portIsFreeNow } from "../../src/neo4j/embedded-neo4j.js";
import { serveProduct, type ServedProduct } from "../support/served-product.js";
import { TEST_ADMIN_TOKEN } from "../support/test-database.js";

/**
 * The product as a fresh clone runs it: no NEO4J_URI, its own embedded Neo4j in its data
 * directory, and the CLI beside it.
 */
describe("the product's own embedded Neo4j", () => {
  let dataDir: string;
  let home: string;
  let port: number;
  let product: ServedProduct;
  const scratch: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-own-neo4j-"));
    home = path.join(dataDir, "neo4j");
    port = await freePort();
    product = await serveProduct(
      {
        NEO4J_URI: "",
        NEO4J_PASSWORD: "",
        GRAPH_CMDB_DATA_DIR: dataDir,
        GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(port),
        GRAPH_CMDB_EMBEDDED_HEAP_MB: "512",
        GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: "64",
        GRAPH_CMDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        // as the README's quick start runs it: the demo estate loaded into the empty CMDB
        GRAPH_CMDB_DEMO: "true",
        GRAPH_CMDB_METRICS: "true",
      },
      300_000,
    );
  }, 300_000);
  afterAll(async () => {
    await product.stop();
    for (const dir of [dataDir, ...scratch]) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  async function cliIn(dir: string, ...argv: string[]): Promise<{ code: number; text: string }> {
    return cliOn(port, dir, ...argv);
  }

  async function cliOn(
    boltPort: number,
    dir: string,
    ...argv: string[]
  ): Promise<{ code: number; text: string }> {
    const lines: string[] = [];
    const io: CliIo = { out: (t) => lines.push(t), err: (t) => lines.push(t) };
    const code = await runCli(argv, io, {
      GRAPH_CMDB_DATA_DIR: dir,
      GRAPH_CMDB_EMBEDDED_BOLT_PORT: String(boltPort),
      GRAPH_CMDB_EMBEDDED_HEAP_MB: "256",
      GRAPH_CMDB_EMBEDDED_PAGECACHE_MB: "64",
      LOG_LEVEL: "silent",
    });
    return { code, text: lines.join("\n") };
  }

  async function gqlStatus(): Promise<{ status: number; code: unknown; ms: number }> {
    const started = Date.now();
    const res = await fetch(`${product.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ query: "{ ciTypes { name } }" }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: unknown } }[] };
    return {
      status: res.status,
      code: body.errors?.[0]?.extensions?.code ?? null,
      ms: Date.now() - started,
    };
  }

  it("keeps a generated password in the data directory, readable by its owner only", async () => {
    const file = await stat(path.join(home, "neo4j-password"));
    expect(file.mode & 0o777).toBe(0o600);
  });

  it("counts the demo estate's import at start in its metrics", async () => {
    const loaded = product
      .logLines()
      .find((l) => l.msg === "demo estate loaded into the empty CMDB");
    expect(loaded).toMatchObject({ errors: 0 });
    const cis = Number(loaded?.cis);
    const relationships = Number(loaded?.relationships);
    expect(cis).toBeGreaterThan(100);
    const text = await (await fetch(`${product.url}/metrics`)).text();
    const sample = (series: string): number => {
      const line = text.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
    };
    expect(sample('graph_cmdb_imports_total{kind="document",outcome="applied"}')).toBe(1);
    expect(
      sample('graph_cmdb_import_items_written_total{kind="document",phase="configurationItems"}'),
    ).toBe(cis);
    expect(
      sample('graph_cmdb_import_items_written_total{kind="document",phase="relationships"}'),
    ).toBe(relationships);
  });

  it("refuses Bolt clients without the password", async () => {
    for (const password of ["", "neo4j"]) {
      const driver = createDriver({
        uri: `bolt://127.0.0.1:${String(port)}`,
        username: "neo4j",
        password,
        database: "neo4j",
      });
      try {
        await expect(driver.getServerInfo()).rejects.toMatchObject({
          code: "Neo.ClientError.Security.Unauthorized",
        });
      } finally {
        await driver.close();
      }
    }
  });

  it("lets the CLI of the same data directory use the running Neo4j", async () => {
    const run = await cliIn(dataDir, "token", "list");
    expect(run).toMatchObject({ code: 0 });
  });

  it("lets the CLI given another Bolt port find the running Neo4j through the port it recorded", async () => {
    const recorded = path.join(home, "neo4j-bolt-port");
    expect(await readFile(recorded, "utf8")).toBe(`${String(port)}\n`);
    const otherPort = await freePort();
    const run = await cliOn(otherPort, dataDir, "token", "list");
    expect(run).toMatchObject({ code: 0 });

    // without the record, the CLI starts a Neo4j of its own on the same store: refused by the
    // store's lock, it says what holds the data directory instead of printing Neo4j's stack trace
    await rename(recorded, `${recorded}.aside`);
    try {
      const locked = await cliOn(otherPort, dataDir, "token", "list");
      expect(locked.code).toBe(1);
      expect(locked.text).toContain(`the data directory ${home} is in use by another Neo4j`);
      expect(locked.text).toContain("GRAPH_CMDB_EMBEDDED_BOLT_PORT");
      expect(locked.text).not.toMatch(/\bat org\.neo4j\./);
    } finally {
      await rename(`${recorded}.aside`, recorded);
    }
    expect(await portIsFreeNow(otherPort)).toBe(true);
  }, 120_000);

  it("refuses the CLI of another data directory, saying why", async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-other-data-"));
    scratch.push(other);
    const empty = await cliIn(other, "token", "list");
    expect(empty.code).toBe(1);
    expect(empty.text).toMatch(/has no Neo4j password .*not this data directory's Neo4j/s);

    await mkdir(path.join(other, "neo4j"), { recursive: true });
    await writeFile(path.join(other, "neo4j", "neo4j-password"), "another-store-password-123\n", {
      mode: 0o600,
    });
    const wrongPassword = await cliIn(other, "token", "list");
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.text).toMatch(/refuses the password .* it is another store/s);

    // the right password, but the data directory records another store
    await copyFile(path.join(home, "neo4j-password"), path.join(other, "neo4j", "neo4j-password"));
    await writeFile(
      path.join(other, "neo4j", "store-id"),
      "0f0f0f0f-0000-4000-8000-000000000000\n",
    );
    const wrongStore = await cliIn(other, "token", "list");
    expect(wrongStore.code).toBe(1);
    expect(wrongStore.text).toMatch(
      /is not the store of the data directory .*records store 0f0f0f0f/s,
    );
  });

  it("answers 503 at once when its Neo4j dies, and recovers by itself", async () => {
    expect((await fetch(`${product.url}/healthz`)).status).toBe(200);
    expect((await gqlStatus()).status).toBe(200);
    const pid = await neo4jPid(home);
    process.kill(pid, "SIGKILL");

    const died = Date.now();
    let health = await fetch(`${product.url}/healthz`);
    while (health.status === 200 && Date.now() - died < 2_000) {
      await new Promise((r) => setTimeout(r, 50));
      health = await fetch(`${product.url}/healthz`);
    }
    expect(health.status).toBe(503);
    expect(Date.now() - died).toBeLessThan(2_000);
    expect(await health.json()).toMatchObject({ status: "unavailable", neo4j: "restarting" });
    expect((await fetch(`${product.url}/readyz`)).status).toBe(503);
    const refused = await gqlStatus();
    expect(refused).toMatchObject({ status: 503, code: "UNAVAILABLE" });
    expect(refused.ms).toBeLessThan(1_000);

    // restarted on the same data, password and port
    const deadline = Date.now() + 180_000;
    let ready = await fetch(`${product.url}/readyz`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await fetch(`${product.url}/readyz`);
    }
    expect(ready.status).toBe(200);
    expect(await (await fetch(`${product.url}/healthz`)).json()).toMatchObject({
      status: "ok",
      neo4j: "up",
      neo4jRestarts: 1,
    });
    expect((await gqlStatus()).status).toBe(200);
    expect(await neo4jPid(home)).not.toBe(pid);
    expect(product.log()).toContain("the embedded Neo4j died; restarting it");
  }, 240_000);
});

/** The JVM that serves `home` (its command line names it), found through /proc. */
async function neo4jPid(home: string): Promise<number> {
  const { readdir, readFile } = await import("node:fs/promises");
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, "utf8")).split("\0");
      if (
        cmdline.includes("--home") &&
        cmdline.includes(home) &&
        cmdline.some((a) => a.endsWith("neo4j-embedded.jar"))
      )
        return Number(entry);
    } catch {
      // a process that ended while we looked
    }
  }
  throw new Error(`no embedded Neo4j serves ${home}`);
}
