import { int } from "neo4j-driver";
import type { DbTransaction } from "./database.js";

/** A frontier CI's state and its neighbours ([relationship type, element id] pairs). */
export interface FrontierRow {
  readonly eid: string;
  readonly id: string;
  readonly key: string;
  readonly ciType: string;
  readonly lifecycle: string;
  readonly criticality: number | null;
  readonly minimumMembers: number | null;
  /** Members in force, for a redundancy group; null otherwise. */
  readonly members: number | null;
  readonly edges: readonly (readonly [string, string])[];
}

export interface WalkTypeSets {
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly groupIsTarget: readonly string[];
  readonly groupIsSource: readonly string[];
}

/** One level of a walk: each frontier CI's state and its neighbours along the given types. */
export async function expandFrontier(
  tx: DbTransaction,
  frontier: readonly string[],
  types: WalkTypeSets,
  asOf: Date | null,
): Promise<FrontierRow[]> {
  const params = {
    frontier,
    incoming: types.incoming,
    outgoing: types.outgoing,
    groupIsTarget: types.groupIsTarget,
    groupIsSource: types.groupIsSource,
  };
  const rows = asOf
    ? await tx.run("impact/expand-frontier-as-of", { ...params, asOf: asOf.toISOString() })
    : await tx.run("impact/expand-frontier", params);
  return rows.map((r) => ({
    eid: String(r.eid),
    id: String(r.id),
    key: String(r.key),
    ciType: String(r.ciType),
    lifecycle: String(r.lifecycle),
    criticality: (r.criticality as number | null) ?? null,
    minimumMembers: (r.minimumMembers as number | null) ?? null,
    members: (r.members as number | null) ?? null,
    edges: r.edges as [string, string][],
  }));
}

/** The element ids of CIs by id (valid in the transaction that read them). */
export async function elementIdsOf(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const rows = await tx.run("impact/element-ids-of-cis", { ids });
  return new Map(rows.map((r) => [String(r.id), String(r.eid)]));
}

/** One page of the whole dependency graph's edges (source id order); `next` is null at the end. */
export async function listDependencyEdgesPage(
  tx: DbTransaction,
  types: readonly string[],
  after: string | null,
  limit: number,
): Promise<{
  edges: { fromId: string; type: string; toId: string }[];
  next: string | null;
  cis: number;
}> {
  const rows = await tx.run("impact/list-dependency-edges-page", {
    types,
    after,
    limit: int(limit),
  });
  const sources = new Set(rows.map((r) => String(r.fromId)));
  const last = [...sources].sort().pop() ?? null;
  return {
    edges: rows
      .filter((r) => r.type !== null)
      .map((r) => ({ fromId: String(r.fromId), type: String(r.type), toId: String(r.toId) })),
    next: sources.size < limit ? null : last,
    cis: sources.size,
  };
}
