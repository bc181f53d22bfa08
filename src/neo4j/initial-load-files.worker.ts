// The CSV writer of an initial load in a thread of its own (ADR 012, `--initial`): the
// validating thread sends it, over `port`, the parameters of each `import/create-cis` and
// `import/create-relationships` its batches ran, in order, and hears back once each is written;
// the thread that started it asks it to `close` the files (with the journal) and gets the file
// set the importer reads.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { crossing } from "../config/worker-threads.js";
import type { Params } from "./database.js";
import { InitialLoadFiles } from "./initial-load-files.js";

export interface InitialLoadFilesWorkerData {
  readonly dir: string;
  /** From the validating thread: `{ op: "cis" | "relationships", params }`; answered `{ written }`. */
  readonly port: MessagePort;
}

export type WriteRequest = { readonly op: "cis" | "relationships"; readonly params: Params };

const { dir, port } = workerData as InitialLoadFilesWorkerData;
const files = new InitialLoadFiles(dir);
// one write after another, in the order sent
let queue: Promise<void> = Promise.resolve();
const fail = (e: unknown): void => parentPort?.postMessage({ error: crossing(e) });

port.on("message", ({ op, params }: WriteRequest) => {
  queue = queue
    .then(() => (op === "cis" ? files.createCis(params) : files.createRelationships(params)))
    .then(() => port.postMessage({ written: true }), fail);
});

parentPort?.on("message", ({ journal }: { journal: Record<string, unknown> | null }) => {
  queue = queue
    .then(async () => {
      if (journal) files.setJournal(journal);
      parentPort?.postMessage({ closed: await files.close() });
    })
    .catch(fail);
});
