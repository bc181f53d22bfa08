import { Command, InvalidArgumentError } from "commander";
import type { Application } from "../application/application.js";
import type { ImpactDirection, ImpactedItem, ImpactReport } from "../application/impact/impact.js";
import { MAX_IMPACTED_PAGE_SIZE } from "../application/impact/impact-report.js";
import { impactShape } from "../application/impact/impact-shape.js";
import { eachPage } from "./all-pages.js";
import { cliActor } from "./cli-actor.js";
import { instant, positiveInt } from "./cli-arguments.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

function direction(value: string): ImpactDirection {
  const upper = value.toUpperCase();
  if (upper !== "DEPENDENTS" && upper !== "DEPENDENCIES") {
    throw new InvalidArgumentError(`must be dependents or dependencies (got ${value})`);
  }
  return upper;
}

/** `impact`, `spof`, `cycles` and `path`: the impact answers of the API, on the command line. */
export function impactCommands(withApp: WithApp, io: CliIo): Command[] {
  const impact = new Command("impact")
    .description("what a change to these CIs hits, how badly and why")
    .argument("<keys...>", "the keys of the CIs that change")
    .option("--depth <n>", "how many relationships deep (default: the server's cap)", positiveInt)
    .option("--direction <d>", "dependents (default) or dependencies", direction)
    .option("--as-of <instant>", "analyse the graph as it was then (ISO date-time)", instant)
    .option("--json", "print JSON")
    .action(
      async (
        keys: string[],
        opts: { depth?: number; direction?: ImpactDirection; asOf?: Date; json?: boolean },
      ) => {
        await withApp(async (app) => {
          // read a page at a time (the paged cap, not the node cap), printed as it comes
          const report = await app.impact.analyse(
            app.db.scope(),
            cliActor(),
            {
              ciKeys: keys,
              maxDepth: opts.depth ?? null,
              direction: opts.direction ?? "DEPENDENTS",
              asOf: opts.asOf ?? null,
            },
            "paged",
          );
          const pages = (visit: (items: readonly ImpactedItem[]) => void) =>
            eachPage((p) => Promise.resolve(report.page(p)), MAX_IMPACTED_PAGE_SIZE, visit);
          if (!opts.json) {
            for (const line of describeSummary(report)) io.out(line);
            io.out("Impacted:");
            await pages((items) => {
              for (const i of items) io.out(describeImpacted(i));
            });
            return;
          }
          // one JSON document, its `impacted` array written page by page
          const head = JSON.stringify(
            {
              direction: report.direction,
              roots: report.roots,
              counts: report.counts,
              truncated: report.truncated,
              maxDepth: report.maxDepth,
              depthReached: report.depthReached,
              nodeCap: report.nodeCap,
              asOf: report.asOf,
              businessServices: report.businessServices.map(jsonItem),
            },
            null,
            2,
          );
          io.out(`${head.slice(0, head.lastIndexOf("}")).trimEnd()},\n  "impacted": [`);
          let first = true;
          await pages((items) => {
            for (const i of items) {
              io.out(`${first ? "" : ","}${JSON.stringify(jsonItem(i))}`);
              first = false;
            }
          });
          io.out("]}");
        });
      },
    );

  const spof = new Command("spof")
    .description("the single points of failure of a service")
    .argument("<key>", "the service's key")
    .option("--json", "print JSON")
    .action(async (key: string, opts: { json?: boolean }) => {
      const r = await withApp((app) =>
        app.impact.singlePointsOfFailure(app.db.scope(), cliActor(), { key }),
      );
      if (opts.json) {
        io.out(JSON.stringify(r, null, 2));
        return;
      }
      io.out(
        `${key}: ${String(r.points.length)} single point(s) of failure among ${String(r.examined)} CIs it needs${r.truncated ? " (truncated)" : ""}`,
      );
      for (const p of r.points)
        io.out(`  ${p.key} (${p.type}), distance ${String(p.distance)}: ${explain(p)}`);
    });

  const cycles = new Command("cycles")
    .description("dependency cycles, in the whole CMDB or under one CI")
    .option("--under <key>", "only among what this CI needs")
    .option("--json", "print JSON")
    .action(async (opts: { under?: string; json?: boolean }) => {
      const r = await withApp((app) =>
        app.impact.dependencyCycles(
          app.db.scope(),
          cliActor(),
          opts.under ? { key: opts.under } : null,
        ),
      );
      if (opts.json) {
        io.out(JSON.stringify(r, null, 2));
        return;
      }
      io.out(`${String(r.count)} dependency cycle(s) among ${String(r.examined)} CIs`);
      for (const c of r.cycles)
        io.out(`  ${String(c.members.length)} CIs: ${c.example.map((m) => m.key).join(" → ")}`);
    });

  const path = new Command("path")
    .description("a shortest chain along which FROM needs TO")
    .argument("<from>", "key")
    .argument("<to>", "key")
    .option(
      "--direction <d>",
      "dependencies (default: FROM needs TO) or dependents (FROM impacts TO)",
      direction,
    )
    .option("--json", "print JSON (null when there is no path)")
    .action(
      async (from: string, to: string, opts: { direction?: ImpactDirection; json?: boolean }) => {
        const r = await withApp(async (app) => {
          const found = await app.impact.dependencyPath(
            app.db.scope(),
            cliActor(),
            { key: from },
            { key: to },
            { direction: opts.direction ?? null },
          );
          if (!found) return null;
          const cis = await app.cis.findByIds(app.db.scope(), cliActor(), found.path);
          return { keys: cis.map((c) => c?.key ?? "?"), types: found.pathTypes };
        });
        if (opts.json) {
          io.out(JSON.stringify(r && { keys: r.keys, relationshipTypes: r.types }, null, 2));
          return;
        }
        if (!r) {
          io.out(`no path from ${from} to ${to}`);
          return;
        }
        io.out(r.keys.map((k, i) => (i === 0 ? k : `-[${r.types[i - 1] ?? "?"}]- ${k}`)).join(" "));
      },
    );

  return [impact, spof, cycles, path];
}

/** An impacted CI in `impact --json`: the one shape (docs/impact-shape.md), and its path as before. */
function jsonItem(i: ImpactedItem): Record<string, unknown> {
  return { ...impactShape(i), path: i.path, pathKeys: i.pathKeys, pathTypes: i.pathTypes };
}

/** The report's first lines: what changed, the counts, the business services hit. */
export function describeSummary(r: ImpactReport): string[] {
  const lines = [
    `${r.direction === "DEPENDENTS" ? "Impact of changing" : "What is needed by"} ${r.roots.map((c) => c.key).join(", ")}` +
      ` (depth ≤ ${String(r.maxDepth)}${r.asOf ? `, as of ${r.asOf.toISOString()}` : ""}): ${String(r.counts.total)} CIs —` +
      ` ${String(r.counts.down)} DOWN, ${String(r.counts.degraded)} DEGRADED, ${String(r.counts.atRisk)} AT_RISK` +
      (r.truncated ? ` (TRUNCATED at ${String(r.nodeCap)} CIs)` : ""),
  ];
  if (r.businessServices.length > 0) {
    lines.push("Business services hit:");
    for (const b of r.businessServices) {
      lines.push(
        `  ${b.level.padEnd(8)} ${b.key} (criticality ${b.criticality === null ? "-" : String(b.criticality)}, distance ${String(b.distance)})`,
      );
    }
  }
  return lines;
}

function describeImpacted(i: ImpactedItem): string {
  return `  ${String(i.distance).padStart(2)}  ${i.level.padEnd(8)} ${i.key} (${i.type})  ${explain(i)}`;
}

function explain(i: ImpactedItem): string {
  return i.pathKeys
    .map((key, step) => (step === 0 ? key : `-[${i.pathTypes[step - 1] ?? "?"}]- ${key}`))
    .join(" ");
}
