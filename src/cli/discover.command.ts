import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import type { Application } from "../application/application.js";
import type { DiscoveryReport } from "../application/discovery/discovery.service.js";
import { locationTargets } from "../domain/discovery/backstage.js";
import {
  DISCOVERY_FORMATS,
  DiscoveryInputError,
  type DiscoveryFormat,
  type DiscoveryInput,
} from "../domain/discovery/discovered-estate.js";
import { cliActor } from "./cli-actor.js";
import { discoveryReviewCommands } from "./discovery-review.command.js";
import { CliInputError, readInput } from "./cli-input.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_REFUSED } from "./interchange.command.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

/** The files of a folder each format reads (the rest are left alone). */
const EXTENSIONS: Record<DiscoveryFormat, RegExp> = {
  KUBERNETES: /\.ya?ml$/i,
  COMPOSE: /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i,
  BACKSTAGE: /\.ya?ml$/i,
  TERRAFORM: /(\.tfstate|\.json)$/i,
};

export function discoverCommand(
  withApp: WithApp,
  io: CliIo,
  setExit: (code: number) => void,
): Command {
  const discover = new Command("discover")
    .description(
      "read a source's files (KUBERNETES, COMPOSE, BACKSTAGE, TERRAFORM) into the CMDB, as the import writes; then: stale, retire, unauthorized, retrospective",
    )
    .usage("<format> <paths...> --source <name> [options] | discover <command> [options]")
    // the subcommands have options of their own with the same names (--source, --json)
    .enablePositionalOptions()
    .argument("<format>", `one of ${DISCOVERY_FORMATS.join(", ")}`)
    .argument(
      "<paths...>",
      "files or folders (folders are read for the format's files, recursively)",
    )
    // required, but checked in the action: commander would ask the subcommands for it too
    .option("--source <name>", "the source's name (required): what it stops reporting goes stale")
    .option("--dry-run", "report what would change, write nothing")
    .option("--json", "print the report as JSON")
    .option("--stale-after <runs>", "runs without seeing a CI before it is stale", (v) => Number(v))
    .option(
      "--cluster <name>",
      "KUBERNETES: the cluster the manifests describe, in every key (default: a kubeconfig's current context among the files, else the source)",
    )
    .option(
      "--workspace <name>",
      "TERRAFORM: the state's workspace, in every key (default: the terraform.tfstate.d/<workspace>/ folder, else default)",
    )
    .action(
      async (
        format: string,
        paths: string[],
        opts: {
          source?: string;
          dryRun?: boolean;
          json?: boolean;
          staleAfter?: number;
          cluster?: string;
          workspace?: string;
        },
      ) => {
        const source = opts.source;
        if (source === undefined) throw new CliInputError("--source <name> is required");
        const upper = format.toUpperCase();
        if (!(DISCOVERY_FORMATS as readonly string[]).includes(upper)) {
          throw new CliInputError(
            `format must be one of ${DISCOVERY_FORMATS.join(", ")} (got ${format})`,
          );
        }
        const f = upper as DiscoveryFormat;
        const started = Date.now();
        const documents = await readDocuments(f, paths);
        io.err(`read ${String(documents.length)} file(s)`);
        const report = await withApp((app) =>
          app.discovery.run(app.db.scope(), cliActor(), {
            source,
            format: f,
            documents,
            dryRun: opts.dryRun ?? false,
            ...(opts.staleAfter !== undefined ? { staleAfterRuns: opts.staleAfter } : {}),
            cluster: opts.cluster ?? null,
            workspace: opts.workspace ?? null,
          }),
        );
        const seconds = (Date.now() - started) / 1000;
        if (opts.json) io.out(JSON.stringify({ ...report, seconds }, null, 2));
        else for (const line of describeDiscovery(report, seconds)) io.out(line);
        if (report.errorCount > 0) setExit(EXIT_REFUSED);
      },
    );
  for (const command of discoveryReviewCommands(withApp, io)) discover.addCommand(command);
  return discover;
}

/** The files named, folders walked (in name order), and for Backstage the Locations' targets. */
async function readDocuments(format: DiscoveryFormat, paths: string[]): Promise<DiscoveryInput[]> {
  const files: string[] = [];
  for (const p of paths) files.push(...(await filesUnder(p, format)));
  const documents: DiscoveryInput[] = [];
  const read = new Set<string>();
  const queue = [...files];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const resolved = path.resolve(file);
    if (read.has(resolved)) continue;
    read.add(resolved);
    const input = { name: file, text: await readInput(file) };
    documents.push(input);
    if (format === "BACKSTAGE") queue.push(...locationFiles(input));
  }
  return documents;
}

/** A Location's relative targets inside its own folder; URLs and paths that leave it are not followed. */
function locationFiles(input: DiscoveryInput): string[] {
  let targets: string[];
  try {
    targets = locationTargets(input);
  } catch (e) {
    // the run reports the file's error itself
    if (e instanceof DiscoveryInputError) return [];
    throw e;
  }
  const folder = path.dirname(input.name);
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !path.isAbsolute(t))
    .map((t) => path.join(folder, t))
    .filter((p) => !path.relative(folder, p).startsWith(".."));
}

async function filesUnder(p: string, format: DiscoveryFormat): Promise<string[]> {
  let info;
  try {
    info = await stat(p);
  } catch {
    throw new CliInputError(`cannot read ${p}: no such file or folder`);
  }
  if (!info.isDirectory()) return [p];
  const out: string[] = [];
  const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const child = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(child, format)));
    else if (EXTENSIONS[format].test(e.name)) out.push(child);
  }
  return out;
}

export function describeDiscovery(report: DiscoveryReport, seconds: number): string[] {
  const c = report.configurationItems;
  const r = report.relationships;
  const verdict =
    report.errorCount > 0
      ? `refused: ${String(report.errorCount)} error(s); nothing was written`
      : report.dryRun
        ? "dry run: nothing was written; a real run would do the above"
        : "applied";
  const counts =
    report.errorCount > 0
      ? []
      : [
          `configuration items: ${String(c.created)} created, ${String(c.updated)} updated, ${String(c.unchanged)} unchanged, ${String(c.conflicting)} conflicting, ${String(c.notSeen)} not seen, ${String(c.stale)} stale`,
          `relationships: ${String(r.created)} created, ${String(r.unchanged)} unchanged, ${String(r.notSeen)} not seen, ${String(r.stale)} stale`,
          ...report.conflicts.map(
            (x) =>
              `conflict: ${x.key} ${x.field}: kept ${JSON.stringify(x.kept)} of ${x.owner}, not ${JSON.stringify(x.offered)}`,
          ),
          ...report.unresolved.map((u) => `unresolved: ${u.from} ${u.type} ${u.to} (no such CI)`),
          ...report.unauthorizedChanges.map(
            (u) =>
              `unauthorized change${u.held ? " (held)" : ""}: ${u.key}: ${[
                ...u.changes.map((c) => c.field),
                ...u.relationships.map(
                  (r) => `${r.change.toLowerCase()} ${r.from} ${r.type} ${r.to}`,
                ),
              ].join(", ")}`,
          ),
        ];
  return [
    `source ${report.source} (${report.format.toLowerCase()}${report.cluster ? `, cluster ${report.cluster}` : ""}${report.workspace ? `, workspace ${report.workspace}` : ""})`,
    ...counts,
    ...report.errors.map(
      (e) => `error: ${e.section}${e.index === null ? "" : `[${String(e.index)}]`}: ${e.message}`,
    ),
    `${verdict} (${seconds.toFixed(1)} s)`,
  ];
}
