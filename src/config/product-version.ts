import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./project-root.js";

let cached: string | null = null;

/** The version in package.json: what `--version` prints and what Neo4j sees in the user agent. */
export function productVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  cached = pkg.version;
  return cached;
}
