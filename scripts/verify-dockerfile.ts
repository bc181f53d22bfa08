// Builds the Dockerfile's stages without a container engine: each stage in a folder of its own,
// given exactly the files its COPY lines name (less .dockerignore), its RUN lines run there, and
// the last stage checked for what the server reads at run time. What fails here fails in
// `docker build` too (same files, same commands); what the base image adds (Node itself, the
// `node` user) is the one thing not exercised.
//   node dist/scripts/verify-dockerfile.js [--keep]
import { execSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { productVersion } from "../src/config/product-version.js";
import { projectRoot } from "../src/config/project-root.js";

const root = projectRoot();
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** The Dockerfile as instructions: continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"))
    .map((l) => {
      const [op = "", ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.startsWith("#"));
const isIgnored = (rel: string): boolean =>
  ignored.some(
    (p) => rel === p || rel.startsWith(`${p}/`) || rel.endsWith(`/${p}`) || rel.includes(`/${p}/`),
  );

const work = mkdtempSync(path.join(os.tmpdir(), "graph-cmdb-docker-"));
const stages = new Map<string, string>();
const args = new Map<string, string>();
let stageRoot = "";
let workdir = "/";
let env: Record<string, string> = {};
const inStage = (p: string): string =>
  path.join(stageRoot, path.isAbsolute(p) ? p : path.join(workdir, p));

for (const { op, args: line } of instructions(
  readFileSync(path.join(root, "Dockerfile"), "utf8"),
)) {
  const expanded = line.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => {
    const name = a ?? b ?? "";
    return args.get(name) ?? env[name] ?? "";
  });
  switch (op) {
    case "ARG": {
      const [name = "", value = ""] = expanded.split("=");
      args.set(name, value);
      break;
    }
    case "FROM": {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(expanded);
      if (!m?.[1]) throw new Error(`FROM ${expanded}: cannot read it`);
      if (!/[:@]/.test(m[1]) || m[1].endsWith(":latest")) {
        throw new Error(`FROM ${m[1]}: pin the base image to a version`);
      }
      const name = m[2] ?? `stage${String(stages.size)}`;
      stageRoot = path.join(work, name);
      mkdirSync(stageRoot, { recursive: true });
      stages.set(name, stageRoot);
      workdir = "/";
      env = {};
      out(`FROM ${m[1]} (${name})`);
      break;
    }
    case "WORKDIR":
      workdir = path.resolve(workdir, expanded);
      mkdirSync(inStage("."), { recursive: true });
      break;
    case "ENV": {
      const [name = "", value = ""] = expanded.split("=");
      env[name] = value;
      break;
    }
    case "COPY": {
      const parts = expanded.split(/\s+/);
      const from = parts.find((p) => p.startsWith("--from="))?.slice("--from=".length);
      const paths = parts.filter((p) => !p.startsWith("--"));
      const dest = paths.pop() ?? ".";
      const sourceRoot = from ? stages.get(from) : root;
      if (!sourceRoot) throw new Error(`COPY --from=${String(from)}: no such stage`);
      for (const src of paths) {
        const source = from ? path.join(sourceRoot, src) : path.join(root, src);
        if (!existsSync(source))
          throw new Error(`COPY ${src}: not in the ${from ?? "build context"}`);
        const target =
          dest.endsWith("/") || paths.length > 1
            ? path.join(inStage(dest), path.basename(src))
            : inStage(dest);
        cpSync(source, target, {
          recursive: true,
          filter: (p) => from !== undefined || !isIgnored(path.relative(root, p)),
        });
      }
      out(`COPY ${expanded}`);
      break;
    }
    case "RUN":
      out(`RUN ${expanded}`);
      execSync(expanded, {
        cwd: inStage("."),
        stdio: "inherit",
        shell: "/bin/sh",
        env: { ...process.env, ...env },
      });
      break;
    default:
      out(`${op} ${expanded}`);
  }
}

// the walk plugin stage holds the jar of the product's version for docker-compose to copy
const pluginStage = stages.get("walk-plugin");
const pluginJar = path.join("walk-plugin", `graph-cmdb-walk-${productVersion()}.jar`);
if (!pluginStage || !existsSync(path.join(pluginStage, pluginJar))) {
  throw new Error(`the walk-plugin stage lacks /${pluginJar}`);
}
out(`the walk-plugin stage holds /${pluginJar}`);

// what the server reads from its folder at run time (projectRoot(): package.json + cypher/)
const runtime = inStage(".");
const needed = [
  "package.json",
  "cypher/migrations",
  "schema.graphql",
  "dist/src/main.js",
  "dist/web/main.js",
  "dist/web/explorer/graphiql.js",
  "web/public/index.html",
  "demo/demo-estate.json",
  "bin/graph-cmdb.js",
];
const missing = needed.filter((f) => !existsSync(path.join(runtime, f)));
if (missing.length > 0) throw new Error(`the image lacks ${missing.join(", ")}`);
// every module the server and the CLI import resolves with the production dependencies alone
execSync(
  `node --input-type=module -e "await import('./dist/src/bootstrap.js'); await import('./dist/src/cli/cli.js')"`,
  { cwd: runtime, stdio: "inherit", env: { ...process.env, ...env } },
);
out(`the image's files are complete: ${needed.join(", ")}; its modules load`);
if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true });
else out(`kept in ${work}`);
