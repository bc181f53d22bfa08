// Writes a generated enterprise estate as an interchange document, streamed entry by entry:
//   node dist/scripts/generate-estate.js --cis N [--seed S] [--relationships-per-ci R] --out FILE
import { parseArgs } from "node:util";
import { writeEstateDocument } from "../src/demo/estate/estate-document-writer.js";
import {
  type Estate,
  type EstateOptions,
  generateEstate,
} from "../src/demo/estate/generate-estate.js";

function usage(problem: string): never {
  process.stderr.write(
    `${problem}\nusage: generate-estate --cis N [--seed S] [--relationships-per-ci R] --out FILE\n`,
  );
  process.exit(2);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) usage(`--${name} must be a number`);
  return parsed;
}

function parseOptions(): { options: EstateOptions; file: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cis: { type: "string" },
        seed: { type: "string" },
        "relationships-per-ci": { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  const ciCount = numberOption(values.cis, "cis");
  if (ciCount === undefined) usage("--cis is required");
  if (values.out === undefined || values.out === "") usage("--out is required");
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
let estate: Estate;
try {
  estate = generateEstate(options);
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
