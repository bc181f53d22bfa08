import { int } from "neo4j-driver";
import type { DbTransaction } from "./database.js";

/** One stored page of an assessment's impacted CIs: its CIs as JSON text, its last CI's sort key. */
export interface StoredImpactPage {
  readonly index: number;
  readonly last: string;
  readonly items: string;
}

/** Stores an assessment's impacted CIs as pages, replacing the RFC's earlier assessments' pages. */
export async function saveRfcImpactPages(
  tx: DbTransaction,
  rfcId: string,
  assessment: number,
  pages: readonly StoredImpactPage[],
): Promise<void> {
  await tx.run("change/save-rfc-impact-pages", {
    rfcId,
    assessment: int(assessment),
    pages: pages.map((p) => ({ index: int(p.index), last: p.last, items: p.items })),
  });
}

/** The stored pages whose last CI sorts after `after`, in order, at most `limit`. */
export async function listRfcImpactPages(
  tx: DbTransaction,
  rfcId: string,
  assessment: number,
  after: string,
  limit: number,
): Promise<{ items: string; last: string }[]> {
  const rows = await tx.run("change/list-rfc-impact-pages", {
    rfcId,
    assessment: int(assessment),
    after,
    limit: int(limit),
  });
  return rows.map((r) => ({ items: String(r.items), last: String(r.last) }));
}
