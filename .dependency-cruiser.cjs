// Which layer may import which (docs/adr/001-architecture.md). `npm run lint` enforces it.
//   domain       -> nothing of ours
//   config       -> domain
//   neo4j        -> domain, config
//   application  -> domain, config, neo4j
//   graphql      -> domain, config, application          (never neo4j: resolvers call use cases)
//   http, cli    -> domain, config, application, graphql
//   bootstrap.ts, main.ts: the composition root, may wire everything
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain rules depend on nothing of ours but themselves",
      from: { path: "^src/domain/" },
      to: { path: "^src/(?!domain/)" },
    },
    {
      name: "config-below-adapters",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/(neo4j|application|graphql|http|cli)/" },
    },
    {
      name: "neo4j-adapter-below-application",
      severity: "error",
      comment: "the Neo4j adapter knows nothing of use cases or doors",
      from: { path: "^src/neo4j/" },
      to: { path: "^src/(application|graphql|http|cli)/" },
    },
    {
      name: "application-below-doors",
      severity: "error",
      comment: "use cases do not know which door called them",
      from: { path: "^src/application/" },
      to: { path: "^src/(graphql|http|cli)/" },
    },
    {
      name: "graphql-through-application",
      severity: "error",
      comment: "resolvers call use cases; they never touch Neo4j directly (types excepted)",
      from: { path: "^src/graphql/" },
      to: { path: "^src/(neo4j|http|cli)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "doors-do-not-call-each-other",
      severity: "error",
      from: { path: "^src/(http|cli)/" },
      to: { path: "^src/(cli|http)/", pathNot: "^src/$1/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-does-not-import-tests",
      severity: "error",
      from: { path: "^(src|scripts)/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
