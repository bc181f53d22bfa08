// What the walk benchmarks time (profile-walk, compare-walk-plugins): the bare walk statement
// counting CIs per distance, or the product's whole analysis statement on the same roots, with
// the parameters the product passes and the number of CIs each answer impacted.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { int, type Integer, type Record as Neo4jRecord } from "neo4j-driver";
import type { walkTypes } from "../src/application/impact/graph-walk.js";
import { projectRoot } from "../src/config/project-root.js";

export type WalkStatementKind = "walk" | "analysis";

/** `--statement`'s value checked: walk or analysis. */
export function walkStatementKind(value: string): WalkStatementKind {
  if (value === "walk" || value === "analysis") return value;
  throw new Error(`--statement: walk or analysis (got ${JSON.stringify(value.slice(0, 40))})`);
}

export interface WalkStatement {
  readonly kind: WalkStatementKind;
  /** Where the statement is, from the project's root. */
  readonly file: string;
  readonly text: string;
  /** The statement's parameters for these roots. */
  parameters(rootKeys: readonly string[], depth: number, nodeCap: number): Record<string, unknown>;
  /** CIs the answer impacted, its roots left out. */
  impacted(records: readonly Neo4jRecord[], rootKeys: readonly string[]): number;
}

/** The statement of `kind`, for a walk along `types` (walkTypes' answer). */
export async function walkStatement(
  kind: WalkStatementKind,
  types: ReturnType<typeof walkTypes>,
): Promise<WalkStatement> {
  const file =
    kind === "analysis"
      ? path.join("cypher", "impact", "analyse-packed-in-database.cypher")
      : path.join("bench", "cypher", "count-impacted-from-keys.cypher");
  const text = await readFile(path.join(projectRoot(), file), "utf8");
  return {
    kind,
    file,
    text,
    parameters: (rootKeys, depth, nodeCap) => ({
      rootKeys,
      incoming: types.incoming,
      outgoing: types.outgoing,
      maxDepth: int(depth),
      nodeCap: int(nodeCap),
      // the analysis's own parameters, as the product passes them (graph-walk.ts)
      rootIds: [],
      groupIsTarget: types.groupIsTarget,
      groupIsSource: types.groupIsSource,
      membership: [...types.membership],
      dependents: true,
    }),
    // the analysis counts its roots too (distance 0), the walk statement does not
    impacted: (records, rootKeys) =>
      kind === "analysis"
        ? records.reduce((n, r) => n + Number(r.get("count")), 0) - rootKeys.length
        : records.reduce((n, r) => n + Number(r.get("cis")), 0),
  };
}

/** A digest of an answer's every value, row after row: two builds answered alike when equal. */
export function answerDigest(records: readonly Neo4jRecord[]): string {
  const hash = createHash("sha256");
  for (const r of records) {
    hash.update(
      JSON.stringify(r.toObject(), (_k, v: unknown) =>
        typeof v === "object" && v !== null && "toNumber" in v ? (v as Integer).toString() : v,
      ),
    );
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 16);
}
