import { once } from "node:events";
import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { spawnProduct } from "./spawn-product.js";

export interface ServedProduct {
  readonly url: string;
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Everything it wrote on stderr so far (its JSON log lines among them). */
  log(): string;
  /** Its JSON log lines so far, parsed. */
  logLines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * `src/main.ts` in a process of its own (as `npm start` runs it), once it says where it serves.
 * `env` is added to the test Neo4j's; set NEO4J_URI to "" to have it start its embedded Neo4j.
 */
export async function serveProduct(
  env: Record<string, string>,
  startTimeoutMs = 180_000,
): Promise<ServedProduct> {
  const child = spawnProduct("src/main.ts", [], {
    HOST: "127.0.0.1",
    PORT: "0",
    GRAPH_CMDB_DEMO: "false",
    LOG_LEVEL: "info",
    ...env,
  });
  let text = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    text += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server did not start within ${String(startTimeoutMs)} ms:\n${text}`));
    }, startTimeoutMs);
    child.stderr.on("data", () => {
      const m = /GraphQL at (\S+)\/graphql/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before serving:\n${text}`));
    });
  });
  return {
    url,
    child,
    log: () => text,
    logLines: () =>
      text
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
