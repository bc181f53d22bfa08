import { parseAllDocuments } from "yaml";
import { DiscoveryInputError, type DiscoveryInput } from "./discovered-estate.js";

/** One YAML document of a file, as plain JSON values, with its position in the file. */
export interface YamlDocument {
  readonly file: string;
  readonly index: number;
  readonly value: unknown;
}

/**
 * Every document of a (multi-document) YAML file, empty ones left out. YAML 1.2 core schema,
 * merge keys (`<<:`) as compose files use them, duplicate keys refused, at most 100 aliases
 * expanded per document (a "billion laughs" file is an error, not an out-of-memory).
 */
export function yamlDocuments(input: DiscoveryInput): YamlDocument[] {
  const docs = parseAllDocuments(input.text, {
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const out: YamlDocument[] = [];
  docs.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const line = lineOf(input.text, error.pos[0]);
      throw new DiscoveryInputError(
        input.name,
        index,
        `line ${String(line)}`,
        `valid YAML (${error.message.split("\n")[0] ?? error.code})`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new DiscoveryInputError(
        input.name,
        index,
        "",
        `a YAML document (${(e as Error).message})`,
      );
    }
    if (value !== null && value !== undefined) out.push({ file: input.name, index, value });
  });
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
