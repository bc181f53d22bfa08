import { int } from "neo4j-driver";
import type {
  IntegrityRule,
  RuleConfig,
  RuleLevel,
  ScannedCi,
  ScannedRelationship,
} from "../domain/integrity/integrity-rules.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams, toCi } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

/** One page of the integrity scan: CIs in key order after `after` (""), or the CIs of `ids`. */
export async function scanCisPage(
  tx: DbTransaction,
  page: { after: string } | { ids: readonly string[] },
  limit: number,
): Promise<ScannedCi[]> {
  const rows =
    "ids" in page
      ? await tx.run("integrity/scan-cis-by-ids", { ids: page.ids })
      : await tx.run("integrity/scan-cis-page", { after: page.after, limit: int(limit) });
  return rows.map((r) => {
    const raw = r.ci as Row;
    const ci = toCi(raw);
    const { id, revision: _r, createdAt, updatedAt: _u, retiredAt: _t, ...fields } = ci;
    return {
      id,
      fields,
      createdAt,
      verifiedAt: (raw.verifiedAt as Date | null) ?? null,
      relationshipCount: Number(r.relationships),
      inBaseline: Boolean(r.inBaseline),
    };
  });
}

export async function scanRelationshipsFromCis(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<ScannedRelationship[]> {
  if (ids.length === 0) return [];
  const rows = await tx.run("integrity/scan-relationships-from-cis", { ids });
  return rows.map(toScannedRelationship);
}

/**
 * The relationships in force by which a PRODUCTION CI depends directly on a CI in one of
 * `lifecycles`, given the relationship types by their dependent end.
 */
export async function findProductionDependenciesOn(
  tx: DbTransaction,
  lifecycles: readonly string[],
  types: { sourceDependent: readonly string[]; targetDependent: readonly string[] },
): Promise<ScannedRelationship[]> {
  const rows = await tx.run("integrity/find-production-dependencies-on-lifecycles", {
    lifecycles,
    sourceDependent: types.sourceDependent,
    targetDependent: types.targetDependent,
  });
  return rows.map(toScannedRelationship);
}

function toScannedRelationship(r: Row): ScannedRelationship {
  return {
    type: String(r.type),
    from: r.from as ScannedRelationship["from"],
    to: r.to as ScannedRelationship["to"],
  };
}

export async function listRuleConfigs(tx: DbTransaction): Promise<RuleConfig[]> {
  const rows = await tx.run("integrity/list-rule-configs");
  return rows.map((r) => {
    const c = r.config as Row;
    return {
      rule: c.rule as IntegrityRule,
      enabled: Boolean(c.enabled),
      level: c.level as RuleLevel,
      threshold: (c.threshold as number | null) ?? null,
    };
  });
}

export async function saveRuleConfig(
  tx: DbTransaction,
  config: RuleConfig,
  meta: WriteMeta,
): Promise<void> {
  await tx.run("integrity/save-rule-config", { ...config, ...metaParams(meta) });
}

export interface StoredRun<T> {
  readonly id: string;
  readonly at: Date;
  readonly by: string;
  readonly scope: string | null;
  readonly failed: boolean;
  readonly results: T;
}

export async function createRun(
  tx: DbTransaction,
  run: { id: string; scope: string | null; failed: boolean; results: unknown },
  meta: WriteMeta,
): Promise<void> {
  await tx.run("integrity/create-run", {
    props: {
      id: run.id,
      scope: run.scope,
      failed: run.failed,
      results: JSON.stringify(run.results),
    },
    ...metaParams(meta),
  });
}

/** Runs newest first, after the run at `after.at` with id `after.id` (null: from the newest). */
export async function listRuns<T>(
  tx: DbTransaction,
  page: { after: { at: string; id: string } | null; limit: number },
): Promise<StoredRun<T>[]> {
  const rows = await tx.run("integrity/list-runs", {
    afterAt: page.after?.at ?? null,
    afterId: page.after?.id ?? null,
    limit: int(page.limit),
  });
  return rows.map((r) => toRun<T>(r.run as Row));
}

/** The run with this id, or null. */
export async function findRun<T>(tx: DbTransaction, id: string): Promise<StoredRun<T> | null> {
  const rows = await tx.run("integrity/find-run", { id });
  return rows[0] ? toRun<T>(rows[0].run as Row) : null;
}

export async function countRuns(tx: DbTransaction): Promise<number> {
  const rows = await tx.run("integrity/count-runs");
  return Number(rows[0]?.total ?? 0);
}

function toRun<T>(run: Row): StoredRun<T> {
  return {
    id: String(run.id),
    at: run.at as Date,
    by: String(run.by),
    scope: (run.scope as string | null) ?? null,
    failed: Boolean(run.failed),
    results: parseJsonText<T>(run.results, [] as T),
  };
}

/** The latest run over the same scope (null: the whole CMDB). */
export async function findPreviousRun(
  tx: DbTransaction,
  scope: string | null,
): Promise<{ results: { rule: IntegrityRule; count: number }[] } | null> {
  const rows = await tx.run("integrity/find-previous-run", { scope });
  const run = rows[0]?.run as Row | undefined;
  return run
    ? { results: parseJsonText<{ rule: IntegrityRule; count: number }[]>(run.results, []) }
    : null;
}

/** Records that a CI was checked; null when there is no such CI. */
export async function verifyCi(
  tx: DbTransaction,
  id: string,
  meta: WriteMeta,
): Promise<Row | null> {
  const rows = await tx.run("ci/verify-ci", { id, ...metaParams(meta) });
  return (rows[0]?.ci as Row | undefined) ?? null;
}

/** The CIs with an open unauthorized change, each once. */
export async function findOpenUnauthorizedChanges(
  tx: DbTransaction,
): Promise<{ ciId: string; key: string; type: string; open: number; sources: string[] }[]> {
  return (await tx.run("integrity/find-open-unauthorized-changes")).map((r) => ({
    ciId: String(r.ciId),
    key: String(r.key),
    type: String(r.type),
    open: Number(r.open),
    sources: (r.sources as string[] | null) ?? [],
  }));
}
