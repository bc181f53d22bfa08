// The map's render benchmark: `npm run bench:web [-- --sizes 300,1000,3000 --runs 3]`.
// In Debian's chromium (playwright-core, never a downloaded browser), the page's own compiled
// map (dist/web/graph/map-view.js, elkjs in its Web Worker, map.css) draws a dependency map of N
// CIs built in the page: a centre, what depends on it above and what it needs below, fan-outs of
// 2 to 7 of mixed types and a cross edge every tenth CI, as the page builds one from two impact
// walks. Each size is drawn twice: as the page opens it (large fan-ins folded, at most 300 boxes)
// and with every fold opened (all N boxes). Timed: from the call until the drawing is on screen
// and answers a click (two animation frames after the first drawing: the quick one in rows from
// 250 boxes), until ELK's drawing replaced it, and ELK's share of that.
// Results go to bench/results/web-map.{json,md}. No GraphQL and no Neo4j: the walks' cost is
// the impact benchmark's (`npm run bench`).
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import express from "express";
import { chromium, type Browser } from "playwright-core";
import * as prettier from "prettier";
import { projectRoot } from "../src/config/project-root.js";
import { round, summarise, type Summary } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const args = benchArgs(import.meta.url, {
  sizes: { type: "string", default: "300,1000,3000" },
  runs: { type: "string", default: "3" },
  // one more draw of this many CIs, every fold opened, under the DevTools CPU profiler
  profile: { type: "string", default: "1000" },
  chromium: { type: "string", default: "/usr/bin/chromium" },
  out: { type: "string", default: path.join(projectRoot(), "bench", "results") },
});
const sizes = args.values.sizes.split(",").map(Number);
const runs = Number(args.values.runs);
const say = (line: string): void => {
  process.stdout.write(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/map.css">
<script src="/vendor/elkjs/elk-api.js"></script></head>
<body><main id="bench" style="width:1300px"></main></body></html>`;

// runs in the page: builds a map of n CIs and draws it, folded or not
const DRAW = `async ({ n, unfold }) => {
  const { MapCanvas } = await import("/app/graph/map-view.js");
  const { fold, CAP_GROUP } = await import("/app/graph/map-model.js");
  const types = ["ApplicationService", "Application", "Database", "Server", "VirtualMachine",
    "OperatingSystem", "Container", "Cluster", "LoadBalancer", "NetworkDevice", "Storage"];
  const rels = ["DEPENDS_ON", "RUNS_ON", "HOSTED_ON", "CONNECTS_TO", "INSTALLED_ON"];
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const g = { nodes: new Map(), edges: [] };
  g.nodes.set("c", { id: "c", key: "centre", name: "centre", type: "BusinessService", layer: 0, parent: null });
  const queue = [["c", 0, 1], ["c", 0, -1]];
  let made = 1;
  while (made < n && queue.length) {
    const [parent, layer, side] = queue.shift();
    const kids = 2 + Math.floor(rnd() * 6);
    for (let i = 0; i < kids && made < n; i += 1) {
      const id = "n" + made;
      const type = types[Math.floor(rnd() * types.length)];
      g.nodes.set(id, { id, key: type.toLowerCase() + "-" + made, name: id, type, layer: layer + side, parent });
      const type_ = rels[made % rels.length];
      g.edges.push(side > 0 ? { from: parent, to: id, type: type_ } : { from: id, to: parent, type: type_ });
      queue.push([id, layer + side, side]);
      made += 1;
    }
  }
  const ids = [...g.nodes.keys()];
  for (let i = 10; i < ids.length; i += 10) {
    const a = g.nodes.get(ids[i]);
    const b = g.nodes.get(ids[Math.floor(rnd() * i)]);
    if (a && b && a.layer !== b.layer && a.id !== b.id)
      g.edges.push(a.layer < b.layer ? { from: a.id, to: b.id, type: "CONNECTS_TO" } : { from: b.id, to: a.id, type: "CONNECTS_TO" });
  }
  const opened = new Set();
  if (unfold) {
    for (let k = 0; k < 50; k += 1) {
      const { groups } = fold(g, opened);
      if (groups.length === 0) break;
      for (const grp of groups) opened.add(grp.id.startsWith("cap:") ? CAP_GROUP : grp.id);
    }
  }
  const host = document.getElementById("bench");
  const canvas = new MapCanvas({ label: "bench" });
  host.replaceChildren(canvas.element);
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  // the first drawing on screen (rows, from QUICK_FROM boxes; else ELK's): the page answers
  let first = null;
  canvas.element.addEventListener("map-drawn", () => { first ??= performance.now(); });
  const t0 = performance.now();
  const drawn = canvas.draw(g, opened, {});
  while (first === null) await new Promise((r) => setTimeout(r, 2));
  await frame();
  await frame();
  const interactive = performance.now() - t0;
  const geometry = await drawn;
  await frame();
  await frame();
  const total = performance.now() - t0;
  const boxes = geometry.boxes.size;
  // from VIRTUAL_FROM boxes only those in and near the frame are in the DOM
  const inDom = document.querySelectorAll("svg.map g.node").length;
  return { interactive, total, layout: geometry.layoutMs, boxes, inDom, edges: g.edges.length };
}`;

interface Row {
  readonly size: number;
  readonly unfolded: boolean;
  readonly boxes: number;
  /** Boxes with an element in the page once ELK's drawing is on screen (the rest is virtual). */
  readonly inDom: number;
  readonly interactiveMs: Summary;
  readonly totalMs: Summary;
  readonly layoutMs: Summary;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map((l) => round(l, 1));
  const web = express();
  web.get("/bench", (_req, res) => {
    res.type("html").send(PAGE);
  });
  web.use("/app", express.static(path.join(projectRoot(), "dist", "web")));
  const elk = path.dirname(createRequire(import.meta.url).resolve("elkjs/package.json"));
  web.use("/vendor/elkjs", express.static(path.join(elk, "lib")));
  web.use(express.static(path.join(projectRoot(), "web", "public")));
  const server = web.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: args.values.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
  const rows: Row[] = [];
  let profile: string[] = [];
  try {
    for (const size of sizes) {
      for (const unfolded of [false, true]) {
        const totals: number[] = [];
        const interactives: number[] = [];
        const layouts: number[] = [];
        let boxes = 0;
        let inDom = 0;
        // one warm-up draw (the worker loads and compiles ELK), then the timed runs
        for (let run = 0; run <= runs; run += 1) {
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
          await page.goto(`http://127.0.0.1:${String(port)}/bench`);
          page.setDefaultTimeout(600_000);
          if (run === 0) {
            await page.evaluate(`(${DRAW})({ n: 50, unfold: false })`);
          }
          const r = await page.evaluate<{
            interactive: number;
            total: number;
            layout: number;
            boxes: number;
            inDom: number;
          }>(`(${DRAW})({ n: ${String(size)}, unfold: ${String(unfolded)} })`);
          await page.close();
          if (run === 0) continue;
          totals.push(r.total);
          interactives.push(r.interactive);
          layouts.push(r.layout);
          boxes = r.boxes;
          inDom = r.inDom;
          say(
            `${String(size)} CIs ${unfolded ? "unfolded" : "as opened"}: ${String(r.boxes)} boxes (${String(r.inDom)} in the DOM), interactive ${String(Math.round(r.interactive))} ms, laid out ${String(Math.round(r.total))} ms (ELK ${String(Math.round(r.layout))} ms)`,
          );
        }
        rows.push({
          size,
          unfolded,
          boxes,
          inDom,
          interactiveMs: summarise(interactives),
          totalMs: summarise(totals),
          layoutMs: summarise(layouts),
        });
      }
    }
    if (Number(args.values.profile) > 0) {
      profile = await profileDraw(browser, port, Number(args.values.profile));
    }
  } finally {
    await browser.close();
    server.close();
  }
  const version = browser.version();
  const load = os.loadavg().map((l) => round(l, 1));
  const json = {
    at: new Date().toISOString(),
    chromium: version,
    cpus: os.cpus().length,
    loadAverage: load,
    loadAverageAtStart: loadAtStart,
    runs,
    rows,
  };
  await writeFile(
    path.join(args.values.out, "web-map.json"),
    await prettier.format(JSON.stringify(json), { parser: "json" }),
  );
  const lines = [
    "# Map render benchmark",
    "",
    `\`npm run bench:web\` at ${json.at}: Chromium ${version}, ${String(json.cpus)} cores, load average ${load.join(" / ")} at the end and ${loadAtStart.join(" / ")} at the start (1/5/15 min; the machine is shared). Median of ${String(runs)} runs after a warm-up; a fresh page each run. _Interactive_: from the call until a drawing is on screen and answers clicks, keys, pan and zoom (from 250 boxes the quick drawing in rows, else ELK's); _laid out_: until ELK's drawing has replaced it; ELK is the layout's share of that (in its Web Worker, the page answering meanwhile). From 250 boxes only those in and near the frame have elements in the page: _boxes in the DOM_ once ELK's drawing is on screen, opened centred on the centre CI in a 1,300 × 612 px frame.`,
    "",
    "| CIs in the map | drawn | boxes | boxes in the DOM | interactive median ms | interactive p95 ms | laid out median ms | laid out p95 ms | ELK median ms |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${String(r.size)} | ${r.unfolded ? "every fold opened" : "as the page opens it (folded)"} | ${String(r.boxes)} | ${String(r.inDom)} | ${String(Math.round(r.interactiveMs.p50))} | ${String(Math.round(r.interactiveMs.p95))} | ${String(Math.round(r.totalMs.p50))} | ${String(Math.round(r.totalMs.p95))} | ${String(Math.round(r.layoutMs.p50))} |`,
    ),
    "",
  ];
  if (profile.length) {
    lines.push(
      `## Where the page's time goes: ${args.values.profile} CIs, every fold opened`,
      "",
      "One draw under the DevTools CPU profiler (CDP `Profiler`, 200 µs sampling) from the call until ELK's drawing is on screen: the page's main thread by function, self time (`(idle)`: waiting for ELK in its Worker; native DOM calls by their name).",
      "",
      ...profile,
      "",
    );
  }
  const md = await prettier.format(lines.join("\n"), { parser: "markdown" });
  await writeFile(path.join(args.values.out, "web-map.md"), md);
  say(`results in ${path.join(args.values.out, "web-map.md")}`);
}

/** One draw under the CPU profiler: the main thread's self time by function, as table rows. */
async function profileDraw(browser: Browser, port: number, n: number): Promise<string[]> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${String(port)}/bench`);
  page.setDefaultTimeout(600_000);
  await page.evaluate(`(${DRAW})({ n: 50, unfold: false })`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const r = await page.evaluate<{ interactive: number; total: number }>(
    `(${DRAW})({ n: ${String(n)}, unfold: true })`,
  );
  const { profile } = await cdp.send("Profiler.stop");
  await page.close();
  const spent = new Map<number, number>();
  profile.samples?.forEach((id, i) => {
    spent.set(id, (spent.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
  });
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const file = f.url.split("/").pop() ?? "";
    const name = `${f.functionName || "(anonymous)"}${file ? ` (${file}:${String(f.lineNumber + 1)})` : ""}`;
    byName.set(name, (byName.get(name) ?? 0) + (spent.get(node.id) ?? 0));
  }
  say(`profiled ${String(n)} CIs: interactive ${String(Math.round(r.interactive))} ms`);
  return [
    `Interactive after ${String(Math.round(r.interactive))} ms, ELK's drawing after ${String(Math.round(r.total))} ms.`,
    "",
    "| function | self ms |",
    "|---|---:|",
    ...[...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => `| ${name.replace(/\|/g, "\\|")} | ${String(Math.round(us / 1000))} |`),
  ];
}

await main();
