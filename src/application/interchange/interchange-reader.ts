import { StringDecoder } from "node:string_decoder";
import { getManyValues, isMany, none } from "stream-chain/defs.js";
import Assembler from "stream-json/core/assembler.js";
import { jsonParser, type Token } from "stream-json/core/parser.js";
import { describeValue } from "../../domain/errors.js";

/**
 * The interchange document read entry by entry: from a value already in memory (GraphQL, the
 * demo) or from a byte stream of any size (the CLI), never holding more than one entry.
 */

export const SECTIONS = [
  "ciTypes",
  "relationshipTypes",
  "configurationItems",
  "relationships",
] as const;
export type InterchangeSection = (typeof SECTIONS)[number];

export type DocumentEvent =
  | {
      readonly kind: "entry";
      readonly section: InterchangeSection;
      /** The entry's position in its section (0-based). */
      readonly index: number;
      readonly entry: unknown;
    }
  /** A fault of the document as a whole (not an object, a section that is not a list …). */
  | { readonly kind: "issue"; readonly field: string; readonly message: string };

/**
 * The input is not JSON (`syntax`: where it broke, as far as the reader got) or could not be
 * read to its end (`read`: a truncated gzip, an I/O error).
 */
export class InterchangeSyntaxError extends Error {
  constructor(
    message: string,
    readonly kind: "syntax" | "read" = "syntax",
  ) {
    super(message);
    this.name = "InterchangeSyntaxError";
  }
}

function isSection(name: string): name is InterchangeSection {
  return (SECTIONS as readonly string[]).includes(name);
}

function notASection(name: string): DocumentEvent {
  return {
    kind: "issue",
    field: name,
    message: `${name}: is not a section of the interchange document (ciTypes, relationshipTypes, configurationItems, relationships)`,
  };
}

/** A document in memory, its sections in the order they are imported. */
export function* documentEvents(document: unknown): Generator<DocumentEvent> {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    yield {
      kind: "issue",
      field: "document",
      message: `must be a JSON object (got ${describeValue(document)})`,
    };
    return;
  }
  const doc = document as Record<string, unknown>;
  let faults = 0;
  for (const name of Object.keys(doc)) {
    const value = doc[name];
    if (!isSection(name)) {
      faults += 1;
      yield notASection(name);
    } else if (value !== undefined && value !== null && !Array.isArray(value)) {
      faults += 1;
      yield {
        kind: "issue",
        field: name,
        message: `${name}: must be a list (got ${describeValue(value)})`,
      };
    }
  }
  if (faults > 0) return;
  for (const section of SECTIONS) {
    const entries = doc[section];
    if (!Array.isArray(entries)) continue;
    let index = 0;
    for (const entry of entries) yield { kind: "entry", section, index: index++, entry };
  }
}

const SCALARS: Partial<Record<Token["name"], string>> = {
  stringValue: "a string",
  numberValue: "a number",
  nullValue: "null",
  trueValue: "true",
  falseValue: "false",
  startArray: "a list",
  startObject: "an object",
};

/**
 * A document from a stream of UTF-8 bytes, in the order its sections come. Each entry is
 * assembled alone and handed on; sections and the document are never held whole.
 */
export async function* streamDocumentEvents(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<DocumentEvent> {
  const tokenizer = jsonParser({ packValues: true, streamValues: false });
  const decoder = new StringDecoder("utf8");
  const reader = new TokenReader();
  let consumed = 0;
  const feed = function* (text: string | typeof none): Generator<DocumentEvent> {
    let out: unknown;
    try {
      out = tokenizer(text as string);
    } catch (e) {
      throw new InterchangeSyntaxError(
        `${(e as Error).message.replace(/^Parser cannot parse input: /, "")} (within the first ${consumed.toLocaleString("en")} characters)`,
      );
    }
    if (out === none) return;
    const tokens = isMany(out) ? (getManyValues(out) as Token[]) : [out as Token];
    for (const token of tokens) yield* reader.push(token);
  };
  const input = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await input.next();
    } catch (e) {
      throw new InterchangeSyntaxError((e as Error).message, "read");
    }
    if (next.done) break;
    const chunk = next.value;
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    consumed += text.length;
    yield* feed(text);
  }
  const rest = decoder.end();
  if (rest) yield* feed(rest);
  yield* feed(none);
  if (!reader.finished) throw new InterchangeSyntaxError("the document ends before it is complete");
}

/** Turns tokens into document events; a pure state machine over one token at a time. */
class TokenReader {
  private state: "start" | "keys" | "value" | "entries" | "skip" | "done" = "start";
  private key = "";
  private section: InterchangeSection | null = null;
  private index = 0;
  private skipDepth = 0;
  /** Where to go back to when a skipped value ends. */
  private afterSkip: "keys" | "done" = "keys";
  private assembler: Assembler | null = null;

  get finished(): boolean {
    return this.state === "done";
  }

  *push(token: Token): Generator<DocumentEvent> {
    switch (this.state) {
      case "start":
        if (token.name === "startObject") {
          this.state = "keys";
          return;
        }
        yield {
          kind: "issue",
          field: "document",
          message: `must be a JSON object (got ${SCALARS[token.name] ?? token.name})`,
        };
        this.skip(token, "done");
        return;
      case "keys":
        if (token.name === "endObject") {
          this.state = "done";
          return;
        }
        if (token.name === "keyValue") {
          this.key = token.value;
          this.state = "value";
        }
        return;
      case "value": {
        const name = this.key;
        if (!isSection(name)) {
          yield notASection(name);
          this.skip(token, "keys");
          return;
        }
        if (token.name === "startArray") {
          this.section = name;
          this.index = 0;
          this.state = "entries";
          return;
        }
        if (token.name === "nullValue") {
          this.state = "keys";
          return;
        }
        const got =
          token.name === "stringValue"
            ? describeValue(token.value)
            : token.name === "numberValue"
              ? token.value
              : (SCALARS[token.name] ?? token.name);
        yield { kind: "issue", field: name, message: `${name}: must be a list (got ${got})` };
        this.skip(token, "keys");
        return;
      }
      case "entries": {
        const section = this.section as InterchangeSection;
        if (!this.assembler) {
          if (token.name === "endArray") {
            this.state = "keys";
            return;
          }
          const scalar = scalarOf(token);
          if (scalar.is) {
            yield { kind: "entry", section, index: this.index++, entry: scalar.value };
            return;
          }
          this.assembler = new Assembler();
        }
        this.assembler.consume(token);
        if (this.assembler.done) {
          const entry = this.assembler.current;
          this.assembler = null;
          yield { kind: "entry", section, index: this.index++, entry };
        }
        return;
      }
      case "skip":
        if (token.name === "startObject" || token.name === "startArray") this.skipDepth += 1;
        if (token.name === "endObject" || token.name === "endArray") this.skipDepth -= 1;
        if (this.skipDepth === 0) this.state = this.afterSkip;
        return;
      case "done":
        return;
    }
  }

  private skip(first: Token, then: "keys" | "done"): void {
    this.afterSkip = then;
    if (first.name === "startObject" || first.name === "startArray") {
      this.skipDepth = 1;
      this.state = "skip";
    } else {
      this.state = then;
    }
  }
}

function scalarOf(token: Token): { is: boolean; value?: unknown } {
  switch (token.name) {
    case "stringValue":
      return { is: true, value: token.value };
    case "numberValue":
      return { is: true, value: Number(token.value) };
    case "nullValue":
      return { is: true, value: null };
    case "trueValue":
      return { is: true, value: true };
    case "falseValue":
      return { is: true, value: false };
    default:
      return { is: false };
  }
}
