// What writing a big impact answer costs with Apollo's JSON.stringify and with the operation's
// serialiser compiled by graphql-jit (fast-json-stringify): `npm run build && node
// dist/bench/stringify-answer.js [--items 29174] [--rounds 25]`. The answer has the shape of the
// profiles' query (`impacted { distance configurationItem { key } }`), made by the compiled query
// from a made-up report (keys like the generated estate's), so no Neo4j is needed; both must
// write the same bytes. Writes
// bench/results/stringify-answer.md.
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { isObjectType, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { projectRoot } from "../src/config/project-root.js";
import { buildGraphqlSchema } from "../src/graphql/schema.js";
import { round, summarise } from "./stats.js";
import { benchArgs } from "./bench-args.js";

const args = benchArgs(import.meta.url, {
  items: { type: "string", default: "29174" },
  rounds: { type: "string", default: "25" },
});
const items = Number(args.values.items);
const rounds = Number(args.values.rounds);

const WHOLE = `query($input: ImpactAnalysisInput!) { impactAnalysis(input: $input) {
  truncated impacted { distance configurationItem { key } } } }`;

async function main(): Promise<void> {
  const schema = await buildGraphqlSchema();
  // the report as the resolver gives it; the answer is made by the compiled query, as served
  const field = schema.getQueryType()?.getFields().impactAnalysis;
  if (!field) throw new Error("no impactAnalysis");
  field.resolve = () => ({
    truncated: false,
    impacted: Array.from({ length: items }, (_, i) => ({
      distance: 1 + (i % 4),
      configurationItem: { key: `ci-${String(i).padStart(6, "0")}` },
    })),
  });
  // read as properties of the made-up report (the product's getters are not what is measured)
  for (const [typeName, names] of [
    ["ImpactReport", ["truncated", "impacted"]],
    ["ImpactedConfigurationItem", ["distance", "configurationItem"]],
  ] as const) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`no ${typeName}`);
    for (const name of names) {
      const f = type.getFields()[name];
      if (f) f.resolve = undefined;
    }
  }
  const compiled = compileQuery(schema, parse(WHOLE), undefined, { customJSONSerializer: true });
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled.errors));
  const answer = await compiled.query(undefined, {}, { input: { ciKeys: ["x"] } });
  if (answer.errors)
    throw answer.errors[0]?.originalError ?? new Error(JSON.stringify(answer.errors));
  const plain = JSON.stringify(answer);
  if (compiled.stringify(answer) !== plain) throw new Error("the two serialisers differ");
  const json: number[] = [];
  const fast: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // alternating, so that neither always runs after the other's garbage
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const t0 = performance.now();
      if (k === 0) JSON.stringify(answer);
      else compiled.stringify(answer);
      (k === 0 ? json : fast).push(performance.now() - t0);
    }
  }
  const j = summarise(json);
  const f = summarise(fast);
  const md = [
    "# Writing a big impact answer: JSON.stringify against graphql-jit's compiled serialiser",
    "",
    `${String(items)} impacted CIs (${String(round(plain.length / 1e6, 2))} MB of JSON, the same bytes from both), ${String(rounds)} rounds each, alternating:`,
    "",
    "| serialiser | p50 | p95 |",
    "|---|---|---|",
    `| JSON.stringify (Apollo's) | ${String(j.p50)} ms | ${String(j.p95)} ms |`,
    `| compiled (fast-json-stringify) | ${String(f.p50)} ms | ${String(f.p95)} ms |`,
    "",
    `Node ${process.version}; load average ${String(round(os.loadavg()[0] ?? 0, 2))} (${String(os.cpus().length)} CPUs).`,
    "",
  ].join("\n");
  await writeFile(path.join(projectRoot(), "bench", "results", "stringify-answer.md"), md);
  process.stdout.write(md);
}

await main();
