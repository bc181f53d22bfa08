import "reflect-metadata";
import { Command, CommanderError } from "commander";
import type { Application } from "../application/application.js";
import { openApplication } from "../bootstrap.js";
import { runInitialImport, type InitialLoadOutcome } from "../initial-import.js";
import type { StreamImportOptions } from "../application/interchange/import.service.js";
import { cliActor } from "./cli-actor.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { createLogger } from "../config/logger.js";
import { productVersion } from "../config/product-version.js";
import { DomainError } from "../domain/errors.js";
import { Neo4jUnavailableError } from "../neo4j/embedded-neo4j.js";
import { MissingCypherFileError } from "../neo4j/cypher-registry.js";
import { CliInputError } from "./cli-input.js";
import { processIo, type CliIo } from "./cli-io.js";
import { baselineCommand } from "./baseline.command.js";
import { checkCommand } from "./check.command.js";
import { discoverCommand } from "./discover.command.js";
import { impactCommands } from "./impact.command.js";
import { exportCommand, importCommand } from "./interchange.command.js";
import { tokenCommand } from "./token.command.js";
import { userCommand } from "./user.command.js";

type Env = Record<string, string | undefined>;

/**
 * Runs one CLI invocation and returns its exit code: 0 done, 1 refused or failed (the message
 * says why), 2 bad usage, configuration or input file, 3 an import or a discovery run refused for
 * its errors (nothing written), 4 an integrity check with an ERROR-level rule that found something. With
 * `--json`, an error is printed on stdout as `{"error": {"code", "message", "exitCode"}}` too.
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

  const initialLoad = (
    input: AsyncIterable<Buffer | string>,
    opts: StreamImportOptions & { onStep?: (step: string) => void },
  ): Promise<InitialLoadOutcome> =>
    runInitialImport(
      loadConfig(env),
      createLogger(env.LOG_LEVEL ?? "warn", "graph-cmdb-cli"),
      cliActor(),
      input,
      opts,
    );

  const program = new Command("graph-cmdb")
    .description("graph-cmdb: a configuration management database on a Neo4j graph")
    .version(productVersion(), "-V, --version", "print the version")
    .exitOverride()
    // a subcommand's options are its own: `discover retire --source S` is retire's --source
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  let exitCode = 0;
  program.addCommand(userCommand(withApp, io));
  program.addCommand(tokenCommand(withApp, io));
  program.addCommand(importCommand(withApp, io, (code) => (exitCode = code), initialLoad));
  program.addCommand(exportCommand(withApp, io));
  program.addCommand(discoverCommand(withApp, io, (code) => (exitCode = code)));
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

  const json = argv.includes("--json");
  /** One error, on stderr for a person (`said`) and, with --json, on stdout for a program. */
  const fail = (exitCode: number, code: string, message: string, said = message): number => {
    io.err(`graph-cmdb: ${said}`);
    if (json) io.out(JSON.stringify({ error: { code, message, exitCode } }, null, 2));
    return exitCode;
  };
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander printed the usage error (or the help or version) itself
      if (e.exitCode === 0) return 0;
      if (json)
        io.out(JSON.stringify({ error: { code: "USAGE", message: e.message, exitCode: 2 } }));
      return 2;
    }
    if (e instanceof ConfigError)
      return fail(2, "CONFIGURATION", `invalid configuration: ${e.message}`);
    if (e instanceof CliInputError) return fail(2, "INPUT", e.message);
    if (e instanceof DomainError) {
      return fail(e.code === "VALIDATION" ? 2 : 1, e.code, e.message, `${e.code}: ${e.message}`);
    }
    if (e instanceof Neo4jUnavailableError || e instanceof MissingCypherFileError) {
      return fail(1, "UNAVAILABLE", e.message);
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
