import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Logger } from "../config/logger.js";
import {
  ensureEmbeddedBuilt,
  ensureEmbeddedPassword,
  findJava,
  Neo4jUnavailableError,
} from "./embedded-neo4j.js";
import type { InitialLoadFileSet } from "./initial-load-files.js";

/**
 * Neo4j's own bulk importer (`neo4j-admin database import full`, the `neo4j-import-tool`
 * artifact), run offline on the embedded store's home. The embedded Neo4j's jars already hold
 * it (the `org.neo4j:neo4j` aggregator depends on it, at the same version), so it runs from
 * the same `neo4j-embedded/embedded/target/lib` with no build of its own.
 */
export interface BulkImportOptions {
  /** The embedded Neo4j's home (its data directory). */
  readonly home: string;
  readonly files: InitialLoadFileSet;
  /** Where the importer writes its report. */
  readonly reportDir: string;
  readonly heapMb: number;
  /** Off-heap memory the importer may take (its caches); it takes 90% of free memory otherwise. */
  readonly offHeapMb: number;
  readonly log: Logger;
  /** Each line the importer prints (its progress). */
  readonly onLine?: (line: string) => void;
}

export interface BulkImportReport {
  readonly nodes: number;
  readonly relationships: number;
  readonly properties: number;
  readonly ms: number;
}

const IMPORT_TOOL_JAR = /^neo4j-import-tool-[\d.]+\.jar$/;

/**
 * The database the importer writes: not `neo4j`, so that an importer stopped half-way leaves no
 * half-built store where Neo4j looks (ADR 012): only once it has finished is its store renamed to
 * `neo4j` (`promoteStagedDatabase`).
 */
export const STAGED_DATABASE = "graph-cmdb-initial-load";

/** The store directory of database `name` in an embedded home. */
export function databaseDirectory(home: string, name = "neo4j"): string {
  return path.join(home, "data", "databases", name);
}

function transactionsDirectory(home: string, name: string): string {
  return path.join(home, "data", "transactions", name);
}

/**
 * What makes a data directory hold a CMDB already, found without starting Neo4j: the store id a
 * first start records (`store-id`), or files in the `neo4j` database's store directory. Empty
 * when there is neither (a new directory, or one only a refused or interrupted load touched).
 */
export async function existingStore(home: string): Promise<string[]> {
  const found: string[] = [];
  if (existsSync(path.join(home, "store-id"))) found.push("its store id (store-id)");
  const dir = databaseDirectory(home);
  const files = await readdir(dir).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  });
  if (files.length > 0)
    found.push(`a database store (${String(files.length)} files in ${path.relative(home, dir)})`);
  return found;
}

/** Removes what the importer may have left of its staged database (store and transaction logs). */
export async function removeStagedDatabase(home: string): Promise<void> {
  await rm(databaseDirectory(home, STAGED_DATABASE), { recursive: true, force: true });
  await rm(transactionsDirectory(home, STAGED_DATABASE), { recursive: true, force: true });
}

/**
 * Makes the importer's finished store the `neo4j` database: its transaction logs first, then its
 * store (the start looks for the store; logs without one are never read). Both are renames within
 * the data directory.
 */
export async function promoteStagedDatabase(home: string): Promise<void> {
  await mkdir(path.join(home, "data", "transactions"), { recursive: true });
  await rm(transactionsDirectory(home, "neo4j"), { recursive: true, force: true });
  await rename(transactionsDirectory(home, STAGED_DATABASE), transactionsDirectory(home, "neo4j"));
  await rm(databaseDirectory(home), { recursive: true, force: true });
  await rename(databaseDirectory(home, STAGED_DATABASE), databaseDirectory(home));
}

/**
 * `setpriv --pdeathsig KILL` when the system has it (util-linux): the importer is then killed
 * with the process that started it, instead of going on writing for nobody.
 */
function dieWithParent(): string[] {
  for (const dir of ["/usr/bin", "/bin"]) {
    const setpriv = path.join(dir, "setpriv");
    if (existsSync(setpriv)) return [setpriv, "--pdeathsig", "KILL"];
  }
  return [];
}

interface AdminToolRun {
  readonly home: string;
  readonly heapMb: number;
  readonly log: Logger;
  readonly onLine?: (line: string) => void;
}

/**
 * Runs `neo4j-admin` (`org.neo4j.cli.AdminTool`) from the embedded Neo4j's jars on its home
 * (`NEO4J_HOME`, `NEO4J_CONF`: the home's own neo4j.conf, or an empty one); resolves with the
 * lines it printed, throws with its last lines when it fails.
 */
async function runAdminTool(run: AdminToolRun, what: string, args: string[]): Promise<void> {
  const java = await findJava();
  if (!java) throw new Neo4jUnavailableError("no Java runtime was found (JAVA_HOME or PATH)");
  const { launcher } = await ensureEmbeddedBuilt(run.log);
  const lib = path.join(path.dirname(launcher), "lib");
  if (!(await readdir(lib)).some((name) => IMPORT_TOOL_JAR.test(name))) {
    throw new Neo4jUnavailableError(
      `Neo4j's bulk importer (neo4j-import-tool) is not among the embedded Neo4j's jars in ${lib}: ` +
        "delete neo4j-embedded/embedded/target and let it build again",
    );
  }
  const ownConf = path.join(run.home, "conf");
  const conf = existsSync(path.join(ownConf, "neo4j.conf"))
    ? ownConf
    : await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-import-conf-"));
  if (conf !== ownConf) await writeFile(path.join(conf, "neo4j.conf"), "");
  const jvm = [
    `-Xmx${String(run.heapMb)}m`,
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-cp",
    path.join(lib, "*"),
    "org.neo4j.cli.AdminTool",
  ];
  const wrapper = dieWithParent();
  const command = wrapper[0] ?? java.command;
  const prefix = wrapper.length > 0 ? [...wrapper.slice(1), java.command] : [];
  const tail: string[] = [];
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, [...prefix, ...jvm, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NEO4J_HOME: run.home, NEO4J_CONF: conf },
      });
      const onLine = (line: string): void => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        run.onLine?.(line);
      };
      createInterface({ input: child.stdout }).on("line", onLine);
      createInterface({ input: child.stderr }).on("line", onLine);
      child.on("error", reject);
      child.on("exit", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new Neo4jUnavailableError(`${what} failed (exit ${String(code)}):\n${tail.join("\n")}`);
    }
  } finally {
    if (conf !== ownConf) await rm(conf, { recursive: true, force: true });
  }
}

export async function runBulkImport(opts: BulkImportOptions): Promise<BulkImportReport> {
  const started = Date.now();
  const report = { nodes: 0, relationships: 0, properties: 0 };
  await runAdminTool(
    {
      home: opts.home,
      heapMb: opts.heapMb,
      log: opts.log,
      onLine: (line) => {
        const counted = /^\s+(\d+) (nodes|relationships|properties)$/.exec(line);
        if (counted?.[1] && counted[2])
          report[counted[2] as keyof typeof report] = Number(counted[1]);
        opts.onLine?.(line);
      },
    },
    "Neo4j's bulk importer",
    [
      "database",
      "import",
      "full",
      ...opts.files.nodes.map((n) => `--nodes=${n.label}=${n.file}`),
      ...opts.files.relationships.map((r) =>
        r.type === null ? `--relationships=${r.file}` : `--relationships=${r.type}=${r.file}`,
      ),
      `--multiline-fields=${String(opts.files.multilineFields)}`,
      `--max-off-heap-memory=${String(opts.offHeapMb)}m`,
      "--overwrite-destination=true",
      // its report of bad entries goes beside its input, not into the working directory
      `--report-file=${path.join(opts.reportDir, "import.report")}`,
      STAGED_DATABASE,
    ],
  );
  const ms = Date.now() - started;
  opts.log.info({ ...report, ms }, "bulk import done");
  return { ...report, ms };
}

/**
 * Gives a new embedded home its `neo4j` password before its first start (`neo4j-admin dbms
 * set-initial-password`: `data/dbms/auth.ini`, read when the system database is created), and
 * tells the launcher so (`neo4j-password.applied`, the digest it keeps of the password it
 * applied): the first start is then one start, not a start with Bolt closed to set the password
 * and a second one (ADR 012). Only for a home whose system database does not exist yet.
 */
export async function setInitialPassword(home: string, log: Logger, heapMb = 256): Promise<void> {
  if (existsSync(databaseDirectory(home, "system"))) return;
  const password = await ensureEmbeddedPassword(home, log);
  // an argument file (picocli's @file), not the password: arguments are visible to every local user
  const argFile = path.join(home, "neo4j-password.args");
  await rm(argFile, { force: true });
  await writeFile(argFile, `${password}\n`, { mode: 0o600 });
  try {
    await runAdminTool({ home, heapMb, log }, "setting the embedded Neo4j's first password", [
      "dbms",
      "set-initial-password",
      `@${argFile}`,
    ]);
  } finally {
    await rm(argFile, { force: true });
  }
  const applied = path.join(home, "neo4j-password.applied");
  await rm(applied, { force: true });
  await writeFile(applied, `${createHash("sha256").update(password).digest("hex")}\n`, {
    mode: 0o600,
  });
}
