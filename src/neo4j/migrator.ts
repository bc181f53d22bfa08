import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { DbScope } from "./database.js";

export interface MigrationFile {
  readonly id: string;
  readonly text: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

export class MigrationChecksumError extends Error {
  constructor(readonly id: string) {
    super(
      `schema migration ${id} was changed after it was applied; add a new migration file instead`,
    );
    this.name = "MigrationChecksumError";
  }
}

const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.cypher$/;

/** The migration files in the order they apply (their 4-digit prefix). */
export async function readMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((n) => n.endsWith(".cypher")).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!MIGRATION_FILE.test(name)) {
      throw new Error(`migration file ${name} must be named NNNN-lower-case-words.cypher`);
    }
    const text = await readFile(path.join(directory, name), "utf8");
    files.push({
      id: name.replace(/\.cypher$/, ""),
      text,
      checksum: createHash("sha256").update(text).digest("hex"),
    });
  }
  return files;
}

/**
 * Applies, in order, every migration not yet recorded in the database, and records each. Every
 * migration is idempotent (IF NOT EXISTS, IF EXISTS), so two instances starting together do no harm.
 */
export async function migrate(scope: DbScope, directory: string): Promise<MigrationReport> {
  const files = await readMigrations(directory);
  const recorded = await listApplied(scope);
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const file of files) {
    const checksum = recorded.get(file.id);
    if (checksum !== undefined) {
      if (checksum !== file.checksum) throw new MigrationChecksumError(file.id);
      alreadyApplied.push(file.id);
      continue;
    }
    await scope.runSchemaStatement(file.text);
    await scope.write("schema-migration/record-applied", { id: file.id, checksum: file.checksum });
    applied.push(file.id);
  }
  return { applied, alreadyApplied };
}

/**
 * A migration that changes only the schema: one `CREATE CONSTRAINT|INDEX … IF NOT EXISTS`, or one
 * `DROP CONSTRAINT|INDEX name IF EXISTS` (an index no read needs any more).
 */
const SCHEMA_ONLY = [
  /^(?:\s*\/\/[^\n]*\n)*\s*CREATE\s+(?:(?:RANGE|TEXT|POINT|FULLTEXT|LOOKUP|VECTOR)\s+)?(?:CONSTRAINT|INDEX)\b[^;]*\bIF NOT EXISTS\b[^;]*;?\s*$/i,
  /^(?:\s*\/\/[^\n]*\n)*\s*DROP\s+(?:CONSTRAINT|INDEX)\s+\w+\s+IF\s+EXISTS\s*;?\s*$/i,
];

const CREATE_CONSTRAINT = /^(?:\s*\/\/[^\n]*\n)*\s*CREATE\s+CONSTRAINT\b/i;
const DROP_CONSTRAINT = /^(?:\s*\/\/[^\n]*\n)*\s*DROP\s+CONSTRAINT\b/i;

/** Whether a migration file changes only the schema (no data: nothing to put on nodes). */
export function isSchemaOnly(file: Pick<MigrationFile, "text">): boolean {
  return SCHEMA_ONLY.some((rule) => rule.test(file.text));
}

/**
 * Whether a migration says by its own text that it may run twice (two instances starting
 * together, a start killed half-way): what it creates `IF NOT EXISTS` (a data migration too:
 * it MERGEs, or creates only what is missing), a drop `IF EXISTS`.
 */
export function isIdempotent(file: Pick<MigrationFile, "text">): boolean {
  const statement = file.text.replace(/^\s*\/\/[^\n]*\n/gm, "");
  if (/^\s*DROP\b/i.test(statement)) return isSchemaOnly(file);
  return /\bIF NOT EXISTS\b/i.test(file.text);
}

/**
 * The migrations of a store `import --initial` has just built (ADR 012), in as few statements as
 * the schema allows: the indexes in one transaction, then the constraints side by side (each
 * building its index in a transaction of its own while the indexes populate), then every record
 * in one statement. A data migration whose result the importer's files already hold (`accountedFor`,
 * by id) is recorded without running; any other still runs, in order, after the schema. On a
 * store with a migration recorded already (not one `--initial` has just built), this is
 * `migrate`. Killed half-way, the next start's `migrate` finishes it: every schema statement is
 * IF NOT EXISTS and every data migration idempotent.
 */
export async function migrateInitialStore(
  scope: DbScope,
  directory: string,
  accountedFor: ReadonlySet<string>,
): Promise<MigrationReport & { readonly recordedOnly: string[] }> {
  const recorded = await listApplied(scope);
  if (recorded.size > 0) return { ...(await migrate(scope, directory)), recordedOnly: [] };
  const files = await readMigrations(directory);
  const schema = files.filter((f) => isSchemaOnly(f));
  if (schema.some((f) => DROP_CONSTRAINT.test(f.text))) {
    await scope.runSchemaStatements(schema.map((f) => f.text));
  } else {
    // the indexes (and their drops, in order) first, committed: populated in the background,
    // together; meanwhile each constraint in a transaction of its own, all at once, so that
    // their indexes are built side by side instead of one after another at one commit
    const constraint = (f: MigrationFile): boolean => CREATE_CONSTRAINT.test(f.text);
    await scope.runSchemaStatements(schema.filter((f) => !constraint(f)).map((f) => f.text));
    // (managed transactions: one that meets another's schema lock is tried again)
    await Promise.all(
      schema.filter((f) => constraint(f)).map((f) => scope.runSchemaStatements([f.text])),
    );
  }
  const recordedOnly: string[] = [];
  for (const file of files) {
    if (isSchemaOnly(file)) continue;
    if (accountedFor.has(file.id)) recordedOnly.push(file.id);
    else await scope.runSchemaStatement(file.text);
  }
  await scope.write("schema-migration/record-applied-all", {
    migrations: files.map((f) => ({ id: f.id, checksum: f.checksum })),
  });
  return {
    applied: files.filter((f) => !recordedOnly.includes(f.id)).map((f) => f.id),
    alreadyApplied: [],
    recordedOnly,
  };
}

/** The ids of the migration files not yet applied (empty when the schema is current). */
export async function pendingMigrations(scope: DbScope, directory: string): Promise<string[]> {
  const files = await readMigrations(directory);
  const recorded = await listApplied(scope);
  return files.filter((f) => !recorded.has(f.id)).map((f) => f.id);
}

async function listApplied(scope: DbScope): Promise<Map<string, string>> {
  const rows = await scope.read("schema-migration/list-applied");
  return new Map(rows.map((r) => [String(r.id), String(r.checksum)]));
}
