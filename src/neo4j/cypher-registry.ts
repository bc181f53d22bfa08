import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { CYPHER_NAMES, type CypherName } from "./cypher-names.js";

export const MIGRATIONS_DIR = "migrations";

export class MissingCypherFileError extends Error {
  constructor(
    readonly statement: string,
    readonly file: string,
  ) {
    super(`Cypher statement "${statement}" is missing: expected the file ${file}`);
    this.name = "MissingCypherFileError";
  }
}

/** The text of every named statement, read once at startup; a missing file stops the start. */
export class CypherRegistry {
  private constructor(
    readonly directory: string,
    private readonly texts: ReadonlyMap<CypherName, string>,
  ) {}

  static async load(
    directory: string,
    names: readonly CypherName[] = CYPHER_NAMES,
  ): Promise<CypherRegistry> {
    const texts = new Map<CypherName, string>();
    for (const name of names) {
      const file = path.join(directory, `${name}.cypher`);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT")
          throw new MissingCypherFileError(name, file);
        throw e;
      }
      texts.set(name, text);
    }
    return new CypherRegistry(directory, texts);
  }

  get(name: CypherName): string {
    const text = this.texts.get(name);
    if (text === undefined) throw new MissingCypherFileError(name, `${name}.cypher`);
    return text;
  }

  names(): CypherName[] {
    return [...this.texts.keys()];
  }
}

/** Every `.cypher` file under `directory` outside migrations, as registry names (for the orphan check). */
export async function listStatementFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".cypher"))
    .map((e) => path.relative(directory, path.join(e.parentPath, e.name)))
    .map((rel) =>
      rel
        .split(path.sep)
        .join("/")
        .replace(/\.cypher$/, ""),
    )
    .filter((name) => !name.startsWith(`${MIGRATIONS_DIR}/`))
    .sort();
}
