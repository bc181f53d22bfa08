import { createServer, type Server } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { Application } from "../application/application.js";
import type { Logger } from "../config/logger.js";
import { projectRoot } from "../config/project-root.js";
import { DomainError } from "../domain/errors.js";
import { createContext, type GraphqlContext } from "../graphql/context.js";
import { createFormatError, toGraphqlError } from "../graphql/format-error.js";
import { BOOKMARKS_HEADER, parseBookmarks } from "./bookmarks.js";

export interface HttpServerOptions {
  readonly app: Application;
  readonly schema: GraphQLSchema;
  readonly log: Logger;
  readonly host: string;
  readonly port: number;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  /** Stops taking requests, lets in-flight ones finish, then resolves. */
  stop(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const web = express();
  web.disable("x-powered-by");
  const httpServer: Server = createServer(web);

  // depth, alias, token and cost limits: one request cannot ask for the whole graph
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 50_000 },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const apollo = new ApolloServer<GraphqlContext>({
    schema: opts.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(opts.log),
    validationRules: armor.validationRules,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphqlContext>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      bookmarksPlugin(),
    ],
  });
  await apollo.start();

  web.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  web.get("/readyz", async (_req, res) => {
    const readiness = await opts.app.readiness.check();
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  web.use(
    "/graphql",
    express.json({ limit: "64mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const scope = opts.app.db.scope(parseBookmarks(req.headers[BOOKMARKS_HEADER]));
        try {
          const actor = await opts.app.tokens.authenticate(scope, req.headers.authorization);
          return createContext(opts.app, actor, scope);
        } catch (e) {
          throw e instanceof DomainError ? toGraphqlError(e) : e;
        }
      },
    }),
  );

  // the web page: its own files only, nothing from elsewhere (the product may run offline)
  web.use((_req, res, next) => {
    res.setHeader(
      "content-security-policy",
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    );
    next();
  });
  web.use("/app", express.static(path.join(projectRoot(), "dist", "web")));
  web.use(express.static(path.join(projectRoot(), "web", "public")));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host;
  const url = `http://${shownHost}:${String(port)}`;
  opts.log.info(
    { url: `${url}/graphql`, page: `${url}/` },
    "graph-cmdb is serving GraphQL and its web page",
  );
  return { url, port, stop: () => apollo.stop() };
}

function bookmarksPlugin(): ApolloServerPlugin<GraphqlContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async willSendResponse({ contextValue, response }) {
          const bookmarks = await contextValue.scope.bookmarks();
          if (bookmarks.length > 0)
            response.http.headers.set(BOOKMARKS_HEADER, bookmarks.join(","));
        },
      });
    },
  };
}
