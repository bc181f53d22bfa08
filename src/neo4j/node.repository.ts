import type { DbTransaction } from "./database.js";

/** The stored kinds whose ids the GraphQL `node` field resolves (each label's id is unique). */
export const NODE_KINDS = [
  "CI",
  "Rfc",
  "Release",
  "Baseline",
  "StandardChange",
  "FreezeWindow",
  "ApiToken",
  "User",
  "IntegrityRun",
  "AuditEntry",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** The kind of each id that names a stored node (ids of no kind are absent from the map). */
export async function findNodeKinds(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<Map<string, NodeKind>> {
  const rows = await tx.run("node/find-node-kinds", { ids: [...new Set(ids)] });
  return new Map(rows.map((r) => [r.id as string, r.kind as NodeKind]));
}
