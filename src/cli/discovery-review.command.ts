import { Command } from "commander";
import type { Application } from "../application/application.js";
import {
  MAX_STALE_PAGE,
  MAX_UNAUTHORIZED_PAGE,
  UNAUTHORIZED_CHANGE_STATUSES,
} from "../application/discovery/discovery.service.js";
import type { PrecedenceRule } from "../domain/discovery/reconciliation.js";
import type { UnauthorizedChange } from "../neo4j/discovery.repository.js";
import { allPages } from "./all-pages.js";
import { cliActor } from "./cli-actor.js";
import { CliInputError } from "./cli-input.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

/**
 * `discover stale|retire|unauthorized|retrospective|precedence`: what follows a discovery run,
 * on the command line as through GraphQL (staleDiscoveries, proposeRetirement,
 * unauthorizedChangesConnection, openRetrospectiveRfc, discoveryPrecedence and
 * setDiscoveryPrecedence).
 */
export function discoveryReviewCommands(withApp: WithApp, io: CliIo): Command[] {
  const stale = new Command("stale")
    .description("list the CIs a source no longer reports past its staleness threshold, by key")
    .requiredOption("--source <name>", "the discovery source")
    .option("--json", "print JSON")
    .action(async (opts: { source: string; json?: boolean }) => {
      const items = await withApp((app) =>
        allPages(
          (page) => app.discovery.staleDiscoveries(app.db.scope(), cliActor(), opts.source, page),
          MAX_STALE_PAGE,
        ),
      );
      if (opts.json) {
        io.out(JSON.stringify(items, null, 2));
        return;
      }
      for (const s of items) {
        const others =
          s.reportedBy.length > 0 ? `; still reported by ${s.reportedBy.join(", ")}` : "";
        io.out(
          `${s.ciKey}  ${s.type}  ${s.lifecycle}  last seen ${s.lastSeen.toISOString()}, ${String(s.missedRuns)} run(s) missed${others}`,
        );
      }
      io.out(`${String(items.length)} stale CI(s) of source ${opts.source}`);
    });

  const retire = new Command("retire")
    .description(
      "draft one RFC retiring a source's stale CIs (none is retired until the RFC is implemented); CIs an open RFC already retires are left out",
    )
    .requiredOption("--source <name>", "the discovery source")
    .option(
      "--ci <key...>",
      "only these stale CIs (default: every one no other source still reports)",
    )
    .option("--json", "print JSON")
    .action(async (opts: { source: string; ci?: string[]; json?: boolean }) => {
      const r = await withApp((app) =>
        app.discovery.proposeRetirement(app.db.scope(), cliActor(), {
          source: opts.source,
          ciKeys: opts.ci ?? null,
        }),
      );
      if (opts.json) {
        io.out(JSON.stringify(r, null, 2));
        return;
      }
      io.out(
        `RFC-${String(r.rfc.number)} drafted (${r.rfc.state}): retire ${String(r.retiring.length)} CI(s) source ${opts.source} no longer reports`,
      );
      for (const s of r.retiring)
        io.out(`  retire ${s.ciKey} (${s.type}, revision ${String(s.revision)})`);
      for (const p of r.alreadyProposed) {
        io.out(
          `  left out ${p.ciKey}: RFC-${String(p.rfcNumber)} (${p.rfcState}) retires it already`,
        );
      }
    });

  const unauthorized = new Command("unauthorized")
    .description("list the unauthorized changes discovery found, newest first")
    .option("--source <name>", "only those this source found")
    .option("--ci <key>", "only this CI's")
    .option(
      "--status <status>",
      `only those in this status (${UNAUTHORIZED_CHANGE_STATUSES.join(", ")})`,
    )
    .option("--json", "print JSON")
    .action(async (opts: { source?: string; ci?: string; status?: string; json?: boolean }) => {
      const items = await withApp((app) =>
        allPages(
          (page) =>
            app.discovery.unauthorizedChangesPage(
              app.db.scope(),
              cliActor(),
              {
                ciKey: opts.ci ?? null,
                source: opts.source ?? null,
                status: opts.status?.toUpperCase() ?? null,
              },
              page,
            ),
          MAX_UNAUTHORIZED_PAGE,
        ),
      );
      if (opts.json) {
        io.out(JSON.stringify(items, null, 2));
        return;
      }
      for (const u of items) io.out(describeUnauthorizedChange(u));
      io.out(`${String(items.length)} unauthorized change(s)`);
    });

  const retrospective = new Command("retrospective")
    .description(
      "open the retrospective RFC of an unauthorized change: an EMERGENCY draft proposing what discovery saw",
    )
    .argument("<id>", "the unauthorized change's id (see discover unauthorized)")
    .option("--json", "print JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      if (id.trim() === "") throw new CliInputError("the unauthorized change's id is empty");
      const r = await withApp((app) =>
        app.discovery.openRetrospectiveRfc(app.db.scope(), cliActor(), id),
      );
      if (opts.json) {
        io.out(JSON.stringify({ unauthorizedChange: r.change, rfc: r.rfc }, null, 2));
        return;
      }
      io.out(
        `RFC-${String(r.rfc.number)} drafted (${r.rfc.type}, ${String(r.rfc.operations.length)} operation(s)): ${r.rfc.title}`,
      );
    });

  const precedence = new Command("precedence")
    .description(
      "list the precedence rules of discovery sources; with --type and --field, set one (--sources) or remove it (--remove)",
    )
    .option("--type <ciType>", "the CI type the rule is for (its subtypes follow it)")
    .option("--field <field>", "a CI field, attributes, attributes.<name> or *")
    .option("--sources <names>", "source names, highest precedence first, comma-separated")
    .option("--remove", "remove the rule for --type and --field")
    .option("--json", "print JSON")
    .action(
      async (opts: {
        type?: string;
        field?: string;
        sources?: string;
        remove?: boolean;
        json?: boolean;
      }) => {
        const rule = precedenceRuleOf(opts);
        const rules = await withApp((app) =>
          rule === null
            ? app.discovery.precedence(app.db.scope(), cliActor())
            : app.discovery.setPrecedence(app.db.scope(), cliActor(), rule),
        );
        if (opts.json) {
          io.out(JSON.stringify(rules, null, 2));
          return;
        }
        for (const r of rules) io.out(describePrecedenceRule(r));
        io.out(`${String(rules.length)} precedence rule(s)`);
      },
    );

  return [stale, retire, unauthorized, retrospective, precedence];
}

/** The rule `discover precedence` sets, or null when it only lists; bad usage is refused. */
function precedenceRuleOf(opts: {
  type?: string;
  field?: string;
  sources?: string;
  remove?: boolean;
}): PrecedenceRule | null {
  const setting = opts.sources !== undefined || opts.remove === true;
  if (opts.type === undefined && opts.field === undefined && !setting) return null;
  if (opts.type === undefined || opts.field === undefined)
    throw new CliInputError("setting a precedence rule takes both --type and --field");
  if (opts.sources !== undefined && opts.remove === true)
    throw new CliInputError("give either --sources or --remove, not both");
  if (!setting) throw new CliInputError("give --sources (highest first) or --remove");
  const sources =
    opts.remove === true
      ? []
      : (opts.sources ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
  if (opts.remove !== true && sources.length === 0)
    throw new CliInputError("--sources names no source (use --remove to remove the rule)");
  return { ciType: opts.type, field: opts.field, sources };
}

/** One line: the type and field, then the sources from the highest. */
export function describePrecedenceRule(r: PrecedenceRule): string {
  return `${r.ciType} ${r.field}: ${r.sources.join(" > ")}`;
}

/** One line: when, the CI, who saw it, its status and what differed. */
export function describeUnauthorizedChange(u: UnauthorizedChange): string {
  const what = [
    ...u.changes.map((c) => `${c.field} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`),
    ...u.relationships.map((r) => `${r.change.toLowerCase()} ${r.from} ${r.type} ${r.to}`),
  ].join("; ");
  return `${u.detectedAt.toISOString()}  ${u.ciKey}  by ${u.source}  ${u.status}${u.held ? " (held)" : ""}${u.rfcId ? ` rfc ${u.rfcId}` : ""}  id ${u.id}: ${what}`;
}
