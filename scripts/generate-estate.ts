// Writes a generated enterprise estate as an interchange document, streamed entry by entry:
//   node dist/scripts/generate-estate.js --cis N [--seed S] [--relationships-per-ci R] --out FILE
// The layout is the one Prettier gives (CIs one field per line, relationships one per line), so
// the committed demo estate passes `npm run format:check` as generated.
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { type Estate, type EstateOptions, generateEstate } from "../src/demo/estate-generator.js";

const PRINT_WIDTH = 100;
const FLUSH_AT = 1 << 20;

function usage(problem: string): never {
  process.stderr.write(
    `${problem}\nusage: generate-estate --cis N [--seed S] [--relationships-per-ci R] --out FILE\n`,
  );
  process.exit(2);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) usage(`--${name} must be a number`);
  return parsed;
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

function parseOptions(): { options: EstateOptions; file: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cis: { type: "string" },
        seed: { type: "string" },
        "relationships-per-ci": { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  const ciCount = numberOption(values.cis, "cis");
  if (ciCount === undefined) usage("--cis is required");
  if (values.out === undefined || values.out === "") usage("--out is required");
  return {
    options: {
      ciCount,
      seed: numberOption(values.seed, "seed"),
      relationshipsPerCi: numberOption(values["relationships-per-ci"], "relationships-per-ci"),
    },
    file: values.out,
  };
}

async function writeEstate(
  estate: Estate,
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

const started = performance.now();
const { options, file } = parseOptions();
let estate: Estate;
try {
  estate = generateEstate(options);
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
try {
  const { cis, relationships } = await writeEstate(estate, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${cis} CIs and ${relationships} relationships to ${file} in ${seconds} s\n`,
  );
} catch (e) {
  process.stderr.write(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
