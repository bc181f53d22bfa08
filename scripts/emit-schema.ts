// Writes schema.graphql from the code; with --check, fails (exit 1) when the committed file drifts.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../src/config/project-root.js";
import { printGraphqlSchema } from "../src/graphql/schema.js";

const file = path.join(projectRoot(), "schema.graphql");
const generated = await printGraphqlSchema();
if (process.argv.includes("--check")) {
  const committed = await readFile(file, "utf8").catch(() => "");
  if (committed !== generated) {
    process.stderr.write("schema.graphql is out of date: run `npm run schema` and commit it\n");
    process.exit(1);
  }
  process.stdout.write("schema.graphql matches the code\n");
} else {
  await writeFile(file, generated);
  process.stdout.write(`wrote ${file}\n`);
}
