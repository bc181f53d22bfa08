// Writes a generated enterprise estate as an interchange document, streamed entry by entry:
//   node dist/scripts/generate-estate.js --cis N [--seed S] [--relationships-per-ci R] --out FILE
// or the demo estate (docs/demo-estate.md):
//   node dist/scripts/generate-estate.js --demo --out demo/demo-estate.json
import { parseArgs } from "node:util";
import { demoEstate } from "../src/demo/demo-estate.js";
import {
  type EstateEntries,
  writeEstateDocument,
} from "../src/demo/estate/estate-document-writer.js";
import { type EstateOptions, generateEstate } from "../src/demo/estate/generate-estate.js";

function usage(problem: string): never {
  process.stderr.write(
    `${problem}\nusage: generate-estate (--cis N [--seed S] [--relationships-per-ci R] | --demo) --out FILE\n`,
  );
  process.exit(2);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) usage(`--${name} must be a number`);
  return parsed;
}

function parseOptions(): { options: EstateOptions | "demo"; file: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cis: { type: "string" },
        seed: { type: "string" },
        "relationships-per-ci": { type: "string" },
        out: { type: "string" },
        demo: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  if (values.out === undefined || values.out === "") usage("--out is required");
  if (values.demo === true) {
    if (values.cis !== undefined || values.seed !== undefined)
      usage("--demo takes no --cis or --seed");
    return { options: "demo", file: values.out };
  }
  const ciCount = numberOption(values.cis, "cis");
  if (ciCount === undefined) usage("--cis or --demo is required");
  return {
    options: {
      ciCount,
      seed: numberOption(values.seed, "seed"),
      relationshipsPerCi: numberOption(values["relationships-per-ci"], "relationships-per-ci"),
    },
    file: values.out,
  };
}

const started = performance.now();
const { options, file } = parseOptions();
let estate: EstateEntries;
try {
  estate = options === "demo" ? demoEstate() : generateEstate(options);
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
try {
  const { cis, relationships } = await writeEstateDocument(estate, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${cis} CIs and ${relationships} relationships to ${file} in ${seconds} s\n`,
  );
} catch (e) {
  process.stderr.write(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
