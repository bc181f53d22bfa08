import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Logger } from "../config/logger.js";
import { productVersion } from "../config/product-version.js";
import { projectRoot } from "../config/project-root.js";

/**
 * The embedded Neo4j Community: a small Java launcher (`neo4j-embedded/embedded/`) built once with
 * Maven from Maven Central jars into `neo4j-embedded/embedded/target/` (git-ignored), then started
 * with plain `java`. It loads graph-cmdb's walk plugin (`neo4j-embedded/walk-plugin/`, built by
 * the same `mvn package`) from its home's `plugins/` folder, as a stock Neo4j server would. The
 * child exits when its stdin closes, so it never outlives the process that started it.
 */

export class Neo4jUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Neo4jUnavailableError";
  }
}

export const HOW_TO_GET_NEO4J = [
  "graph-cmdb needs Neo4j 5.26+. Any one of these will do:",
  "  - set NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD) to a running Neo4j server, cluster or Aura;",
  "  - with a Docker engine: `docker compose up` (Neo4j and the API together);",
  "  - install Java 17+ and Maven (Debian: `apt-get install openjdk-17-jdk-headless maven`),",
  "    and graph-cmdb starts an embedded Neo4j Community by itself.",
].join("\n");

interface Paths {
  /** The Maven parent: `walk-plugin/` and `embedded/` are its modules. */
  readonly moduleDir: string;
  readonly launcher: string;
  readonly pluginTarget: string;
  readonly stamp: string;
}

function paths(): Paths {
  const moduleDir = path.join(projectRoot(), "neo4j-embedded");
  return {
    moduleDir,
    launcher: path.join(moduleDir, "embedded", "target", "neo4j-embedded.jar"),
    pluginTarget: path.join(moduleDir, "walk-plugin", "target"),
    stamp: path.join(moduleDir, "embedded", "target", "build-stamp"),
  };
}

/** The walk plugin's file name: `graph-cmdb-walk-<version>.jar`. */
export const WALK_PLUGIN_PREFIX = "graph-cmdb-walk-";
export const walkPluginFile = (version: string): string => `${WALK_PLUGIN_PREFIX}${version}.jar`;

/** What `mvn package` in neo4j-embedded/ gives: the launcher and the walk plugin. */
export interface EmbeddedBuild {
  /** `embedded/target/neo4j-embedded.jar`, started with `java -jar` (its jars in `lib/`). */
  readonly launcher: string;
  /** `walk-plugin/target/graph-cmdb-walk-<version>.jar`, for any Neo4j 5.26's plugins folder. */
  readonly plugin: string;
  readonly version: string;
}

/**
 * The version the poms give the walk plugin, checked against package.json's: the plugin is part
 * of the product, and graph-cmdb uses only a plugin of its own version (see chooseWalk).
 */
export async function walkPluginVersion(moduleDir = paths().moduleDir): Promise<string> {
  const product = productVersion();
  const found = new Map<string, string>();
  for (const pom of ["pom.xml", "walk-plugin/pom.xml", "embedded/pom.xml"]) {
    const text = await readFile(path.join(moduleDir, pom), "utf8");
    // the parent's own version, and the version each module names its parent by
    const m = /<artifactId>graph-cmdb-neo4j<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(text);
    found.set(pom, m?.[1]?.trim() ?? "(none)");
  }
  const wrong = [...found].filter(([, v]) => v !== product);
  if (wrong.length > 0) {
    throw new Neo4jUnavailableError(
      `the walk plugin's version must be the product's (package.json: ${product}), but ` +
        wrong.map(([pom, v]) => `neo4j-embedded/${pom} says ${v}`).join(", ") +
        ": set the same version in all three poms",
    );
  }
  return product;
}

export interface JavaRuntime {
  readonly command: string;
  readonly major: number;
}

/** The Java that `JAVA_HOME` or `PATH` gives, with its major version; null when there is none. */
export async function findJava(): Promise<JavaRuntime | null> {
  const javaHome = process.env.JAVA_HOME;
  const command = javaHome ? path.join(javaHome, "bin", "java") : "java";
  const out = await capture(command, ["-version"]);
  if (out === null) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!match?.[1]) return null;
  const first = Number(match[1]);
  const major = first === 1 ? Number(match[2] ?? 0) : first;
  return { command, major };
}

async function sourceFingerprint(p: Paths): Promise<string> {
  const hash = createHash("sha256");
  // every pom, Java source and resource of both modules (target/ folders left out)
  for (const file of (await buildInputs(p.moduleDir)).sort()) {
    hash.update(path.relative(p.moduleDir, file));
    hash.update(await readFile(file));
  }
  return hash.digest("hex");
}

async function buildInputs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "target") found.push(...(await buildInputs(full)));
    } else if (/\.(java|xml|properties)$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** Builds the launcher and the walk plugin unless an up-to-date build is cached. */
export async function ensureEmbeddedBuilt(log: Logger): Promise<EmbeddedBuild> {
  const p = paths();
  const version = await walkPluginVersion(p.moduleDir);
  const built: EmbeddedBuild = {
    launcher: p.launcher,
    plugin: path.join(p.pluginTarget, walkPluginFile(version)),
    version,
  };
  const fingerprint = await sourceFingerprint(p);
  if (existsSync(p.launcher) && existsSync(built.plugin) && existsSync(p.stamp)) {
    if ((await readFile(p.stamp, "utf8")).trim() === fingerprint) return built;
  }
  const mvn = process.env.MAVEN_CMD ?? "mvn";
  if ((await capture(mvn, ["-v"])) === null) {
    throw new Neo4jUnavailableError(
      `Maven (${mvn}) is needed once to fetch the embedded Neo4j jars and was not found.\n${HOW_TO_GET_NEO4J}`,
    );
  }
  progress(
    "graph-cmdb: building the embedded Neo4j Community 5.26 and the walk plugin from Maven Central " +
      "(first run only, about 125 MB of jars; cached in neo4j-embedded/*/target)…",
  );
  const started = Date.now();
  await runMaven(mvn, p.moduleDir);
  if (!existsSync(built.plugin)) {
    throw new Neo4jUnavailableError(`the Maven build made no ${built.plugin}`);
  }
  await mkdir(path.dirname(p.stamp), { recursive: true });
  await writeFile(p.stamp, `${fingerprint}\n`);
  progress(`graph-cmdb: embedded Neo4j built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log.info(
    { launcher: built.launcher, plugin: built.plugin },
    "embedded Neo4j and walk plugin built",
  );
  return built;
}

/**
 * The plugins folder of an embedded Neo4j's home, as a stock server's `plugins/`: it holds this
 * build's walk plugin (other versions of it removed; anything else an operator put there kept).
 */
export async function installWalkPlugin(pluginsDir: string, built: EmbeddedBuild): Promise<void> {
  await mkdir(pluginsDir, { recursive: true });
  const wanted = path.basename(built.plugin);
  for (const name of await readdir(pluginsDir)) {
    if (name.startsWith(WALK_PLUGIN_PREFIX) && name.endsWith(".jar") && name !== wanted) {
      await rm(path.join(pluginsDir, name), { force: true });
    }
  }
  await copyFile(built.plugin, path.join(pluginsDir, wanted));
}

function runMaven(mvn: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(mvn, ["-B", "-DskipTests", "package"], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tail: string[] = [];
    let fetched = 0;
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (/Downloaded from/.test(line)) {
        fetched += 1;
        if (fetched % 25 === 0) progress(`graph-cmdb:   … ${fetched} artifacts fetched`);
      }
    };
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Neo4jUnavailableError(
            `building the embedded Neo4j failed (mvn exit ${String(code)}):\n${tail.join("\n")}`,
          ),
        );
    });
  });
}

export interface EmbeddedOptions {
  readonly home: string;
  readonly port: number;
  readonly heapMb: number;
  readonly pageCacheMb: number;
  readonly log: Logger;
  readonly startTimeoutMs?: number;
  /**
   * The plugins folder Neo4j loads procedures from, used as it is (an empty folder: a Neo4j
   * without graph-cmdb's walk). Default: `HOME/plugins`, given this build's walk plugin.
   */
  readonly pluginsDir?: string;
}

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly startupMs: number;
  /** The password of the user `neo4j` (kept in the home's password file). */
  readonly password: string;
  /** The JVM's process id (for an operator, and for the supervision tests). */
  readonly pid: number;
  /** Resolves when the JVM exits, whoever ended it. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

/** Where the embedded Neo4j's password is kept: in its home, readable by its owner only. */
export function passwordFileOf(home: string): string {
  return path.join(home, "neo4j-password");
}

/**
 * Where a running embedded Neo4j records its Bolt port, so that a CLI given another port (or the
 * default) still finds the Neo4j that holds the data directory.
 */
export function boltPortFileOf(home: string): string {
  return path.join(home, "neo4j-bolt-port");
}

/** The Bolt port the last embedded Neo4j of `home` recorded, or null when none did. */
export async function readRecordedBoltPort(home: string): Promise<number | null> {
  try {
    const port = Number((await readFile(boltPortFileOf(home), "utf8")).trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/**
 * The password of the embedded Neo4j in `home`: read from its file, or made (random, 256 bits)
 * and written there with mode 0600 on first use. A file others may read is narrowed to 0600.
 */
export async function ensureEmbeddedPassword(home: string, log: Logger): Promise<string> {
  const file = passwordFileOf(home);
  await mkdir(home, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString("base64url")}\n`, {
      mode: 0o600,
      flag: "wx",
    });
    log.info({ file }, "embedded Neo4j password generated");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode !== 0o600) {
    await chmod(file, 0o600);
    log.warn({ file, mode: mode.toString(8) }, "embedded Neo4j password file narrowed to mode 600");
  }
  return readEmbeddedPassword(home);
}

/** The password in `home`'s file (ENOENT when the store never ran with one). */
export async function readEmbeddedPassword(home: string): Promise<string> {
  const password = (await readFile(passwordFileOf(home), "utf8")).trim();
  if (password.length < 8) {
    throw new Neo4jUnavailableError(
      `the embedded Neo4j password in ${passwordFileOf(home)} is shorter than 8 characters: delete the file and a new one is made at the next start`,
    );
  }
  return password;
}

/** Starts the embedded Neo4j on 127.0.0.1 and resolves once Bolt accepts connections. */
export async function startEmbeddedNeo4j(opts: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const java = await findJava();
  if (!java) {
    throw new Neo4jUnavailableError(
      `No Java runtime was found (JAVA_HOME or PATH).\n${HOW_TO_GET_NEO4J}`,
    );
  }
  if (java.major < 17) {
    throw new Neo4jUnavailableError(
      `The embedded Neo4j needs Java 17 or newer; ${java.command} is Java ${String(java.major)}.\n${HOW_TO_GET_NEO4J}`,
    );
  }
  if (!(await portIsFree(opts.port))) {
    throw new Neo4jUnavailableError(
      `port ${String(opts.port)} on 127.0.0.1 is already in use, so the embedded Neo4j cannot listen ` +
        `there: stop what uses it, set GRAPH_CMDB_EMBEDDED_BOLT_PORT to another port, or point ` +
        `NEO4J_URI at the Neo4j that is running there`,
    );
  }
  const built = await ensureEmbeddedBuilt(opts.log);
  const pluginsDir = opts.pluginsDir ?? path.join(opts.home, "plugins");
  if (opts.pluginsDir === undefined) await installWalkPlugin(pluginsDir, built);
  const password = await ensureEmbeddedPassword(opts.home, opts.log);
  const args = [
    `-Xms${String(Math.min(opts.heapMb, 512))}m`,
    `-Xmx${String(opts.heapMb)}m`,
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-jar",
    built.launcher,
    "--home",
    opts.home,
    "--port",
    String(opts.port),
    "--pagecache-mb",
    String(opts.pageCacheMb),
    "--plugins",
    pluginsDir,
    // a file, not the password: arguments are visible to every local user
    "--password-file",
    passwordFileOf(opts.home),
  ];
  const started = Date.now();
  const child = spawn(java.command, args, { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const uri = await waitUntilReady(child, opts);
  await writeFile(boltPortFileOf(opts.home), `${String(opts.port)}\n`);
  const startupMs = Date.now() - started;
  opts.log.info({ uri, home: opts.home, startupMs, neo4jPid: child.pid }, "embedded Neo4j ready");
  return {
    uri,
    startupMs,
    password,
    pid: child.pid ?? 0,
    exited,
    stop: () => stopChild(child, opts.log),
  };
}

function waitUntilReady(child: ChildProcess, opts: EmbeddedOptions): Promise<string> {
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new Error("the embedded Neo4j must be spawned with piped output");
  const timeoutMs = opts.startTimeoutMs ?? 180_000;
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      const log = path.join(opts.home, "logs", "debug.log");
      reject(
        new Neo4jUnavailableError(
          tail.some((line) => line.includes("Lock file has been locked by another process"))
            ? `the data directory ${opts.home} is in use by another Neo4j (a graph-cmdb server ` +
                "or command running on it with another GRAPH_CMDB_EMBEDDED_BOLT_PORT, or a " +
                "Neo4j of its own): stop it, or give this command that process's port " +
                `(GRAPH_CMDB_EMBEDDED_BOLT_PORT) so that it uses the running Neo4j (see ${log})`
            : `the embedded Neo4j did not start: ${why}\n${tail.join("\n")}\n(see ${log})`,
        ),
      );
    };
    const timer = setTimeout(() => {
      fail(`not ready after ${String(timeoutMs / 1000)} s`);
    }, timeoutMs);
    createInterface({ input: stdout }).on("line", (line) => {
      const m = /^GRAPH_CMDB_NEO4J_READY (\S+)/.exec(line);
      if (m?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    createInterface({ input: stderr }).on("line", (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      opts.log.debug({ neo4j: line }, "embedded Neo4j");
    });
    child.on("error", (e) => {
      fail(e.message);
    });
    child.on("exit", (code, signal) => {
      fail(`the process exited (code ${String(code)}, signal ${String(signal)})`);
    });
  });
}

async function stopChild(child: ChildProcess, log: Logger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => {
    log.warn("embedded Neo4j did not stop within 30 s; killing it");
    child.kill("SIGKILL");
  }, 30_000);
  await exited;
  clearTimeout(killer);
  log.info("embedded Neo4j stopped");
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that was free a moment ago (for throw-away test databases). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function capture(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    let out = "";
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", () => resolve(null));
    child.on("exit", (code) => resolve(code === 0 ? out : null));
  });
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
