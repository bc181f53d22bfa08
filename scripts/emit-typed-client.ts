// Writes test/client/generated.ts, the typed client of test/client/operations.graphql (a test
// fails when the committed file drifts from schema.graphql).
import { writeFile } from "node:fs/promises";
import { projectRoot } from "../src/config/project-root.js";
import { typedClientOf } from "./typed-client.js";

const { file, source } = await typedClientOf(projectRoot());
await writeFile(file, source);
process.stdout.write(`wrote ${file}\n`);
