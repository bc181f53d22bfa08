import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";

/** A file the command was given that it cannot use; the message names the file and why. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliInputError";
  }
}

const WHY: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
};

/** The text of `file`, or of standard input for `-`. */
export async function readInput(file: string, stdin: Readable = process.stdin): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new CliInputError(`cannot read ${file}: ${WHY[code] ?? code}`);
  }
}

/** `file` (or standard input) parsed as JSON; a syntax error names the file and the place. */
export async function readJsonInput(file: string, stdin?: Readable): Promise<unknown> {
  const text = await readInput(file, stdin);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const where = file === "-" ? "standard input" : file;
    throw new CliInputError(`${where} is not JSON: ${(e as Error).message}`);
  }
}
