import { Command } from "commander";
import type { Application } from "../application/application.js";
import {
  MAX_BASELINE_PAGE,
  type BaselineComparison,
  type BaselineRef,
} from "../application/baseline/baseline.service.js";
import { describeScope } from "../domain/baseline/baseline.js";
import { describeValue, ValidationError } from "../domain/errors.js";
import { allPages } from "./all-pages.js";
import { cliActor } from "./cli-actor.js";
import { instant, positiveInt } from "./cli-arguments.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

interface TakeOptions {
  asOf?: Date;
  ci?: string;
  depth?: number;
  environment?: string;
  type?: string;
  keys?: string;
  description?: string;
  json?: boolean;
}

/** `baseline take|list|compare|restore`: baselines on the command line. */
export function baselineCommand(withApp: WithApp, io: CliIo): Command {
  const baseline = new Command("baseline").description("snapshots of a scope of the CMDB");

  baseline
    .command("take")
    .description(
      "take a baseline of one scope: --ci KEY [--depth N], --environment E, --type T or --keys A,B",
    )
    .argument("<name>", "a unique name")
    .option("--ci <key>", "a CI and everything it depends on")
    .option("--depth <n>", "with --ci: how deep", positiveInt)
    .option("--environment <name>", "every CI of an environment")
    .option("--type <type>", "every CI of a type and its subtypes")
    .option("--keys <keys>", "a comma-separated list of CI keys")
    .option("--description <text>", "what it is for")
    .option("--as-of <instant>", "snapshot the CMDB as it was then (ISO date-time)", instant)
    .option("--json", "print the baseline as JSON")
    .action(async (name: string, opts: TakeOptions) => {
      const scopes = [
        opts.ci ? { kind: "DEPENDENCIES", ciKey: opts.ci, depth: opts.depth ?? null } : null,
        opts.environment ? { kind: "ENVIRONMENT", environment: opts.environment } : null,
        opts.type ? { kind: "CI_TYPE", ciType: opts.type } : null,
        opts.keys ? { kind: "LIST", ciKeys: opts.keys.split(",").map((k) => k.trim()) } : null,
      ].filter((s) => s !== null);
      if (scopes.length !== 1) {
        throw new ValidationError(
          "scope",
          scopes.map((x) => x.kind),
          "name exactly one scope: --ci, --environment, --type or --keys",
        );
      }
      const b = await withApp((app) =>
        app.baselines.take(app.db.scope(), cliActor(), {
          name,
          description: opts.description ?? null,
          scope: scopes[0] as Record<string, unknown>,
          asOf: opts.asOf ?? null,
        }),
      );
      if (opts.json) {
        io.out(JSON.stringify(b, null, 2));
        return;
      }
      io.out(
        `baseline ${b.name}: ${describeScope(b.scope)}, ${String(b.ciCount)} CIs and ${String(b.relationshipCount)} relationships`,
      );
    });

  baseline
    .command("list")
    .description("every baseline, newest first")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const list = await withApp((app) =>
        allPages((page) => app.baselines.list(app.db.scope(), cliActor(), page), MAX_BASELINE_PAGE),
      );
      if (opts.json) {
        io.out(JSON.stringify(list, null, 2));
        return;
      }
      for (const b of list) {
        io.out(
          `${b.takenAt.toISOString()}  ${b.name}  (${describeScope(b.scope)}; ${String(b.ciCount)} CIs)`,
        );
      }
    });

  baseline
    .command("compare")
    .description("what drifted from a baseline to now, or to another baseline")
    .argument("<baseline>", "name or id")
    .option("--with <other>", "another baseline (default: now)")
    .option("--json", "print JSON")
    .action(async (ref: string, opts: { with?: string; json?: boolean }) => {
      const c = await withApp((app) =>
        app.baselines.compare(
          app.db.scope(),
          cliActor(),
          baselineRef(ref),
          opts.with ? baselineRef(opts.with) : null,
        ),
      );
      if (opts.json) io.out(JSON.stringify(c, null, 2));
      else for (const line of describeComparison(c)) io.out(line);
    });

  baseline
    .command("restore")
    .description("draft an RFC that undoes the drift from a baseline")
    .argument("<baseline>", "name or id")
    .option("--json", "print the drafted RFC as JSON")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { rfc } = await withApp((app) =>
        app.baselines.restore(app.db.scope(), cliActor(), baselineRef(ref)),
      );
      if (opts.json) {
        io.out(JSON.stringify(rfc, null, 2));
        return;
      }
      io.out(
        `RFC-${String(rfc.number)} drafted (${String(rfc.operations.length)} operations): ${rfc.title}`,
      );
    });
  return baseline;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A baseline named on the command line: an id when it has an id's shape, else a name. */
function baselineRef(text: string): BaselineRef {
  return UUID.test(text) ? { id: text } : { name: text };
}

export function describeComparison(c: BaselineComparison): string[] {
  const d = c.drift;
  const lines = [
    `${c.baseline.name} (${c.baseline.takenAt.toISOString()}) → ${c.against ? c.against.name : "now"}: ${c.empty ? "no drift" : "drift"}`,
  ];
  for (const x of d.addedCis) lines.push(`  + CI ${x.key} (${x.type})`);
  for (const x of d.removedCis) lines.push(`  - CI ${x.key} (${x.type})`);
  for (const x of d.changedCis) {
    lines.push(`  ~ CI ${x.key} (${x.type})`);
    for (const f of x.changes) {
      lines.push(`      ${f.field}: ${describeValue(f.before)} → ${describeValue(f.after)}`);
    }
  }
  for (const r of d.addedRelationships) lines.push(`  + ${r.fromKey} ${r.type} ${r.toKey}`);
  for (const r of d.removedRelationships) lines.push(`  - ${r.fromKey} ${r.type} ${r.toKey}`);
  return lines;
}
