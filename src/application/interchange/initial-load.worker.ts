// Validating the document of an initial load in a thread of its own (ADR 012, `--initial`):
// the streamed import's own run over the reader's events, its writes sent to the CSV writer's
// thread. From the thread that started it (which reads the document): `{ events }` in order,
// then `{ end }`; to it: `{ consumed }` per message taken, `{ progress }`, then
// `{ done: InitialLoadValidation }` once every write is on disk, or `{ error }`.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { Actor } from "../../domain/actor.js";
import { setAttributeLimits, type AttributeLimits } from "../../domain/ci/configuration-item.js";
import { crossing } from "../../config/worker-threads.js";
import type { Params } from "../../neo4j/database.js";
import type { InitialLoadSink } from "../../neo4j/initial-load-files.js";
import type { WriteRequest } from "../../neo4j/initial-load-files.worker.js";
import { CatalogueService } from "../catalogue/catalogue.service.js";
import type { ImportOptions } from "./import-result.js";
import { validateInitialLoad } from "./initial-load.js";
import type { DocumentEvent } from "./interchange-reader.js";

export interface InitialLoadWorkerData {
  readonly actor: Actor;
  readonly opts: Omit<ImportOptions, "onProgress" | "onRetry"> & { readonly source: string };
  readonly attributeLimits: AttributeLimits;
  /** To the CSV writer's thread. */
  readonly writer: MessagePort;
}

export type InputMessage = { readonly events: DocumentEvent[] } | { readonly end: true };

/** Writes in flight to the CSV writer at most: enough to keep it busy, bounded in memory. */
const WRITES_AHEAD = 4;

/** The CSV writer's thread, as a sink: each write is sent, at most `WRITES_AHEAD` unanswered. */
class WriterPort implements InitialLoadSink {
  private inFlight = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly port: MessagePort) {
    port.on("message", () => {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    });
  }

  createCis(params: Params): Promise<void> {
    return this.send({ op: "cis", params });
  }

  createRelationships(params: Params): Promise<void> {
    return this.send({ op: "relationships", params });
  }

  /** Once every write sent is written. */
  async drained(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private async send(request: WriteRequest): Promise<void> {
    while (this.inFlight >= WRITES_AHEAD)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    this.port.postMessage(request);
  }
}

/** The document's events as the starting thread reads them. */
async function* input(port: NonNullable<typeof parentPort>): AsyncGenerator<DocumentEvent> {
  const queue: InputMessage[] = [];
  let wake: (() => void) | null = null;
  port.on("message", (m: InputMessage) => {
    queue.push(m);
    wake?.();
    wake = null;
  });
  for (;;) {
    const m = queue.shift();
    if (!m) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    if ("end" in m) return;
    port.postMessage({ consumed: true });
    yield* m.events;
  }
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as InitialLoadWorkerData;
  // validated under the limits the starting thread was given
  setAttributeLimits(data.attributeLimits);
  const writer = new WriterPort(data.writer);
  const validation = await validateInitialLoad(
    new CatalogueService(),
    data.actor,
    input(port),
    writer,
    { ...data.opts, onProgress: (progress) => port.postMessage({ progress }) },
  );
  await writer.drained();
  port.postMessage({ done: validation });
}

if (parentPort) {
  const port = parentPort;
  main(port).catch((e: unknown) => port.postMessage({ error: crossing(e) }));
}
