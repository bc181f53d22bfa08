// Fails (exit 1) when schema.graphql breaks the schema's conventions (see scripts/schema-lint.ts).
//   node dist/scripts/lint-schema.js [--schema FILE]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/config/project-root.js";
import { lintSchema } from "./schema-lint.js";

const { values } = parseArgs({
  options: { schema: { type: "string", default: path.join(projectRoot(), "schema.graphql") } },
});
const findings = lintSchema(await readFile(values.schema, "utf8"));
for (const f of findings) process.stderr.write(`${f.coordinate} ${f.problem}\n`);
if (findings.length > 0) {
  process.stderr.write(`${String(findings.length)} finding(s) in ${values.schema}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`${values.schema} follows the schema conventions\n`);
}
