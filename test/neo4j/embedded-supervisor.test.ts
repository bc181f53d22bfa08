import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/config/logger.js";
import { freePort } from "../../src/neo4j/embedded-neo4j.js";
import { EmbeddedSupervisor } from "../../src/neo4j/embedded-supervisor.js";

describe("the embedded Neo4j's supervisor", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("says at once that Neo4j died, and gives up with a clear message when it cannot restart it", async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-supervised-"));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const port = await freePort();
    let gaveUp: Error | null = null;
    const supervisor = await EmbeddedSupervisor.start({
      home,
      port,
      heapMb: 512,
      pageCacheMb: 64,
      log: createLogger("silent"),
      maxRestarts: 2,
      backoffMs: 300,
      maxBackoffMs: 300,
      onGiveUp: (e) => (gaveUp = e),
    });
    cleanups.push(() => supervisor.stop());
    expect(supervisor.status()).toEqual({ state: "up", restarts: 0, lastExit: null });

    // something else takes the port the moment Neo4j dies: no restart can listen there
    const blocker = net.createServer();
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const down = new Promise<number>((resolve) => {
      supervisor.onDown(() => {
        blocker.listen(port, "127.0.0.1", () => resolve(Date.now()));
      });
    });
    const killedAt = Date.now();
    process.kill(supervisor.pid, "SIGKILL");
    expect((await down) - killedAt).toBeLessThan(1_000);
    expect(supervisor.isUp()).toBe(false);

    const deadline = Date.now() + 30_000;
    while (supervisor.status().state !== "failed" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(supervisor.status()).toMatchObject({ state: "failed", restarts: 0 });
    expect(supervisor.status().lastExit).toMatch(/SIGKILL/);
    expect(String(gaveUp)).toMatch(
      new RegExp(
        `2 restart\\(s\\) in a row failed \\(GRAPH_CMDB_EMBEDDED_MAX_RESTARTS=2\\).*port ${String(port)}`,
        "s",
      ),
    );
  }, 120_000);
});
