#!/usr/bin/env node
// The `graph-cmdb` command: runs the compiled CLI (`npm run build` makes it).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write("graph-cmdb: not built yet; run `npm run build` in the graph-cmdb folder\n");
  process.exit(2);
}
await import(compiled.href);
