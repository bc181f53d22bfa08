import "reflect-metadata";
import { Command, CommanderError } from "commander";
import type { Application } from "../application/application.js";
import { openApplication } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { createLogger } from "../config/logger.js";
import { DomainError } from "../domain/errors.js";
import { Neo4jUnavailableError } from "../neo4j/embedded-neo4j.js";
import { MissingCypherFileError } from "../neo4j/cypher-registry.js";
import { processIo, type CliIo } from "./cli-io.js";
import { baselineCommand } from "./baseline.command.js";
import { checkCommand } from "./check.command.js";
import { impactCommands } from "./impact.command.js";
import { exportCommand, importCommand } from "./interchange.command.js";
import { tokenCommand } from "./token.command.js";

type Env = Record<string, string | undefined>;

/**
 * Runs one CLI invocation and returns its exit code: 0 done, 1 refused or failed (the message
 * says why), 2 bad usage or configuration, 3 an import refused for its errors (nothing written),
 * 4 an integrity check with an ERROR-level rule that found something.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  env: Env = process.env,
): Promise<number> {
  const withApp = async <T>(work: (app: Application) => Promise<T>): Promise<T> => {
    const config = loadConfig(env);
    const log = createLogger(env.LOG_LEVEL ?? "warn", "graph-cmdb-cli");
    const opened = await openApplication(config, log, { shareRunningNeo4j: true });
    try {
      return await work(opened.app);
    } finally {
      await opened.close();
    }
  };

  const program = new Command("graph-cmdb")
    .description("graph-cmdb: a configuration management database on a Neo4j graph")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  let exitCode = 0;
  program.addCommand(tokenCommand(withApp, io));
  program.addCommand(importCommand(withApp, io, (code) => (exitCode = code)));
  program.addCommand(exportCommand(withApp, io));
  for (const command of impactCommands(withApp, io)) program.addCommand(command);
  program.addCommand(baselineCommand(withApp, io));
  program.addCommand(checkCommand(withApp, io, (code) => (exitCode = code)));
  program
    .command("migrate")
    .description("apply pending schema migrations (the server also does this at start)")
    .action(async () => {
      await withApp((app) => app.readiness.check());
      io.out("schema is current");
    });
  overrideExitEverywhere(program, io);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof ConfigError) {
      io.err(`graph-cmdb: invalid configuration: ${e.message}`);
      return 2;
    }
    if (e instanceof DomainError) {
      io.err(`graph-cmdb: ${e.code}: ${e.message}`);
      return e.code === "VALIDATION" ? 2 : 1;
    }
    if (e instanceof Neo4jUnavailableError || e instanceof MissingCypherFileError) {
      io.err(`graph-cmdb: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** Commander exits the process on bad usage unless told otherwise, on every (sub)command. */
function overrideExitEverywhere(command: Command, io: CliIo): void {
  for (const sub of command.commands) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
    overrideExitEverywhere(sub, io);
  }
}
