// The product in a process of its own for the benchmarks, so that what the benchmark's client
// does (HTTP, JSON parsing of big answers) is not charged to the server it measures.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../src/config/project-root.js";

const START_TIMEOUT_MS = 300_000;

export interface ServedProduct {
  readonly url: string;
  readonly pid: number | null;
  /** V8's sampler in the server's process (`profiled` only): started, then stopped into `file`. */
  startProfile(): Promise<void>;
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** The entry to run (default: this build's `dist/src/main.js`); another build's to compare. */
  readonly entry?: string;
  /** Run it under bench/profiled-server.ts, so that the benchmark can sample its CPU. */
  readonly profiled?: boolean;
}

/** `main.js` (or `opts.entry`) in its own process with `env` added, once it says where it serves. */
export async function serveProduct(
  env: Record<string, string>,
  opts: ServeOptions = {},
): Promise<ServedProduct> {
  const entry = path.resolve(opts.entry ?? path.join(projectRoot(), "dist", "src", "main.js"));
  const argv = opts.profiled
    ? [path.join(projectRoot(), "dist", "bench", "profiled-server.js"), entry]
    : [entry];
  const child = spawn(process.execPath, argv, {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: opts.profiled ? ["ignore", "ignore", "pipe", "ipc"] : ["ignore", "ignore", "pipe"],
  });
  const url = await servedUrl(child);
  const ask = (message: Record<string, string>): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!opts.profiled) {
        reject(new Error("the server was not started with `profiled`"));
        return;
      }
      child.once("message", (answer: { error?: string }) => {
        if (answer.error) reject(new Error(answer.error));
        else resolve();
      });
      child.send(message);
    });
  return {
    url,
    pid: child.pid ?? null,
    startProfile: () => ask({ profile: "start" }),
    stopProfile: (file) => ask({ profile: "stop", file }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * The URL the product prints once it serves (`GraphQL at <url>/graphql` on stderr), within
 * `timeoutMs` (the process is stopped otherwise). Other readers of stderr (a log file it is piped
 * to) keep reading after.
 */
export function servedUrl(child: ChildProcess, timeoutMs = START_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(
        new Error(
          `graph-cmdb did not start within ${String(timeoutMs / 60_000)} minutes:\n${text.slice(-4000)}`,
        ),
      );
    }, timeoutMs);
    child.stderr?.setEncoding("utf8");
    const read = (chunk: string): void => {
      text += chunk;
      const m = /GraphQL at (\S+)\/graphql/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stderr?.off("data", read);
        child.stderr?.resume();
        resolve(m[1]);
      }
    };
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`graph-cmdb exited (${String(code)}) before serving:\n${text.slice(-4000)}`),
      );
    });
  });
}
