import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";

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

/** A document to read as a stream, never whole: what it is, its size when known, how far it got. */
export interface InputStream {
  /** For messages: the file's name, or "standard input". */
  readonly where: string;
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes of the file (as stored, compressed or not); null for standard input. */
  readonly size: number | null;
  readonly gzip: boolean;
  /** Bytes read so far (as stored). */
  bytesRead(): number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * `file` (or standard input for `-`) as a stream of bytes, gunzipped when it starts with gzip's
 * magic bytes (whatever its name). A file that cannot be opened is refused at once, by name.
 */
export async function openInputStream(
  file: string,
  stdin: Readable = process.stdin,
): Promise<InputStream> {
  const where = file === "-" ? "standard input" : file;
  let raw: Readable;
  let size: number | null = null;
  if (file === "-") {
    raw = stdin;
  } else {
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
      size = info.size;
      raw = createReadStream(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "";
      throw new CliInputError(`cannot read ${file}: ${WHY[code] ?? code}`);
    }
  }
  let read = 0;
  const source = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await source.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const gzip = head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  async function* counted(): AsyncGenerator<Buffer> {
    read += head.length;
    yield head;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      const chunk = Buffer.from(next.value);
      read += chunk.length;
      yield chunk;
    }
  }
  let chunks: AsyncIterable<Buffer> = counted();
  if (gzip) {
    const gunzip = createGunzip();
    // an error on either side ends the gunzip stream with it, which its reader then sees
    pipeline(Readable.from(counted()), gunzip, () => {});
    chunks = gunzip;
  }
  return { where, chunks, size, gzip, bytesRead: () => read };
}

/**
 * The whole text of `file` (or standard input for `-`), gunzipped when gzipped: for documents a
 * command reads whole (discovery's YAML and state files), never for an import.
 */
export async function readInput(file: string, stdin: Readable = process.stdin): Promise<string> {
  const input = await openInputStream(file, stdin);
  const chunks: Buffer[] = [];
  for await (const chunk of input.chunks) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
