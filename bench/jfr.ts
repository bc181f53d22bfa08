// JDK Flight Recorder for the benchmarks: a recording started and stopped on a running JVM with
// jcmd, read with `jfr view` (JDK 21+), and the total of its GC pauses.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Starts recording `name` on JVM `pid` into `file` (JFR's profile settings). */
export async function startJfr(pid: number, name: string, file: string): Promise<void> {
  await run("jcmd", [
    String(pid),
    "JFR.start",
    `name=${name}`,
    "settings=profile",
    `filename=${file}`,
  ]);
}

/** Stops recording `name` on JVM `pid` (the file is written then). */
export async function stopJfr(pid: number, name: string): Promise<void> {
  await run("jcmd", [String(pid), "JFR.stop", `name=${name}`]);
}

/** `jfr view VIEW FILE`'s text. */
export async function jfrView(view: string, file: string): Promise<string> {
  // a JDK 21+ `jfr` has `view`; the project's Java 17 does not: use the newest JDK's tool
  const candidates = ["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr", "jfr"];
  for (const jfr of candidates) {
    try {
      const { stdout } = await run(jfr, ["view", "--width", "160", view, file], {
        maxBuffer: 16 * 2 ** 20,
      });
      return stdout.trim();
    } catch {
      // try the next
    }
  }
  return `(no jfr tool with \`view\` found for ${view})`;
}

/** The GC pauses of a recording: how many and their total, from `jfr view gc-pauses`. */
export async function gcPauses(file: string): Promise<{ count: number; totalMs: number } | null> {
  const text = await jfrView("gc-pauses", file);
  const total = /Total Pause Time:?\s+([\d.,]+)\s*(ms|s|us|ns)/i.exec(text);
  const count = /Number of Pauses:?\s+([\d,]+)/i.exec(text);
  if (!total?.[1] || !count?.[1]) return null;
  const scale: Record<string, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  return {
    count: Number(count[1].replace(/,/g, "")),
    totalMs: Number(total[1].replace(/,/g, "")) * (scale[(total[2] ?? "ms").toLowerCase()] ?? 1),
  };
}
