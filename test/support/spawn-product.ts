import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { projectRoot } from "../../src/config/project-root.js";
import { testTarget } from "./test-database.js";

/**
 * One of the product's entry points (`src/main.ts`, `src/cli/main.ts`) in a process of its own,
 * run from the sources (no build needed), on the test Neo4j: for what only a real process shows
 * (signals, pipes, standard input).
 */
export function spawnProduct(
  entry: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcessByStdio<Writable, Readable, Readable> {
  const t = testTarget();
  return spawn(process.execPath, ["--import", "@swc-node/register/esm-register", entry, ...args], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      NEO4J_URI: t.uri,
      NEO4J_USERNAME: t.username,
      NEO4J_PASSWORD: t.password,
      LOG_LEVEL: "silent",
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
}
