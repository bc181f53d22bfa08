import { Worker, type ResourceLimits, type Transferable } from "node:worker_threads";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The TypeScript loader the sources run under (tests, `spawnProduct`): a worker needs it too. */
const TS_LOADER = "@swc-node/register/esm-register";

let compilerHeld = false;

/**
 * Loads swc's native compiler (what the TypeScript loader runs) into this thread, once, and keeps
 * it: a worker that loads it first and ends unloads it, and the next worker's load then dies in
 * the addon's own registration (SIGSEGV, the whole process; swc-project/swc#2276). A test
 * process (vitest's fork) compiles with its own tools and never loads swc itself, so its second
 * initial load crashed it; a process started under the loader holds it already (ADR 012).
 */
function holdCompiler(here: string): void {
  if (compilerHeld) return;
  createRequire(here)("@swc/core");
  compilerHeld = true;
}

/**
 * Starts the worker thread whose entry is `entry` (a path relative to the module `here`, its
 * `import.meta.url`, without extension): `entry.js` when the product runs compiled (dist/),
 * `entry.ts` under the TypeScript loader when it runs from its sources (the tests), which a
 * worker does not inherit unless the process was started with it.
 */
export function startWorker(
  here: string,
  entry: string,
  workerData: unknown,
  transferList: readonly Transferable[],
  resourceLimits: ResourceLimits,
): Worker {
  const fromSources = here.endsWith(".ts");
  if (fromSources) holdCompiler(here);
  const file = fileURLToPath(new URL(`${entry}${fromSources ? ".ts" : ".js"}`, here));
  const execArgv =
    fromSources && !process.execArgv.includes(TS_LOADER)
      ? [...process.execArgv, "--import", TS_LOADER]
      : process.execArgv;
  return new Worker(file, {
    workerData,
    transferList: [...transferList],
    execArgv,
    resourceLimits,
  });
}

/** An error as it crosses threads: its class by name, code and details (structured clone keeps neither). */
export interface CrossingError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly kind?: string;
  readonly details?: Record<string, unknown>;
}

export function crossing(e: unknown): CrossingError {
  if (!(e instanceof Error)) return { name: "Error", message: String(e) };
  const { code, kind, details } = e as Error & Partial<Omit<CrossingError, "name" | "message">>;
  return {
    name: e.name,
    message: e.message,
    ...(e.stack === undefined ? {} : { stack: e.stack }),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof kind === "string" ? { kind } : {}),
    ...(details && typeof details === "object" ? { details } : {}),
  };
}
