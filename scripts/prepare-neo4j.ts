// Builds the embedded Neo4j launcher and the walk plugin now (instead of on first use), e.g. in CI;
// the plugin's version is checked against package.json's first.
import { createLogger } from "../src/config/logger.js";
import { ensureEmbeddedBuilt, findJava, HOW_TO_GET_NEO4J } from "../src/neo4j/embedded-neo4j.js";

const java = await findJava();
if (!java || java.major < 17) {
  process.stderr.write(`Java 17+ is needed for the embedded Neo4j.\n${HOW_TO_GET_NEO4J}\n`);
  process.exit(1);
}
const built = await ensureEmbeddedBuilt(createLogger("warn"));
process.stdout.write(
  `embedded Neo4j ready to start: ${built.launcher} (Java ${String(java.major)})\n` +
    `walk plugin for any Neo4j 5.26's plugins/ folder: ${built.plugin}\n`,
);
