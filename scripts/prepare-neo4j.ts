// Builds the embedded Neo4j launcher now (instead of on first use), e.g. in CI or an image.
import { createLogger } from "../src/config/logger.js";
import { ensureEmbeddedBuilt, findJava, HOW_TO_GET_NEO4J } from "../src/neo4j/embedded-neo4j.js";

const java = await findJava();
if (!java || java.major < 17) {
  process.stderr.write(`Java 17+ is needed for the embedded Neo4j.\n${HOW_TO_GET_NEO4J}\n`);
  process.exit(1);
}
const jar = await ensureEmbeddedBuilt(createLogger("warn"));
process.stdout.write(`embedded Neo4j ready to start: ${jar} (Java ${String(java.major)})\n`);
