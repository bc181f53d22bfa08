import { runCli } from "../../src/cli/cli.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { testTarget } from "./test-database.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** stdout line by line. */
  readonly lines: string[];
}

/** Runs the `graph-cmdb` command in-process against the test Neo4j, capturing what it prints. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const t = testTarget();
  const code = await runCli(argv, io, {
    NEO4J_URI: t.uri,
    NEO4J_USERNAME: t.username,
    NEO4J_PASSWORD: t.password,
    LOG_LEVEL: "silent",
  });
  return { code, out: out.join("\n"), err: err.join("\n"), lines: out };
}
