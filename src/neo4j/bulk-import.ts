import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Logger } from "../config/logger.js";
import { ensureEmbeddedBuilt, findJava, Neo4jUnavailableError } from "./embedded-neo4j.js";
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

/** The database directory of the embedded store's `neo4j` database; it exists once it has started. */
export function databaseDirectory(home: string): string {
  return path.join(home, "data", "databases", "neo4j");
}

/** Removes the `neo4j` database (store and transaction logs) of an embedded home, not stopped only. */
export async function removeDatabase(home: string): Promise<void> {
  await rm(databaseDirectory(home), { recursive: true, force: true });
  await rm(path.join(home, "data", "transactions", "neo4j"), { recursive: true, force: true });
}

export async function runBulkImport(opts: BulkImportOptions): Promise<BulkImportReport> {
  const java = await findJava();
  if (!java) throw new Neo4jUnavailableError("no Java runtime was found (JAVA_HOME or PATH)");
  const { launcher } = await ensureEmbeddedBuilt(opts.log);
  const lib = path.join(path.dirname(launcher), "lib");
  if (!(await readdir(lib)).some((name) => IMPORT_TOOL_JAR.test(name))) {
    throw new Neo4jUnavailableError(
      `Neo4j's bulk importer (neo4j-import-tool) is not among the embedded Neo4j's jars in ${lib}: ` +
        "delete neo4j-embedded/embedded/target and let it build again",
    );
  }
  // the importer reads neo4j.conf from NEO4J_CONF: the home's own, or an empty one
  const ownConf = path.join(opts.home, "conf");
  const conf = existsSync(path.join(ownConf, "neo4j.conf"))
    ? ownConf
    : await mkdtemp(path.join(os.tmpdir(), "graph-cmdb-import-conf-"));
  if (conf !== ownConf) await writeFile(path.join(conf, "neo4j.conf"), "");
  const args = [
    `-Xmx${String(opts.heapMb)}m`,
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-cp",
    path.join(lib, "*"),
    "org.neo4j.cli.AdminTool",
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
    "neo4j",
  ];
  const started = Date.now();
  const tail: string[] = [];
  const report = { nodes: 0, relationships: 0, properties: 0 };
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(java.command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEO4J_HOME: opts.home, NEO4J_CONF: conf },
    });
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      const counted = /^\s+(\d+) (nodes|relationships|properties)$/.exec(line);
      if (counted?.[1] && counted[2])
        report[counted[2] as keyof typeof report] = Number(counted[1]);
      opts.onLine?.(line);
    };
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
    child.on("error", reject);
    child.on("exit", (exitCode) => resolve(exitCode));
  });
  if (conf !== ownConf) await rm(conf, { recursive: true, force: true });
  if (code !== 0) {
    throw new Neo4jUnavailableError(
      `Neo4j's bulk importer failed (exit ${String(code)}):\n${tail.join("\n")}`,
    );
  }
  const ms = Date.now() - started;
  opts.log.info({ ...report, ms }, "bulk import done");
  return { ...report, ms };
}
