// The PostgreSQL side of the impact-analysis benchmark: the same question graph-cmdb answers on
// Neo4j ("what does a change to this CI impact, up to N hops?"), asked as the textbook recursive
// CTE over an edge table, on the same estate.
//
//   startPostgres()  a throw-away PostgreSQL cluster of its own (installs PostgreSQL if missing)
//   loadEstate()     an interchange estate file → ci / relationship / relationship_type, by COPY
//   PostgresImpact   one connection kept open across queries; impact() and explain()
//   impactCte()      one impact query on a connection string, client, pool or PostgresImpact
//   explainCte()     EXPLAIN (ANALYZE, BUFFERS) of that query, for the results file
//
// impact_edge is a materialized view (indexed on cause) by default: over a plain view PostgreSQL
// cannot push the recursive join into the view's UNION ALL arms, so every level of the recursion
// scans and hashes the whole relationship table (loadEstate's impactEdge: "view" keeps that
// naive form, for comparison).
import { spawn, spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import {
  chown,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client, Pool, type PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DEFAULT_RELATIONSHIP_TYPES } from "../src/domain/catalogue/default-catalogue.js";

type Log = (line: string) => void;
const silent: Log = () => undefined;

export const DEFAULT_PORT = 55432;
/** Temporary data directories start with this, so a later run can find a cluster left running. */
const TEMP_PREFIX = "graph-cmdb-pg-";
const SETTINGS_FILE = "graph-cmdb-bench.conf";
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Running PostgreSQL
// ---------------------------------------------------------------------------------------------

export interface StartOptions {
  /** TCP port on 127.0.0.1 (default 55432); the next free one is taken if something else has it. */
  port?: number;
  /**
   * Data directory. Default: a new temporary one, deleted by stop(). A given directory is kept;
   * if it already holds a cluster (of the same major version) that cluster is reused.
   */
  dataDir?: string;
  log?: Log;
}

export interface RunningPostgres {
  /** postgresql://postgres@127.0.0.1:PORT/postgres (trust authentication: local and throw-away). */
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  /** PostgreSQL's major version, e.g. 15. */
  readonly version: number;
  /** Stops the cluster and deletes a temporary data directory; safe to call twice. */
  readonly stop: () => Promise<void>;
}

/**
 * Settings for a 24 GiB, 2-core machine. This is a benchmark baseline on throw-away data, so
 * durability is switched off for loading speed (fsync, synchronous_commit, full_page_writes off;
 * minimal WAL, rare checkpoints): never use these for data you want to keep. None of them changes
 * how a read query runs, except the memory settings and the two noted below.
 */
function settings(port: number, dataDir: string): Record<string, string> {
  // A Unix socket path must fit in 107 bytes; otherwise TCP only.
  const socketDir = dataDir.length + "/.s.PGSQL.65535".length < 100 ? dataDir : "";
  return {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: quote(socketDir),
    max_connections: "50",
    shared_buffers: "2GB",
    work_mem: "64MB",
    effective_cache_size: "8GB",
    maintenance_work_mem: "1GB",
    max_parallel_maintenance_workers: "2",
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    // with minimal WAL, tables created and filled in one transaction are not WAL-logged at all
    wal_level: "minimal",
    max_wal_senders: "0",
    max_wal_size: "16GB",
    checkpoint_timeout: "1h",
    // the whole estate is in memory (shared buffers + page cache): random reads cost as sequential
    random_page_cost: "1.1",
    // the CTE's (over)estimated cost would trigger JIT compilation, which costs more than it saves
    // on queries of milliseconds to seconds
    jit: "off",
    logging_collector: "off",
    log_min_messages: "warning",
  };
}

export async function startPostgres(opts: StartOptions = {}): Promise<RunningPostgres> {
  const log = opts.log ?? silent;
  const wantedPort = opts.port ?? DEFAULT_PORT;
  const root = process.getuid?.() === 0;
  const install = await ensureInstalled(root, log);
  const { binDir, version } = install;
  const owner = root ? await postgresUser() : null;
  // PostgreSQL refuses to run as root: as root, run its programs as the postgres OS user.
  const asOwner = (program: string, args: string[]): [string, string[]] =>
    owner
      ? ["runuser", ["-u", "postgres", "--", join(binDir, program), ...args]]
      : [join(binDir, program), args];
  const pgCtl = (args: string[]) => run(...asOwner("pg_ctl", args));

  await stopStaleClusters(wantedPort, pgCtl, log);

  let dataDir: string;
  let temporary: boolean;
  let reuse = false;
  if (opts.dataDir === undefined) {
    // the run's pid in the name: a later run leaves this cluster alone while this run lives
    dataDir = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${String(process.pid)}-`));
    temporary = true;
  } else {
    dataDir = resolve(opts.dataDir); // pg_ctl runs in /
    temporary = false;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (await exists(join(dataDir, "postmaster.pid"))) {
      log(`stopping the PostgreSQL cluster still running in ${dataDir}`);
      await pgCtl(["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"]).catch(() => undefined);
    }
    const existing = await readFile(join(dataDir, "PG_VERSION"), "utf8").catch(() => null);
    if (existing !== null) {
      if (Number(existing.trim()) !== version) {
        throw new Error(
          `${dataDir} holds a PostgreSQL ${existing.trim()} cluster; the binaries are ${version}`,
        );
      }
      reuse = true;
    } else if ((await readdir(dataDir)).length > 0) {
      throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory`);
    }
  }

  const stopNow = (): void => {
    // last resort when the process exits without stop(): do not leave a postmaster behind
    const [cmd, args] = asOwner("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w"]);
    spawnSync(cmd, args, { stdio: "ignore", cwd: "/" });
    if (temporary) spawnSync("rm", ["-rf", dataDir], { stdio: "ignore" });
  };
  try {
    if (owner) await chown(dataDir, owner.uid, owner.gid);
    if (!reuse) {
      log(`initdb ${dataDir} (PostgreSQL ${version})`);
      await run(
        ...asOwner("initdb", [
          "-D",
          dataDir,
          "-U",
          "postgres",
          "--auth=trust",
          "--encoding=UTF8",
          "--locale=C",
          "--no-sync",
        ]),
      );
      const conf = join(dataDir, "postgresql.conf");
      await writeFile(
        conf,
        `${await readFile(conf, "utf8")}\ninclude_if_exists = '${SETTINGS_FILE}'\n`,
      );
    }
    const port = await freePort(wantedPort, log);
    const lines = Object.entries(settings(port, dataDir)).map(([k, v]) => `${k} = ${v}`);
    const settingsFile = join(dataDir, SETTINGS_FILE);
    await writeFile(settingsFile, `${lines.join("\n")}\n`);
    const logFile = join(dataDir, "server.log");
    await writeFile(logFile, "", { flag: "a" });
    if (owner) {
      await chown(settingsFile, owner.uid, owner.gid);
      await chown(logFile, owner.uid, owner.gid);
    }
    process.once("exit", stopNow);
    // -l: the postmaster writes to the log file, not to pipes this process would wait on
    try {
      await pgCtl(["start", "-D", dataDir, "-l", logFile, "-w", "-t", "120"]);
    } catch (e) {
      const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-20);
      throw new Error(`${errorMessage(e)}\nserver.log:\n${tail.join("\n")}`, { cause: e });
    }
    log(`PostgreSQL ${version} running on 127.0.0.1:${port} (data in ${dataDir})`);

    let stopped: Promise<void> | null = null;
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      version,
      stop: () => {
        stopped ??= (async () => {
          process.removeListener("exit", stopNow);
          await pgCtl(["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "120"]).catch(
            async (e: unknown) => {
              log(`pg_ctl stop failed (${errorMessage(e)}); stopping immediately`);
              await pgCtl(["stop", "-D", dataDir, "-m", "immediate", "-w"]);
            },
          );
          if (temporary) await rm(dataDir, { recursive: true, force: true });
          log("PostgreSQL stopped");
        })();
        return stopped;
      },
    };
  } catch (e) {
    process.removeListener("exit", stopNow);
    stopNow();
    throw e;
  }
}

/** The newest PostgreSQL under /usr/lib/postgresql; installs Debian's package if there is none. */
async function ensureInstalled(
  root: boolean,
  log: Log,
): Promise<{ binDir: string; version: number }> {
  const found = await findInstalled();
  if (found) return found;
  if (!root) throw new Error("PostgreSQL is not installed (apt-get install postgresql, as root)");
  log("PostgreSQL not found: installing it (apt-get update && apt-get install -y postgresql) ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update"], { env });
  await run("apt-get", ["install", "-y", "postgresql"], { env });
  const installed = await findInstalled();
  if (!installed) throw new Error("apt-get installed postgresql, but no initdb was found");
  // The package creates and may start a default cluster on 5432; the bench runs its own.
  await run("pg_ctlcluster", [String(installed.version), "main", "stop"]).catch(() => undefined);
  log(`installed PostgreSQL ${installed.version}`);
  return installed;
}

async function findInstalled(): Promise<{ binDir: string; version: number } | null> {
  const base = "/usr/lib/postgresql";
  const majors = (await readdir(base).catch(() => []))
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => b - a);
  for (const major of majors) {
    const binDir = join(base, String(major), "bin");
    if ((await exists(join(binDir, "initdb"))) && (await exists(join(binDir, "pg_ctl")))) {
      return { binDir, version: major };
    }
  }
  return null;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await run("id", ["-u", "postgres"])).trim());
    const gid = Number((await run("id", ["-g", "postgres"])).trim());
    return { uid, gid };
  } catch {
    throw new Error("no postgres OS user (it comes with Debian's postgresql package)");
  }
}

/**
 * Clusters a previous run left behind in a temporary directory: stops those whose run has ended
 * (its pid is in the directory's name) and deletes their directories. A cluster whose run still
 * lives is another benchmark's, running beside this one: left alone (this run takes the next free
 * port). Directories named before the pid was (no pid): the one on `port` and any whose
 * postmaster is gone.
 */
async function stopStaleClusters(
  port: number,
  pgCtl: (args: string[]) => Promise<string>,
  log: Log,
): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => []);
  for (const entry of entries.filter((e) => e.startsWith(TEMP_PREFIX))) {
    const dir = join(tmpdir(), entry);
    const runPid = /^\d+(?=-)/.exec(entry.slice(TEMP_PREFIX.length))?.[0];
    if (runPid !== undefined && Number(runPid) !== process.pid && isAlive(Number(runPid))) continue;
    const pidFile = await readFile(join(dir, "postmaster.pid"), "utf8").catch(() => null);
    if (pidFile === null) {
      // no postmaster; an hour old at least, so not one another run is setting up right now
      const info = await stat(dir).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 3_600_000) {
        await rm(dir, { recursive: true, force: true });
      }
      continue;
    }
    const [pidLine, , , portLine] = pidFile.split("\n");
    const pid = Number(pidLine);
    if (runPid === undefined && Number(portLine) !== port && isAlive(pid)) continue;
    log(`stopping a PostgreSQL cluster left running by an earlier run (${dir})`);
    await pgCtl(["stop", "-D", dir, "-m", "immediate", "-w", "-t", "60"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `port` if nothing listens on it on 127.0.0.1, else the next free one (up to 50 further). */
async function freePort(port: number, log: Log): Promise<number> {
  for (let candidate = port; candidate < port + 50; candidate++) {
    if (await canListen(candidate)) {
      if (candidate !== port) log(`port ${port} is in use: using ${candidate}`);
      return candidate;
    }
  }
  throw new Error(`no free port in ${port}..${port + 49}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** Runs a program to completion; resolves with its standard output, rejects with its tail. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: "/", env: opts.env ?? process.env });
    let out = "";
    let err = "";
    const keep = (s: string, chunk: Buffer) => (s + chunk.toString()).slice(-64_000);
    child.stdout.on("data", (c: Buffer) => (out = keep(out, c)));
    child.stderr.on("data", (c: Buffer) => (err = keep(err, c)));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const tail = `${out}${err}`.trim().split("\n").slice(-15).join("\n");
        const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
        reject(new Error(`${cmd} ${args.join(" ")} failed (${how}):\n${tail}`));
      }
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------
// Loading an estate
// ---------------------------------------------------------------------------------------------

type EstateEntry =
  | { kind: "ci"; key: string; type: string }
  | { kind: "relationship"; from: string; to: string; type: string };

const BATCH = 10_000;

/**
 * The CIs and relationships of an interchange document, in file order and in batches, without
 * holding the file: line by line for the layout scripts/generate-estate writes (Prettier's: a
 * top-level field per line, array elements at four spaces, on one line or expanded); by
 * JSON.parse for any other layout (the file must then fit in a string).
 */
async function* readEstate(file: string): AsyncGenerator<EstateEntry[]> {
  if (await hasGeneratorLayout(file)) {
    yield* readEstateByLine(file);
    return;
  }
  const doc: unknown = JSON.parse(await readFile(file, "utf8"));
  if (!isRecord(doc)) throw new Error(`${file}: not an interchange document`);
  for (const [section, value] of Object.entries(doc)) {
    if (section !== "configurationItems" && section !== "relationships") continue;
    if (!Array.isArray(value)) throw new Error(`${file}: ${section} is not an array`);
    const elements = value as unknown[];
    for (let i = 0; i < elements.length; i += BATCH) {
      yield elements.slice(i, i + BATCH).map((e) => toEntry(section, e, file));
    }
  }
}

async function hasGeneratorLayout(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /^\{\r?\n {2}"[A-Za-z]+": [[{]/.test(buffer.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await handle.close();
  }
}

async function* readEstateByLine(file: string): AsyncGenerator<EstateEntry[]> {
  const parser = new LineParser(file);
  let carry = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    const batch: EstateEntry[] = [];
    for (const line of lines) parser.line(line.endsWith("\r") ? line.slice(0, -1) : line, batch);
    if (batch.length > 0) yield batch;
  }
  const batch: EstateEntry[] = [];
  if (carry !== "") parser.line(carry, batch);
  parser.end();
  if (batch.length > 0) yield batch;
}

// A relationship on one line, as the generator writes it (anything else goes to JSON.parse).
const RELATIONSHIP_LINE =
  /^ {4}\{ "from": "([^"\\]*)", "to": "([^"\\]*)", "type": "([^"\\]*)" \},?$/;

/** The generator's layout, a line at a time. */
class LineParser {
  private lineNo = 0;
  /** null: at the top level; "skip": inside a top-level value that is not read. */
  private section: "configurationItems" | "relationships" | "skip" | null = null;
  private element: string[] | null = null;

  constructor(private readonly file: string) {}

  line(line: string, out: EstateEntry[]): void {
    this.lineNo++;
    if (this.element) {
      this.element.push(line);
      if (line === "    }" || line === "    },") {
        const text = this.element.join("\n");
        this.element = null;
        out.push(this.parse(text.endsWith(",") ? text.slice(0, -1) : text));
      } else if (!line.startsWith("      ")) throw this.layout(line);
      return;
    }
    if (this.section === null) {
      if (this.lineNo === 1) {
        if (line !== "{") throw this.layout(line);
        return;
      }
      if (line === "}" || line === "") return;
      const open = /^ {2}"([A-Za-z]+)": ([[{])$/.exec(line);
      if (open) {
        const name = open[1];
        this.section =
          open[2] === "[" && (name === "configurationItems" || name === "relationships")
            ? name
            : "skip";
      } else if (!/^ {2}"[A-Za-z]+": /.test(line)) throw this.layout(line); // a one-line field
      return;
    }
    if (/^ {2}[\]}],?$/.test(line)) {
      this.section = null;
      return;
    }
    if (this.section === "skip") return;
    if (line === "    {") {
      this.element = [line];
      return;
    }
    if (!line.startsWith("    {")) throw this.layout(line);
    const fast = this.section === "relationships" ? RELATIONSHIP_LINE.exec(line) : null;
    if (fast) {
      const [, from = "", to = "", type = ""] = fast;
      out.push({ kind: "relationship", from, to, type });
    } else out.push(this.parse(line.endsWith(",") ? line.slice(0, -1) : line));
  }

  end(): void {
    if (this.element || this.section !== null) throw this.layout("(end of file)");
  }

  private parse(text: string): EstateEntry {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(`${this.file}:${this.lineNo}: ${errorMessage(e)}`, { cause: e });
    }
    return toEntry(this.section, value, `${this.file}:${this.lineNo}`);
  }

  private layout(line: string): Error {
    const shown = JSON.stringify(line.slice(0, 120));
    return new Error(`${this.file}:${this.lineNo}: unexpected layout: ${shown}`);
  }
}

function toEntry(section: string | null, value: unknown, where: string): EstateEntry {
  if (!isRecord(value)) throw new Error(`${where}: an element is not an object`);
  if (section === "configurationItems") {
    const { key, type } = value;
    if (typeof key !== "string" || typeof type !== "string") {
      throw new Error(`${where}: a CI without a string key and type`);
    }
    return { kind: "ci", key, type };
  }
  const { from, to, type } = value;
  if (typeof from !== "string" || typeof to !== "string" || typeof type !== "string") {
    throw new Error(`${where}: a relationship without string from, to and type`);
  }
  return { kind: "relationship", from, to, type };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

/** A value for COPY's text format. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c)
    : value;
}

async function copyRows(client: Client, sql: string, rows: AsyncIterable<string>): Promise<void> {
  const target: Writable = client.query(copyFrom(sql));
  await pipeline(Readable.from(rows), target);
}

export interface LoadOptions {
  log?: Log;
  /**
   * How impact_edge is made. "materialized" (default): a materialized view with an index on
   * cause, so each step of the recursion is an index lookup or a hash join, as the planner sees
   * fit. "view": a plain view; PostgreSQL cannot push the recursive join into its UNION ALL arms
   * (each joins relationship_type), so every recursion level scans and hashes the whole
   * relationship table (seconds per level at 5M relationships): the naive baseline.
   */
  impactEdge?: "materialized" | "view";
}

export interface LoadResult {
  cis: number;
  relationships: number;
  /** Relationships naming a CI key the file does not have (not loaded). */
  skipped: number;
  seconds: number;
}

// CASCADE drops impact_edge too (a view or a materialized view: it reads relationship).
const SCHEMA_SQL = `
DROP TABLE IF EXISTS relationship, ci, relationship_type CASCADE;
CREATE TABLE ci (id serial, key text NOT NULL, type text NOT NULL);
CREATE TABLE relationship (src int NOT NULL, dst int NOT NULL, type text NOT NULL);
CREATE TABLE relationship_type (name text PRIMARY KEY, dependent text NOT NULL);
`;

// Constraints and indexes are built after the COPY (far faster than maintaining them row by row).
// (dst, type) and (src, type) lead with dst and src, so they also serve lookups on either alone;
// INCLUDE makes lookups index-only scans.
const INDEX_SQL = `
ALTER TABLE ci ADD CONSTRAINT ci_pkey PRIMARY KEY (id), ADD CONSTRAINT ci_key_key UNIQUE (key);
SELECT setval(pg_get_serial_sequence('ci', 'id'), greatest((SELECT max(id) FROM ci), 1));
CREATE INDEX relationship_dst_type ON relationship (dst, type) INCLUDE (src);
CREATE INDEX relationship_src_type ON relationship (src, type) INCLUDE (dst);
ALTER TABLE relationship
  ADD CONSTRAINT relationship_src_fkey FOREIGN KEY (src) REFERENCES ci (id),
  ADD CONSTRAINT relationship_dst_fkey FOREIGN KEY (dst) REFERENCES ci (id);
`;

// Impact runs against the arrow for SOURCE types (A DEPENDS_ON B: a change to B impacts A) and
// along it for TARGET types (A PART_OF B: a change to A impacts B); NONE types carry no impact.
// One relation, so the recursive term can join it (a recursive CTE may refer to itself once).
// Materialized, it is what relationship_type said at load time (the benchmark never changes it).
function impactEdgeSql(kind: "materialized" | "view"): string {
  const view = `(cause, impacted) AS
  SELECT r.dst, r.src
  FROM relationship r JOIN relationship_type t ON t.name = r.type
  WHERE t.dependent = 'SOURCE'
  UNION ALL
  SELECT r.src, r.dst
  FROM relationship r JOIN relationship_type t ON t.name = r.type
  WHERE t.dependent = 'TARGET'`;
  return kind === "view"
    ? `CREATE VIEW impact_edge ${view};`
    : `CREATE MATERIALIZED VIEW impact_edge ${view};
CREATE INDEX impact_edge_cause ON impact_edge (cause) INCLUDE (impacted);`;
}

/**
 * Loads an interchange estate file (as scripts/generate-estate writes it) into ci, relationship
 * and relationship_type (the default catalogue's types), replacing what was there; then builds
 * keys, indexes and impact_edge, and runs VACUUM ANALYZE. CIs must come before relationships in
 * the file (the generator and the export write them so).
 */
export async function loadEstate(
  connectionString: string,
  estateFile: string,
  opts: LoadOptions = {},
): Promise<LoadResult> {
  const log = opts.log ?? silent;
  const impactEdge = opts.impactEdge ?? "materialized";
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  const client = new Client({ connectionString, application_name: "graph-cmdb-bench-load" });
  await client.connect();
  try {
    // One transaction from CREATE TABLE to the indexes: with wal_level = minimal, none of it is
    // WAL-logged, and COPY FREEZE writes the rows already frozen.
    await client.query("BEGIN");
    await client.query(SCHEMA_SQL);
    const types = DEFAULT_RELATIONSHIP_TYPES;
    await client.query(
      "INSERT INTO relationship_type (name, dependent) SELECT * FROM unnest($1::text[], $2::text[])",
      [types.map((t) => t.name), types.map((t) => t.dependent)],
    );

    const ids = new Map<string, number>();
    const batches = readEstate(estateFile)[Symbol.asyncIterator]();
    let rest: EstateEntry[] = [];
    let relationships = 0;
    let skipped = 0;

    // Both COPYs pull from the one pass over the file: the CIs' stops at the first relationship.
    async function* ciRows(): AsyncGenerator<string> {
      for (;;) {
        const next = await batches.next();
        if (next.done === true) return;
        let rows = "";
        for (const [i, entry] of next.value.entries()) {
          if (entry.kind !== "ci") {
            rest = next.value.slice(i);
            if (rows !== "") yield rows;
            return;
          }
          if (ids.has(entry.key)) {
            throw new Error(`${estateFile}: CI key ${entry.key} appears twice`);
          }
          const id = ids.size + 1;
          ids.set(entry.key, id);
          rows += `${id}\t${copyText(entry.key)}\t${copyText(entry.type)}\n`;
        }
        if (rows !== "") yield rows;
      }
    }
    async function* relationshipRows(): AsyncGenerator<string> {
      let batch = rest;
      for (;;) {
        let rows = "";
        for (const entry of batch) {
          if (entry.kind === "ci") {
            throw new Error(`${estateFile}: CIs after relationships are not supported`);
          }
          const src = ids.get(entry.from);
          const dst = ids.get(entry.to);
          if (src === undefined || dst === undefined) skipped++;
          else {
            relationships++;
            rows += `${src}\t${dst}\t${copyText(entry.type)}\n`;
          }
        }
        if (rows !== "") yield rows;
        const next = await batches.next();
        if (next.done === true) return;
        batch = next.value;
      }
    }

    await copyRows(client, "COPY ci (id, key, type) FROM STDIN WITH (FREEZE)", ciRows());
    log(`copied ${ids.size} CIs (${elapsed()} s)`);
    await copyRows(
      client,
      "COPY relationship (src, dst, type) FROM STDIN WITH (FREEZE)",
      relationshipRows(),
    );
    log(
      `copied ${relationships} relationships (${elapsed()} s)` +
        (skipped > 0 ? `; skipped ${skipped} naming an unknown CI key` : ""),
    );
    await client.query(INDEX_SQL);
    await client.query(impactEdgeSql(impactEdge));
    await client.query("COMMIT");
    log(`keys, indexes and impact_edge (${impactEdge}) built (${elapsed()} s)`);
    // VACUUM sets the visibility map, which index-only scans need; ANALYZE, the planner's stats.
    const vacuumed = ["ci", "relationship", "relationship_type"];
    if (impactEdge === "materialized") vacuumed.push("impact_edge");
    await client.query(`VACUUM (ANALYZE) ${vacuumed.join(", ")}`);
    const seconds = (performance.now() - started) / 1000;
    log(`loaded ${ids.size} CIs and ${relationships} relationships in ${seconds.toFixed(1)} s`);
    return { cis: ids.size, relationships, skipped, seconds };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The impact query
// ---------------------------------------------------------------------------------------------

/**
 * The textbook recursive CTE: from the root, follow impact_edge up to $2 hops. UNION (not ALL)
 * on (id, depth) keeps each CI once per depth, so cycles end at the depth limit; a CI's minimum
 * distance is its least depth (as the Neo4j walk reports). One row per distance: how many CIs have
 * it (distance 0 is the root itself; no rows if no CI has the key).
 *
 * Its cost: a CI reachable along paths of several lengths is kept, and expanded again, once per
 * length, so deep walks over a well-connected estate do several times the work of a walk that
 * visits each CI once (at 1M CIs, depth 25: 2.4M (id, depth) rows for 288k distinct CIs).
 */
export const IMPACT_SQL = `WITH RECURSIVE walk (id, depth) AS (
    SELECT c.id, 0 FROM ci c WHERE c.key = $1
  UNION
    SELECT e.impacted, w.depth + 1
    FROM walk w JOIN impact_edge e ON e.cause = w.id
    WHERE w.depth < $2
), reached AS (
  SELECT id, min(depth) AS distance FROM walk GROUP BY id
)
SELECT distance, count(*)::int AS cis FROM reached GROUP BY distance ORDER BY distance`;

/** The same walk from several roots at once (a change set): distance from the nearest root. */
export const IMPACT_FROM_KEYS_SQL = IMPACT_SQL.replace(
  "WHERE c.key = $1",
  "WHERE c.key = ANY($1::text[])",
);

export interface ImpactResult {
  /** CIs impacted, the root excluded (distinct); -1 if the query timed out. */
  impacted: number;
  /** Client-side wall time of the query (the statement timeout if it timed out). */
  ms: number;
  timedOut: boolean;
  /** byDistance[d]: CIs whose minimum distance from the root is d (byDistance[0] = 1, the root). */
  byDistance: number[];
}

export interface ImpactOptions {
  /** Default 60 000; a query running longer is cancelled and reported as timed out. */
  statementTimeoutMs?: number;
}

/** One connection kept open across impact queries. */
export class PostgresImpact {
  private constructor(
    /** The open connection (its session has the statement timeout set). */
    readonly client: Client,
    readonly statementTimeoutMs: number,
  ) {}

  static async connect(
    connectionString: string,
    opts: ImpactOptions = {},
  ): Promise<PostgresImpact> {
    const timeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const client = new Client({
      connectionString,
      statement_timeout: timeout,
      application_name: "graph-cmdb-bench",
    });
    await client.connect();
    return new PostgresImpact(client, timeout);
  }

  impact(rootKey: string, maxDepth: number): Promise<ImpactResult> {
    return runImpact(this.client, rootKey, maxDepth, this.statementTimeoutMs);
  }

  /** The impact of several roots together (a change set), as one statement. */
  impactOfSet(rootKeys: readonly string[], maxDepth: number): Promise<ImpactResult> {
    return runImpact(this.client, rootKeys, maxDepth, this.statementTimeoutMs);
  }

  explain(rootKey: string, maxDepth: number): Promise<string> {
    return runExplain(this.client, rootKey, maxDepth, this.statementTimeoutMs);
  }

  /** Random CI keys (for picking roots), reproducible for a seed in [-1, 1]. */
  async sampleKeys(count: number, seed = 0.42): Promise<string[]> {
    await this.client.query("SELECT setseed($1)", [seed]);
    const res = await this.client.query<{ key: string }>(
      "SELECT key FROM ci ORDER BY random() LIMIT $1",
      [count],
    );
    return res.rows.map((r) => r.key);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** A connection string, a client or pool you manage, or a PostgresImpact. */
export type ImpactTarget = string | Client | PoolClient | Pool | PostgresImpact;

/**
 * One impact query. On a connection string it connects and disconnects around it (prefer a
 * PostgresImpact for series of queries); on a client or pool it sets the session's
 * statement_timeout first (not timed).
 */
export async function impactCte(
  target: ImpactTarget,
  rootKey: string,
  maxDepth: number,
  opts: ImpactOptions = {},
): Promise<ImpactResult> {
  if (target instanceof PostgresImpact) return target.impact(rootKey, maxDepth);
  const timeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return withClient(target, timeout, (client) => runImpact(client, rootKey, maxDepth, timeout));
}

/** EXPLAIN (ANALYZE, BUFFERS) of the impact query (plain EXPLAIN if ANALYZE times out). */
export async function explainCte(
  target: ImpactTarget,
  rootKey: string,
  maxDepth: number,
  opts: ImpactOptions = {},
): Promise<string> {
  if (target instanceof PostgresImpact) return target.explain(rootKey, maxDepth);
  const timeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return withClient(target, timeout, (client) => runExplain(client, rootKey, maxDepth, timeout));
}

async function withClient<T>(
  target: Exclude<ImpactTarget, PostgresImpact>,
  timeoutMs: number,
  body: (client: Client | PoolClient) => Promise<T>,
): Promise<T> {
  let client: Client | PoolClient;
  let done: () => Promise<void>;
  if (typeof target === "string") {
    const own = new Client({ connectionString: target, application_name: "graph-cmdb-bench" });
    await own.connect();
    client = own;
    done = () => own.end();
  } else if (target instanceof Pool) {
    const pooled = await target.connect();
    client = pooled;
    done = () => {
      pooled.release();
      return Promise.resolve();
    };
  } else {
    client = target;
    done = () => Promise.resolve();
  }
  try {
    await client.query("SELECT set_config('statement_timeout', $1, false)", [String(timeoutMs)]);
    return await body(client);
  } finally {
    await done();
  }
}

async function runImpact(
  client: Client | PoolClient,
  rootKey: string | readonly string[],
  maxDepth: number,
  timeoutMs: number,
): Promise<ImpactResult> {
  const started = performance.now();
  let rows: { distance: number; cis: number }[];
  try {
    rows = (
      await client.query<{ distance: number; cis: number }>(
        typeof rootKey === "string" ? IMPACT_SQL : IMPACT_FROM_KEYS_SQL,
        [rootKey, maxDepth],
      )
    ).rows;
  } catch (e) {
    if (isTimeout(e)) return { impacted: -1, ms: timeoutMs, timedOut: true, byDistance: [] };
    throw e;
  }
  const ms = performance.now() - started;
  if (rows.length === 0) throw new Error(`no CI has the key ${String(rootKey)}`);
  const byDistance: number[] = [];
  for (const row of rows) byDistance[row.distance] = row.cis;
  const impacted = rows.reduce((sum, r) => (r.distance > 0 ? sum + r.cis : sum), 0);
  return {
    impacted,
    ms,
    timedOut: false,
    byDistance: Array.from(byDistance, (n: number | undefined) => n ?? 0),
  };
}

async function runExplain(
  client: Client | PoolClient,
  rootKey: string,
  maxDepth: number,
  timeoutMs: number,
): Promise<string> {
  const plan = async (options: string) => {
    const res = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (${options}) ${IMPACT_SQL}`, [
      rootKey,
      maxDepth,
    ]);
    return res.rows.map((r) => r["QUERY PLAN"]).join("\n");
  };
  try {
    return await plan("ANALYZE, BUFFERS");
  } catch (e) {
    if (!isTimeout(e)) throw e;
    return `EXPLAIN ANALYZE cancelled by the ${timeoutMs} ms statement timeout; the plan:\n${await plan("COSTS")}`;
  }
}

/** query_canceled: the statement timeout. */
function isTimeout(e: unknown): boolean {
  return isRecord(e) && e.code === "57014";
}
