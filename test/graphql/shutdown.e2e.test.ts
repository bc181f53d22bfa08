import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { spawnProduct } from "../support/spawn-product.js";
import { TEST_ADMIN_TOKEN } from "../support/test-database.js";

describe("stopping the server", () => {
  it("runs the product's own shutdown on SIGTERM and exits 0", async () => {
    // the server as `npm start` runs it
    const child = spawnProduct("src/main.ts", [], {
      HOST: "127.0.0.1",
      PORT: "0",
      GRAPH_CMDB_DEMO: "false",
      GRAPH_CMDB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: "info",
    });
    let log = "";
    child.stderr.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: string) => {
        log += chunk;
        const m = /GraphQL at (\S+)\/graphql/.exec(log);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => {
        reject(new Error(`the server exited (${String(code)}) before serving:\n${log}`));
      });
    });
    const ready = await fetch(`${url}/healthz`);
    expect(ready.status).toBe(200);

    child.kill("SIGTERM");
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(log).toContain('"signal":"SIGTERM"');
    expect(log).toContain("shutting down");
  }, 120_000);
});
