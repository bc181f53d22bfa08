import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Command } from "commander";
import type { Application } from "../application/application.js";
import type { ExportSink } from "../application/interchange/export.service.js";
import {
  DEFAULT_BATCH,
  DEFAULT_WRITERS,
  type ImportProgress,
  type ImportResult,
  type ImportRetry,
  type StreamImportOptions,
} from "../application/interchange/import.service.js";
import { InterchangeSyntaxError } from "../application/interchange/interchange-reader.js";
import { ConflictError } from "../domain/errors.js";
import { cliActor } from "./cli-actor.js";
import { CliInputError, openInputStream, type InputStream } from "./cli-input.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;
type InitialLoad = (
  input: AsyncIterable<Buffer | string>,
  opts: StreamImportOptions & { onStep?: (step: string) => void },
) => Promise<{ result: ImportResult; timings: Readonly<Record<string, number>> | null }>;

/** Exit code 3: the document was refused (its errors are listed); nothing was written. */
export const EXIT_REFUSED = 3;

export function importCommand(
  withApp: WithApp,
  io: CliIo,
  setExit: (code: number) => void,
  initialLoad: InitialLoad,
): Command {
  return new Command("import")
    .description(
      "import an interchange document (JSON, or gzipped JSON): upsert by key, all or nothing; " +
        "read as a stream and written in batches, whatever its size",
    )
    .argument("[file]", "the document (- for standard input)")
    .option("--dry-run", "report what would change, write nothing")
    .option("--json", "print the result as JSON")
    .option("--reason <text>", "why (kept in every CI's history)")
    .option(
      "--batch-size <entries>",
      `entries written per transaction (default ${String(DEFAULT_BATCH)}); lower it when Neo4j runs out of transaction memory`,
    )
    .option(
      "--writers <n>",
      `CI batches written at once, each in its own transaction (default ${String(DEFAULT_WRITERS)}); batches still commit in order`,
    )
    .option(
      "--resume",
      "finish the import whose process died, from the same file (what it committed is not written again)",
    )
    .option("--abort", "undo what the unfinished import wrote (no file)")
    .option(
      "--initial",
      "first load into an EMPTY embedded store, offline, through Neo4j's bulk importer (the API must be stopped)",
    )
    .action(async (file: string | undefined, opts: ImportCliOptions) => {
      if (opts.abort) {
        if (file !== undefined || opts.resume)
          throw new CliInputError("--abort takes no file and no --resume");
        await abortUnfinished(withApp, io, opts);
        return;
      }
      if (file === undefined)
        throw new CliInputError("import: name the document (- for standard input)");
      if (opts.initial && opts.resume)
        throw new CliInputError(
          "--initial takes no --resume (an interrupted one resumes as any import)",
        );
      const batchSize = parseBatchSize(opts.batchSize);
      const writers = parseWriters(opts.writers);
      if (opts.initial && writers !== undefined)
        throw new CliInputError(
          "--initial takes no --writers (the bulk importer has its own threads)",
        );
      const started = Date.now();
      const input = await openInputStream(file);
      if (opts.initial) {
        io.err(`reading ${input.where}${input.gzip ? " (gzip)" : ""} for an initial load…`);
        const { result, timings } = await initialLoad(input.chunks, {
          dryRun: opts.dryRun ?? false,
          reason: opts.reason ?? `import of ${file}`,
          ...(batchSize === undefined ? {} : { batchSize }),
          source: input.where,
          onProgress: progressReporter(io, input),
          onStep: (step) => io.err(`  ${step}…`),
        }).catch((e: unknown) => {
          if (e instanceof InterchangeSyntaxError)
            throw new CliInputError(
              e.kind === "syntax"
                ? `${input.where} is not JSON: ${e.message}`
                : `cannot read ${input.where}: ${e.message}`,
            );
          throw e;
        });
        const seconds = (Date.now() - started) / 1000;
        if (opts.json) io.out(JSON.stringify({ ...result, seconds, timings }, null, 2));
        else {
          for (const line of describeImport(result, seconds)) io.out(line);
          if (timings)
            io.out(
              `initial load: ${Object.entries(timings)
                .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
                .join(", ")}`,
            );
        }
        if (result.errorCount > 0) setExit(EXIT_REFUSED);
        return;
      }
      io.err(
        `reading ${input.where}${input.gzip ? " (gzip)" : ""}${opts.resume ? " to resume the unfinished import" : ""}…`,
      );
      const onProgress = progressReporter(io, input);
      const onRetry = (r: ImportRetry): void => {
        io.err(
          `  retrying a ${r.section} batch (after ${r.done.toLocaleString("en")} done): attempt ${String(r.attempt)}` +
            (r.neo4jCode ? `, after Neo4j said ${r.neo4jCode}` : ""),
        );
      };
      const result = await withApp(async (app) => {
        const scope = app.db.scope();
        try {
          return opts.resume
            ? await app.imports.resumeImport(scope, cliActor(), input.chunks, {
                batchSize,
                writers,
                onProgress,
                onRetry,
              })
            : await app.imports.importStream(scope, cliActor(), input.chunks, {
                dryRun: opts.dryRun ?? false,
                reason: opts.reason ?? `import of ${file}`,
                batchSize,
                writers,
                source: input.where,
                onProgress,
                onRetry,
              });
        } catch (e) {
          const unfinished = await app.imports.unfinishedImport(app.db.scope()).catch(() => null);
          if (unfinished?.state === "RUNNING" && !(e instanceof ConflictError && !opts.resume)) {
            io.err(
              `graph-cmdb: import ${unfinished.id} stopped half-way; what it wrote is kept until you ` +
                `finish it with \`graph-cmdb import --resume ${file}\` (a smaller --batch-size helps when ` +
                "Neo4j ran out of memory) or undo it with `graph-cmdb import --abort`",
            );
          }
          if (e instanceof InterchangeSyntaxError) {
            throw new CliInputError(
              e.kind === "syntax"
                ? `${input.where} is not JSON: ${e.message}`
                : `cannot read ${input.where}: ${e.message}`,
            );
          }
          throw e;
        }
      });
      const seconds = (Date.now() - started) / 1000;
      if (opts.json) io.out(JSON.stringify({ ...result, seconds }, null, 2));
      else for (const line of describeImport(result, seconds)) io.out(line);
      if (result.errorCount > 0) setExit(EXIT_REFUSED);
    });
}

interface ImportCliOptions {
  dryRun?: boolean;
  json?: boolean;
  reason?: string;
  batchSize?: string;
  writers?: string;
  resume?: boolean;
  abort?: boolean;
  initial?: boolean;
}

function parseBatchSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new CliInputError(`--batch-size: must be a whole number from 1 to 100000 (got ${text})`);
  return n;
}

function parseWriters(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw new CliInputError(`--writers: must be a whole number from 1 to 8 (got ${text})`);
  return n;
}

async function abortUnfinished(withApp: WithApp, io: CliIo, opts: ImportCliOptions): Promise<void> {
  const result = await withApp(async (app) => {
    const scope = app.db.scope();
    const unfinished = await app.imports.unfinishedImport(scope);
    if (unfinished)
      io.err(
        `undoing import ${unfinished.id} of ${unfinished.source} (by ${unfinished.actor}, started ${unfinished.startedAt.toISOString()})…`,
      );
    return app.imports.abortImport(scope, cliActor());
  });
  if (opts.json) io.out(JSON.stringify(result, null, 2));
  else
    io.out(
      `aborted import ${result.importId}: ${String(result.cisDeleted)} CIs and ${String(result.relationshipsDeleted)} relationships it created deleted, ` +
        `${String(result.cisRestored)} CIs it updated restored` +
        (result.cisKept > 0
          ? `, ${String(result.cisKept)} kept as they are (written again after the import)`
          : ""),
    );
}

/** One line a second on stderr: entries done per section, their rate, how much of the file is read. */
function progressReporter(io: CliIo, input: InputStream): (p: ImportProgress) => void {
  let lastReport = 0;
  const sectionStarted = new Map<string, { at: number; done: number }>();
  return (p) => {
    const now = Date.now();
    if (!sectionStarted.has(p.section)) sectionStarted.set(p.section, { at: now, done: 0 });
    if (now - lastReport < 1000 && p.done !== p.total) return;
    lastReport = now;
    const start = sectionStarted.get(p.section) ?? { at: now, done: 0 };
    const seconds = (now - start.at) / 1000;
    const rate =
      seconds > 0 ? ` (${Math.round((p.done - start.done) / seconds).toLocaleString("en")}/s)` : "";
    const read =
      input.size !== null && input.size > 0
        ? `, ${String(Math.floor((100 * input.bytesRead()) / input.size))}% of the file read`
        : "";
    const total = p.total === null ? "" : `/${String(p.total)}`;
    io.err(`  ${p.section}: ${String(p.done)}${total} in ${seconds.toFixed(1)} s${rate}${read}`);
  };
}

export function describeImport(result: ImportResult, seconds: number): string[] {
  const c = (name: string, k: { created: number; updated: number; unchanged: number }): string =>
    `${name}: ${String(k.created)} created, ${String(k.updated)} updated, ${String(k.unchanged)} unchanged`;
  const verdict =
    result.errorCount > 0
      ? `refused: ${String(result.errorCount)} error(s); nothing was written`
      : result.dryRun
        ? "dry run: nothing was written; a real run would do the above"
        : "applied";
  // a refused document changes nothing: its counts would only mislead
  const counts =
    result.errorCount > 0
      ? []
      : [
          c("CI types", result.ciTypes),
          c("relationship types", result.relationshipTypes),
          c("configuration items", result.configurationItems),
          c("relationships", result.relationships),
        ];
  return [
    ...counts,
    ...result.errors.map(
      (e) => `error: ${e.section}${e.index === null ? "" : `[${String(e.index)}]`}: ${e.message}`,
    ),
    `${verdict} (${seconds.toFixed(1)} s)`,
  ];
}

export function exportCommand(withApp: WithApp, io: CliIo): Command {
  return new Command("export")
    .description("write the whole CMDB as an interchange document (JSON)")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: { out?: string }) => {
      const stream: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      const writer = new JsonDocumentWriter(stream);
      const counts = await withApp((app) =>
        app.exports.exportAll(app.db.scope(), cliActor(), writer),
      );
      await writer.end();
      if (opts.out) {
        stream.end();
        await once(stream, "finish");
      }
      io.err(
        `exported ${String(counts.configurationItems)} CIs, ${String(counts.relationships)} relationships, ` +
          `${String(counts.ciTypes)} CI types, ${String(counts.relationshipTypes)} relationship types`,
      );
    });
}

/** Writes the document section by section, one entry per line, never holding it whole. */
class JsonDocumentWriter implements ExportSink {
  private open: string | null = null;
  private entriesInOpen = 0;

  constructor(private readonly stream: Writable) {}

  async write(section: string, entries: readonly unknown[]): Promise<void> {
    if (this.open !== section) {
      await write(
        this.stream,
        `${this.open === null ? "{" : "\n  ],"}\n  ${JSON.stringify(section)}: [`,
      );
      this.open = section;
      this.entriesInOpen = 0;
    }
    for (const entry of entries) {
      await write(
        this.stream,
        `${this.entriesInOpen === 0 ? "" : ","}\n    ${JSON.stringify(entry)}`,
      );
      this.entriesInOpen += 1;
    }
  }

  async end(): Promise<void> {
    await write(this.stream, this.open === null ? "{}\n" : "\n  ]\n}\n");
  }
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}
