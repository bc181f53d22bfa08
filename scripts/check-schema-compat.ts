// Fails (exit 1) when schema.graphql breaks a client of the last released schema
// (schema/releases/<version>.graphql); with --release, records schema.graphql as the release of
// package.json's version.
//   node dist/scripts/check-schema-compat.js [--schema FILE] [--releases DIR] [--release]
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/config/project-root.js";
import { checkSchemaCompat } from "./schema-compat.js";

const root = projectRoot();
const { values } = parseArgs({
  options: {
    schema: { type: "string", default: path.join(root, "schema.graphql") },
    releases: { type: "string", default: path.join(root, "schema", "releases") },
    release: { type: "boolean", default: false },
  },
});
process.exitCode = await checkSchemaCompat(
  {
    ...values,
    packageJson: path.join(root, "package.json"),
    changelog: path.join(root, "CHANGELOG.md"),
  },
  { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
);
