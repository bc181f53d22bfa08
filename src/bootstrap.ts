import "reflect-metadata";
import { Application } from "./application/application.js";
import type { Config } from "./config/config.js";
import type { Logger } from "./config/logger.js";
import { projectRoot } from "./config/project-root.js";
import { buildGraphqlSchema } from "./graphql/schema.js";
import { productMetrics, startHttpServer } from "./http/server.js";
import { CypherRegistry } from "./neo4j/cypher-registry.js";
import { createDriver, Database } from "./neo4j/database.js";
import { migrate, migrateInitialStore } from "./neo4j/migrator.js";
import { openNeo4j, type Neo4jSource } from "./neo4j/neo4j-source.js";
import { ensureStoreId, recordStoreId, verifyStoreId } from "./neo4j/store-identity.js";
import { setAttributeLimits } from "./domain/ci/configuration-item.js";
import path from "node:path";
import { migrationsDirectory } from "./application/application.js";
import { loadDemoEstateIfEmpty } from "./application/interchange/demo-estate.js";

export interface OpenedApplication {
  readonly app: Application;
  readonly source: Neo4jSource;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Use the embedded Neo4j a running server started (the CLI), after checking it is this store. */
  readonly shareRunningNeo4j?: boolean;
  readonly cypherDir?: string;
  /** The embedded Neo4j died and cannot be restarted: the process should say so and exit. */
  readonly onNeo4jGiveUp?: (error: Error) => void;
  /** Told as each part of the opening is done: Neo4j answers, migrations applied, store ready. */
  readonly onStepDone?: (step: "neo4j" | "migrations" | "ready") => void;
  /**
   * The store `import --initial` has just built (ADR 012): its schema in one transaction, the
   * data migrations its files account for (`accountedFor`) recorded without running, and its
   * own import (`importId`, RUNNING until the load's last step) not reported as unfinished.
   */
  readonly initialStore?: { readonly importId: string; readonly accountedFor: ReadonlySet<string> };
}

/**
 * Everything up to a usable core: the Cypher registry (a missing file stops here, by name),
 * Neo4j (URI or embedded), the driver, the store's identity, the schema migrations.
 */
export async function openApplication(
  config: Config,
  log: Logger,
  opts: OpenOptions = {},
): Promise<OpenedApplication> {
  setAttributeLimits(config.attributes);
  const registry = await CypherRegistry.load(opts.cypherDir ?? path.join(projectRoot(), "cypher"));
  const source = await openNeo4j(config, log, {
    shareRunning: opts.shareRunningNeo4j ?? false,
    ...(opts.onNeo4jGiveUp ? { onGiveUp: opts.onNeo4jGiveUp } : {}),
  });
  const db = new Database(createDriver(source.target), registry, source.target.database, {
    readTimeoutMs: config.observability.readTimeoutMs,
    ...(source.availability ? { availability: source.availability } : {}),
  });
  try {
    await db.verifyConnectivity();
    opts.onStepDone?.("neo4j");
    // a CLI beside a running server checks it is this data directory's store before anything
    if (source.kind === "embedded-shared" && source.home)
      await verifyStoreId(db.scope(), source.home, source.target.uri);
    const report = opts.initialStore
      ? await migrateInitialStore(
          db.scope(),
          migrationsDirectory(db),
          opts.initialStore.accountedFor,
        )
      : await migrate(db.scope(), migrationsDirectory(db));
    if (report.applied.length > 0)
      log.info(
        {
          applied: report.applied,
          ...("recordedOnly" in report ? { recordedOnly: report.recordedOnly } : {}),
        },
        "schema migrations applied",
      );
    opts.onStepDone?.("migrations");
  } catch (e) {
    await db.close();
    await source.stop();
    throw e;
  }
  const app = new Application(db, config);
  try {
    if (source.kind !== "embedded-shared") {
      const storeId = await ensureStoreId(db.scope());
      if (source.kind === "embedded" && source.home) await recordStoreId(source.home, storeId);
    }
    await app.catalogue.ensureDefaults(db.scope());
    // a streamed import whose process died leaves its writes visible until it is finished or undone
    const unfinished = await app.imports.unfinishedImport(db.scope());
    // an initial load's own import is RUNNING until its last step, which this start is for
    if (unfinished && unfinished.id !== opts.initialStore?.importId) {
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
  opts.onStepDone?.("ready");
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
  readonly source: Neo4jSource;
  stop(): Promise<void>;
}

/** The whole product: core + HTTP server. `stop` drains requests, then closes Neo4j. */
export async function startGraphCmdb(
  config: Config,
  log: Logger,
  opts: Pick<OpenOptions, "onNeo4jGiveUp"> = {},
): Promise<RunningGraphCmdb> {
  const opened = await openApplication(config, log, opts);
  const neo4jHealth = () => opened.source.health();
  // made before the demo's import, so that /metrics counts it
  const metrics = productMetrics(opened.app, neo4jHealth, config.observability);
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
    await logWalkInUse(opened.app, log);
    const schema = await buildGraphqlSchema();
    const http = await startHttpServer({
      app: opened.app,
      schema,
      log,
      host: config.host,
      port: config.port,
      policy: config.http,
      observability: config.observability,
      neo4jHealth,
      metrics,
    });
    let stopping: Promise<void> | null = null;
    return {
      url: http.url,
      app: opened.app,
      source: opened.source,
      stop: () =>
        (stopping ??= (async () => {
          await http.stop();
          await opened.close();
        })()),
    };
  } catch (e) {
    metrics?.close();
    await opened.close();
    throw e;
  }
}

/** Says at startup which impact walk analyses use: the plugin's procedure (version) or Cypher. */
async function logWalkInUse(app: Application, log: Logger): Promise<void> {
  let walk;
  try {
    walk = await app.impact.walkInUse(app.db.scope());
  } catch (e) {
    // analyses ask again; this Neo4j may refuse SHOW PROCEDURES to this user
    log.warn({ err: e }, "could not tell which impact walk this Neo4j allows; asked again on use");
    return;
  }
  const said = {
    impactWalk: walk.engine,
    walkPluginVersion: walk.pluginVersion,
    reason: walk.reason,
  };
  if (walk.warning) log.warn(said, `impact walk: ${walk.engine}. ${walk.warning}`);
  else if (walk.engine === "procedure")
    log.info(said, `impact walk: graphcmdb.impact.walk, ${walk.reason}`);
  else log.info(said, `impact walk: Cypher, level by level (${walk.reason})`);
}
