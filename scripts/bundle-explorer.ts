// Bundles the GraphQL explorer into dist/web/explorer/ (part of `npm run build`).
import { projectRoot } from "../src/config/project-root.js";
import { bundleExplorer } from "./explorer-bundle.js";

const files = await bundleExplorer(projectRoot());
process.stdout.write(`explorer: ${String(files.length)} files in dist/web/explorer\n`);
