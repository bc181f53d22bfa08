import { MessageChannel, type Worker } from "node:worker_threads";
import type { Actor } from "../../domain/actor.js";
import type { AttributeLimits } from "../../domain/ci/configuration-item.js";
import { DomainError, type ErrorCode } from "../../domain/errors.js";
import { startWorker, type CrossingError } from "../../config/worker-threads.js";
import type { DbScope } from "../../neo4j/database.js";
import type { InitialLoadFileSet } from "../../neo4j/initial-load-files.js";
import type { InitialLoadFilesWorkerData } from "../../neo4j/initial-load-files.worker.js";
import { authorize } from "../authorization.js";
import type { ImportProgress, ImportResult, StreamImportOptions } from "./import-result.js";
import { completeInitialLoad, type InitialLoadValidation } from "./initial-load.js";
import type { InitialLoadWorkerData, InputMessage } from "./initial-load.worker.js";
import {
  InterchangeSyntaxError,
  streamDocumentEvents,
  type DocumentEvent,
} from "./interchange-reader.js";

/**
 * The young generation each of the two threads runs with. Most of what an initial load
 * allocates (an entry, its checks, its CSV text) dies within its batch; V8's default young
 * generation (16 MB semi-spaces) promoted much of each batch, and collecting cost a quarter of
 * the step (ADR 012). 192 MB is three 64 MB semi-spaces.
 */
const YOUNG_GENERATION_MB = 192;
/** The reader's events sent in one message, and messages sent ahead of what was taken. */
const EVENTS_PER_MESSAGE = 1000;
const MESSAGES_AHEAD = 8;

export interface InitialLoadFilesPlan {
  readonly result: ImportResult;
  readonly importId: string;
  readonly files: InitialLoadFileSet;
  /** The types, the audit entry and the journal's APPLIED, in one transaction of the new store. */
  complete(scope: DbScope): Promise<void>;
}

/**
 * The files step of `import --initial`, compiled (users, the benchmarks) or from the TypeScript
 * sources (the tests) alike. Reads and validates the document and writes the importer's files
 * on three threads: this one
 * reads (the reader's events), one validates (the streamed import's run), one writes the CSV,
 * the last two with a young generation sized for them. The same result, files and last step as `planInitialLoad`.
 */
export async function planInitialLoadInWorkers(
  actor: Actor,
  input: AsyncIterable<Buffer | string>,
  dir: string,
  opts: StreamImportOptions,
  attributeLimits: AttributeLimits,
): Promise<InitialLoadFilesPlan> {
  authorize(actor, "importing configuration", "EDITOR");
  const { port1, port2 } = new MessageChannel();
  const limits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const writerData: InitialLoadFilesWorkerData = { dir, port: port2 };
  const writer = startWorker(
    import.meta.url,
    "../../neo4j/initial-load-files.worker",
    writerData,
    [port2],
    limits,
  );
  const { onProgress } = opts;
  const validatorData: InitialLoadWorkerData = {
    actor,
    // what crosses to a thread is data: the callbacks stay here
    opts: {
      source: opts.source,
      dryRun: opts.dryRun,
      batchSize: opts.batchSize,
      reason: opts.reason,
      audit: opts.audit,
      endCache: opts.endCache,
    },
    attributeLimits,
    writer: port1,
  };
  const validator = startWorker(
    import.meta.url,
    "./initial-load.worker",
    validatorData,
    [port1],
    limits,
  );
  try {
    const validation = await new Promise<InitialLoadValidation>((resolve, reject) => {
      let ahead = 0;
      let more: (() => void) | null = null;
      watch(writer, "the initial load's CSV writer", reject);
      watch(validator, "the initial load's reader", reject);
      validator.on("message", (m: ValidatorMessage) => {
        if ("consumed" in m) {
          ahead -= 1;
          more?.();
          more = null;
        } else if ("progress" in m) onProgress?.(m.progress);
        else if ("done" in m) resolve(m.done);
        else reject(rebuilt(m.error));
      });
      const send = async (m: InputMessage): Promise<void> => {
        validator.postMessage(m);
        ahead += 1;
        while (ahead >= MESSAGES_AHEAD) await new Promise<void>((r) => (more = r));
      };
      // the reader runs here: what it cannot read fails the load as it would in one thread
      void (async () => {
        let events: DocumentEvent[] = [];
        for await (const event of streamDocumentEvents(input)) {
          events.push(event);
          if (events.length < EVENTS_PER_MESSAGE) continue;
          await send({ events });
          events = [];
        }
        if (events.length > 0) await send({ events });
        await send({ end: true });
      })().catch(reject);
    });
    const files = await new Promise<InitialLoadFileSet>((resolve, reject) => {
      for (const event of ["message", "error", "exit"]) writer.removeAllListeners(event);
      watch(writer, "the initial load's CSV writer", reject);
      writer.on("message", (m: WriterMessage) =>
        "closed" in m ? resolve(m.closed) : reject(rebuilt(m.error)),
      );
      writer.postMessage({ journal: validation.journal });
    });
    return {
      result: validation.result,
      importId: validation.importId,
      files,
      complete: completeInitialLoad(validation),
    };
  } finally {
    await Promise.all([validator.terminate(), writer.terminate()]);
  }
}

type ValidatorMessage =
  | { readonly consumed: true }
  | { readonly progress: ImportProgress }
  | { readonly done: InitialLoadValidation }
  | { readonly error: CrossingError };

type WriterMessage = { readonly closed: InitialLoadFileSet } | { readonly error: CrossingError };

/** A thread that fails or ends before it answered fails the load. */
function watch(worker: Worker, what: string, reject: (e: Error) => void): void {
  worker.on("error", reject);
  worker.on("message", (m: { error?: CrossingError }) => {
    if (m.error) reject(rebuilt(m.error));
  });
  worker.on("exit", (code) => reject(new Error(`${what} stopped (exit ${String(code)})`)));
}

/** The error a thread sent, as the class this thread's callers tell apart. */
function rebuilt(e: CrossingError): Error {
  const error =
    e.name === "InterchangeSyntaxError"
      ? new InterchangeSyntaxError(e.message, e.kind === "read" ? "read" : "syntax")
      : e.code !== undefined
        ? new DomainError(e.code as ErrorCode, e.message, e.details ?? {})
        : new Error(e.message);
  if (e.name !== "InterchangeSyntaxError") error.name = e.name;
  if (e.stack !== undefined) error.stack = e.stack;
  return error;
}
