import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stderr, so that stdout stays free for CLI output. */
export function createLogger(level: string, name = "graph-cmdb"): Logger {
  return pino({ name, level }, pino.destination({ dest: 2, sync: true }));
}
