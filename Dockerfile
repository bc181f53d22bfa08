# The API and its web page; its Neo4j comes from NEO4J_URI (see docker-compose.yml). And the
# walk plugin for that Neo4j: `docker build --target walk-plugin` (docker-compose.yml runs it to put
# graph-cmdb-walk-<version>.jar into the volume the pinned neo4j image loads /plugins from).
# `npm run docker:verify` builds these stages without an engine, with exactly these files.
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG BUSYBOX_IMAGE=busybox:1.37.0
ARG NODE_IMAGE=node:24.9.0-bookworm-slim

# graph-cmdb-walk-<version>.jar from neo4j-embedded/walk-plugin (Neo4j `provided`: ~30 kB)
FROM ${MAVEN_IMAGE} AS walk-plugin-build
WORKDIR /build
COPY neo4j-embedded/pom.xml ./
COPY neo4j-embedded/walk-plugin ./walk-plugin
RUN mvn -B -q -f walk-plugin/pom.xml -DskipTests package && mkdir -p plugins && cp walk-plugin/target/graph-cmdb-walk-*.jar plugins/

# copies the jar into the folder mounted at /plugins, replacing any other version of it
FROM ${BUSYBOX_IMAGE} AS walk-plugin
COPY --from=walk-plugin-build /build/plugins /walk-plugin
CMD ["sh", "-c", "rm -f /plugins/graph-cmdb-walk-*.jar && cp /walk-plugin/graph-cmdb-walk-*.jar /plugins/ && ls /plugins"]

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY bench ./bench
COPY web ./web
COPY cypher ./cypher
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json schema.graphql ./
COPY cypher ./cypher
COPY bin ./bin
COPY web/public ./web/public
COPY demo ./demo
# the image's own user (uid 1000 in the node images), never root
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
