import { runCli } from "./cli.js";

// `graph-cmdb export | head`: a reader that has seen enough closes the pipe; stop quietly
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
process.exitCode = await runCli(process.argv.slice(2));
