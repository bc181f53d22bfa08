import "reflect-metadata";
import { startGraphCmdb } from "./bootstrap.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger } from "./config/logger.js";
import { Neo4jUnavailableError } from "./neo4j/embedded-neo4j.js";
import { MissingCypherFileError } from "./neo4j/cypher-registry.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`graph-cmdb: invalid configuration: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startGraphCmdb>> | undefined;
  const giveUp = (error: Error): void => {
    // the supervisor could not bring the embedded Neo4j back: say so and let whoever runs us
    // (systemd, Docker, a person) restart the whole product
    process.stderr.write(`graph-cmdb: ${error.message}\n`);
    const exit = (): never => process.exit(1);
    setTimeout(exit, config.shutdownTimeoutMs).unref();
    void (running ? running.stop() : Promise.resolve()).then(exit, exit);
  };
  try {
    running = await startGraphCmdb(config, log, { onNeo4jGiveUp: giveUp });
  } catch (e) {
    if (e instanceof Neo4jUnavailableError || e instanceof MissingCypherFileError) {
      process.stderr.write(`graph-cmdb: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  process.stderr.write(`graph-cmdb: GraphQL at ${running.url}/graphql\n`);

  const shutdown = (signal: string): void => {
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

await main();
