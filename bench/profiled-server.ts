// `node dist/bench/profiled-server.js <entry>`: the product's entry (`dist/src/main.js`, or
// another build's) in this process, with V8's sampling profiler started and stopped by the
// benchmark that spawned it (IPC messages `{ profile: "start" }`, `{ profile: "stop", file }`),
// so that only the server's CPU is sampled, and only while the benchmark asks.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { pathToFileURL } from "node:url";

const entry = process.argv[2];
if (!entry) throw new Error("usage: profiled-server.js <entry.js>");

const inspector = new Session();
inspector.connect();

process.on("message", (m: { profile?: string; file?: string }) => {
  const done = (error?: unknown): void => {
    process.send?.(
      error ? { error: error instanceof Error ? error.message : "failed" } : { ok: true },
    );
  };
  if (m.profile === "start") {
    void (async () => {
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
      await inspector.post("Profiler.start");
    })().then(() => done(), done);
  } else if (m.profile === "stop" && m.file) {
    const file = m.file;
    void (async () => {
      const { profile } = await inspector.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
    })().then(() => done(), done);
  }
});
// the IPC channel alone must not keep the process alive once the product stops
process.channel?.unref();

await import(pathToFileURL(entry).href);
