import { Command } from "commander";
import type { Application } from "../application/application.js";
import type { IntegrityReport } from "../application/integrity/integrity.service.js";
import { cliActor } from "./cli-actor.js";
import type { CliIo } from "./cli-io.js";

type WithApp = <T>(work: (app: Application) => Promise<T>) => Promise<T>;

/** Exit code of `check` when an ERROR-level rule found something (for cron). */
export const CHECK_FAILED = 4;

/** `check`: the integrity report, for people and for cron. */
export function checkCommand(
  withApp: WithApp,
  io: CliIo,
  setExit: (code: number) => void,
): Command {
  return new Command("check")
    .description(
      `run the CMDB integrity checks (exit ${String(CHECK_FAILED)} when an ERROR-level rule finds something)`,
    )
    .option("--json", "print JSON")
    .option("--offenders <n>", "offending CIs listed per rule", "5")
    .action(async (opts: { json?: boolean; offenders: string }) => {
      const report = await withApp((app) => app.integrity.run(app.db.scope(), cliActor()));
      if (opts.json) io.out(JSON.stringify(report, null, 2));
      else for (const line of describeIntegrity(report, Number(opts.offenders) || 0)) io.out(line);
      if (report.failed) setExit(CHECK_FAILED);
    });
}

export function describeIntegrity(r: IntegrityReport, listed: number): string[] {
  const lines = [
    `integrity of ${r.scope ?? "the whole CMDB"} at ${r.at.toISOString()}: ${r.failed ? "FAILED" : "passed"}`,
  ];
  const width = Math.max(...r.results.map((x) => x.rule.length));
  for (const x of r.results) {
    const state = !x.enabled ? "off" : x.passed ? "ok" : x.level;
    const trend = x.previousCount === null ? "" : ` (was ${String(x.previousCount)})`;
    lines.push(
      `${state.padEnd(7)} ${x.rule.padEnd(width)} ${String(x.count).padStart(6)}${trend}  ${x.description}`,
    );
    for (const o of x.offenders.slice(0, listed)) lines.push(`          ${o.key}: ${o.detail}`);
    if (x.count > listed && listed > 0 && x.offenders.length > 0) {
      lines.push(`          … ${String(x.count - Math.min(listed, x.offenders.length))} more`);
    }
  }
  return lines;
}
