// Writes src/neo4j/cypher-names.ts from the files under cypher/ (run after adding a statement).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../src/config/project-root.js";
import { listStatementFiles } from "../src/neo4j/cypher-registry.js";

const root = projectRoot();
const names = await listStatementFiles(path.join(root, "cypher"));
const text = `/**
 * Every Cypher statement the product runs, by name: \`cypher/<name>.cypher\`. Schema migrations
 * (\`cypher/migrations/\`) are applied by file order instead and are not listed here.
 * Written by \`npm run cypher:names\`; a test fails when it and the files disagree.
 */
export const CYPHER_NAMES = [
${names.map((n) => `  "${n}",`).join("\n")}
] as const;

export type CypherName = (typeof CYPHER_NAMES)[number];
`;
await writeFile(path.join(root, "src", "neo4j", "cypher-names.ts"), text);
process.stdout.write(`${String(names.length)} statements\n`);
