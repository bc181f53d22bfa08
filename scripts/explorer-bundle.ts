import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles the GraphQL explorer (web/explorer: GraphiQL, React, Monaco and its workers) into
 * dist/web/explorer/, served at /app/explorer/: everything from the product's own origin, so it
 * works offline and under the page's Content-Security-Policy. The rest of the page needs no
 * bundler (tsc emits its modules as they are); only this React island does.
 */
export async function bundleExplorer(root: string): Promise<string[]> {
  const out = path.join(root, "dist", "web", "explorer");
  const common = {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    sourcemap: false,
    target: "es2022",
    legalComments: "linked",
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  } as const;
  const app = await build({
    ...common,
    entryPoints: { graphiql: path.join(root, "web", "explorer", "graphiql-app.ts") },
    outdir: out,
    format: "esm",
    // Monaco's codicon font and any image the stylesheets name: files beside the bundle
    loader: { ".ttf": "file", ".woff": "file", ".woff2": "file", ".svg": "file", ".png": "file" },
    metafile: true,
  });
  // Monaco runs its language services in workers, each a script of its own
  const workers = await build({
    ...common,
    entryPoints: {
      "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
      "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
      "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
    },
    outdir: out,
    format: "iife",
    metafile: true,
  });
  return [...Object.keys(app.metafile.outputs), ...Object.keys(workers.metafile.outputs)];
}
