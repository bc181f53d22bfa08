import "reflect-metadata";
import { Application } from "./application/application.js";
import type { Config } from "./config/config.js";
import type { Logger } from "./config/logger.js";
import { projectRoot } from "./config/project-root.js";
import { buildGraphqlSchema } from "./graphql/schema.js";
import { startHttpServer } from "./http/server.js";
import { CypherRegistry } from "./neo4j/cypher-registry.js";
import { createDriver, Database } from "./neo4j/database.js";
import { migrate } from "./neo4j/migrator.js";
import { openNeo4j, type Neo4jSource } from "./neo4j/neo4j-source.js";
import path from "node:path";
import { migrationsDirectory } from "./application/application.js";
import { loadDemoEstateIfEmpty } from "./application/interchange/demo-estate.js";

export interface OpenedApplication {
  readonly app: Application;
  readonly source: Neo4jSource;
  close(): Promise<void>;
}

/**
 * Everything up to a usable core: the Cypher registry (a missing file stops here, by name),
 * Neo4j (URI or embedded), the driver, the schema migrations.
 */
export async function openApplication(
  config: Config,
  log: Logger,
  opts: { shareRunningNeo4j?: boolean; cypherDir?: string } = {},
): Promise<OpenedApplication> {
  const registry = await CypherRegistry.load(opts.cypherDir ?? path.join(projectRoot(), "cypher"));
  const source = await openNeo4j(config, log, { shareRunning: opts.shareRunningNeo4j ?? false });
  const db = new Database(createDriver(source.target), registry, source.target.database);
  try {
    await db.verifyConnectivity();
    const report = await migrate(db.scope(), migrationsDirectory(db));
    if (report.applied.length > 0)
      log.info({ applied: report.applied }, "schema migrations applied");
  } catch (e) {
    await db.close();
    await source.stop();
    throw e;
  }
  const app = new Application(db, config);
  try {
    await app.catalogue.ensureDefaults(db.scope());
    // a streamed import whose process died leaves its writes visible until it is finished or undone
    const unfinished = await app.imports.unfinishedImport(db.scope());
    if (unfinished) {
      log.warn(
        {
          importId: unfinished.id,
          source: unfinished.source,
          state: unfinished.state,
          startedAt: unfinished.startedAt.toISOString(),
          actor: unfinished.actor,
        },
        "an import has not finished: its writes so far are in the CMDB until `graph-cmdb import --resume FILE` completes it or `graph-cmdb import --abort` undoes it",
      );
    }
  } catch (e) {
    await db.close();
    await source.stop();
    throw e;
  }
  return {
    app,
    source,
    close: async () => {
      await db.close();
      await source.stop();
    },
  };
}

export interface RunningGraphCmdb {
  readonly url: string;
  readonly app: Application;
  stop(): Promise<void>;
}

/** The whole product: core + HTTP server. `stop` drains requests, then closes Neo4j. */
export async function startGraphCmdb(config: Config, log: Logger): Promise<RunningGraphCmdb> {
  const opened = await openApplication(config, log);
  try {
    if (config.demo) {
      const demo = await loadDemoEstateIfEmpty(opened.app.db.scope(), opened.app, projectRoot());
      if (demo) {
        log.info(
          {
            cis: demo.configurationItems.created,
            relationships: demo.relationships.created,
            errors: demo.errorCount,
          },
          "demo estate loaded into the empty CMDB",
        );
      }
    }
    const schema = await buildGraphqlSchema();
    const http = await startHttpServer({
      app: opened.app,
      schema,
      log,
      host: config.host,
      port: config.port,
      policy: config.http,
    });
    let stopping: Promise<void> | null = null;
    return {
      url: http.url,
      app: opened.app,
      stop: () =>
        (stopping ??= (async () => {
          await http.stop();
          await opened.close();
        })()),
    };
  } catch (e) {
    await opened.close();
    throw e;
  }
}
