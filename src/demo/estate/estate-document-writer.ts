import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { CiEntry, RelationshipEntry } from "../../domain/interchange/interchange-document.js";

// Writes an estate as an interchange document, streamed entry by entry, in the layout Prettier
// gives (CIs one field per line, relationships one per line), so a committed estate passes
// `npm run format:check` as written.

const PRINT_WIDTH = 100;
const FLUSH_AT = 1 << 20;

/** What the writer needs of an estate: its entries, iterated once each. */
export interface EstateEntries {
  configurationItems(): Iterable<CiEntry>;
  relationships(): Iterable<RelationshipEntry>;
}

function isRecord(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldsOf(value: object): [string, unknown][] {
  return Object.entries(value);
}

function inline(value: object): string {
  const fields = fieldsOf(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
}

/** An object at `indent`: on one line when it fits, else one field per line (as Prettier). */
function field(indent: string, key: string, value: unknown, comma: string): string {
  const head = `${indent}${JSON.stringify(key)}: `;
  if (!isRecord(value)) return `${head}${JSON.stringify(value)}${comma}`;
  const oneLine = `${head}${inline(value)}${comma}`;
  if (oneLine.length <= PRINT_WIDTH) return oneLine;
  return `${head}${expanded(indent, value)}${comma}`;
}

function expanded(indent: string, value: object): string {
  const entries = fieldsOf(value);
  const inner = `${indent}  `;
  const lines = entries.map(([k, v], i) => field(inner, k, v, i < entries.length - 1 ? "," : ""));
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function element(value: object, alwaysExpand: boolean): string {
  const indent = "    ";
  if (!alwaysExpand) {
    const oneLine = `${indent}${inline(value)}`;
    // the separating comma counts towards the width
    if (oneLine.length + 1 <= PRINT_WIDTH) return oneLine;
  }
  return `${indent}${expanded(indent, value)}`;
}

class Output {
  private buffer = "";

  constructor(private readonly stream: WriteStream) {}

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === "") return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}

async function writeArray(
  out: Output,
  name: string,
  entries: Iterable<object>,
  alwaysExpand: boolean,
  last: boolean,
): Promise<number> {
  await out.write(`  ${JSON.stringify(name)}: [`);
  let count = 0;
  for (const entry of entries) {
    await out.write(`${count === 0 ? "\n" : ",\n"}${element(entry, alwaysExpand)}`);
    count++;
  }
  await out.write(`${count > 0 ? "\n  ]" : "]"}${last ? "\n" : ",\n"}`);
  return count;
}

/** Writes the estate to `file`; rejects when the file cannot be opened or written. */
export async function writeEstateDocument(
  estate: EstateEntries,
  file: string,
): Promise<{ cis: number; relationships: number }> {
  const stream = createWriteStream(file);
  // An open failure (missing directory, no permission) arrives as an event: make it a rejection.
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  const out = new Output(stream);
  const written = (async () => {
    await out.write("{\n");
    const cis = await writeArray(
      out,
      "configurationItems",
      estate.configurationItems(),
      true,
      false,
    );
    const relationships = await writeArray(
      out,
      "relationships",
      estate.relationships(),
      false,
      true,
    );
    await out.write("}\n");
    await out.close();
    return { cis, relationships };
  })();
  return Promise.race([written, failed]);
}
