// The benchmark scripts' command lines: node's parseArgs, plus `--help` (`-h`), which prints the
// comment a script opens with (what it measures, its command, what it writes) and its options with
// their defaults, then exits; a wrong option is said in one line (exit code 2).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs over `options`, after answering `--help` with `scriptUrl`'s opening comment. */
export function benchArgs<const T extends Options>(
  scriptUrl: string,
  options: T,
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: false }>> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage(scriptUrl, options));
    process.exit(0);
  }
  try {
    return parseArgs({ options, allowPositionals: false });
  } catch (e) {
    // an unknown option or a missing value: said in one line, not as a stack trace
    process.stderr.write(`${(e as Error).message} (--help lists the options)\n`);
    process.exit(2);
  }
}

/** The script's opening `//` comment and one line per option. */
export function usage(scriptUrl: string, options: Options): string {
  const header: string[] = [];
  for (const line of readFileSync(fileURLToPath(scriptUrl), "utf8").split("\n")) {
    if (!line.startsWith("//")) break;
    header.push(line.replace(/^\/\/ ?/, ""));
  }
  const lines = Object.entries(options).map(([name, o]) => {
    const value = o.type === "string" ? " VALUE" : "";
    const fallback = o.default === undefined ? "" : ` (default: ${JSON.stringify(o.default)})`;
    return `  --${name}${value}${fallback}`;
  });
  return `${header.join("\n")}\n\nOptions:\n${lines.join("\n")}\n  --help, -h\n`;
}
