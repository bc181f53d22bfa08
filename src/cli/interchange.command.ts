import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Command } from "commander";
import type { Application } from "../application/application.js";
import type { ExportSink } from "../application/interchange/export.service.js";
import type { ImportProgress, ImportResult } from "../application/interchange/import.service.js";
import { cliActor } from "./cli-actor.js";
import { readJsonInput } from "./cli-input.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

/** Exit code 3: the document was refused (its errors are listed); nothing was written. */
export const EXIT_REFUSED = 3;

export function importCommand(
  withApp: WithApp,
  io: CliIo,
  setExit: (code: number) => void,
): Command {
  return new Command("import")
    .description("import an interchange document (JSON): upsert by key, all or nothing")
    .argument("<file>", "the document (- for standard input)")
    .option("--dry-run", "report what would change, write nothing")
    .option("--json", "print the result as JSON")
    .option("--reason <text>", "why (kept in every CI's history)")
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean; reason?: string }) => {
      const started = Date.now();
      io.err(`reading ${file === "-" ? "standard input" : file}…`);
      const document = await readJsonInput(file);
      let lastReport = 0;
      const sectionStarted = new Map<string, number>();
      const onProgress = (p: ImportProgress): void => {
        const now = Date.now();
        if (!sectionStarted.has(p.section)) sectionStarted.set(p.section, now);
        if (now - lastReport > 1000 || p.done === p.total) {
          lastReport = now;
          const seconds = (now - (sectionStarted.get(p.section) ?? now)) / 1000;
          const rate =
            seconds > 0 ? ` (${Math.round(p.done / seconds).toLocaleString("en")}/s)` : "";
          io.err(
            `  ${p.section}: ${String(p.done)}/${String(p.total)} in ${seconds.toFixed(1)} s${rate}`,
          );
        }
      };
      const result = await withApp((app) =>
        app.imports.importDocument(app.db.scope(), cliActor(), document, {
          dryRun: opts.dryRun ?? false,
          reason: opts.reason ?? `import of ${file}`,
          onProgress,
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      if (opts.json) io.out(JSON.stringify({ ...result, seconds }, null, 2));
      else for (const line of describeImport(result, seconds)) io.out(line);
      if (result.errorCount > 0) setExit(EXIT_REFUSED);
    });
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
