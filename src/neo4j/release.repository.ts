import { int } from "neo4j-driver";
import type {
  ContentEntry,
  Deployment,
  PlanStep,
  Release,
  ReleaseStatus,
  ReleaseType,
  Stage,
} from "../domain/release/release.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

/** Creates or rewrites a release (the whole of it), bumping its revision. */
export async function saveRelease(
  tx: DbTransaction,
  r: Omit<Release, "revision" | "createdBy" | "createdAt" | "updatedAt">,
  meta: WriteMeta,
): Promise<Release> {
  const rows = await tx.run("release/save-release", {
    props: {
      id: r.id,
      name: r.name,
      version: r.version,
      nameVersion: `${r.name} ${r.version}`,
      type: r.type,
      status: r.status,
      description: r.description,
      contents: JSON.stringify(r.contents),
      deploymentPlan: JSON.stringify(r.deploymentPlan),
      rollbackPlan: r.rollbackPlan,
      rfcs: JSON.stringify(r.rfcs),
      rfcIds: r.rfcs.map((x) => x.rfcId),
      deployments: JSON.stringify(r.deployments),
      serviceKeys: r.serviceKeys,
    },
    plannedDate: r.plannedDate.toISOString(),
    ...metaParams(meta),
  });
  return toRelease(rows[0]?.release);
}

export async function lockRelease(tx: DbTransaction, id: string): Promise<Release | null> {
  const rows = await tx.run("release/lock-release", { id });
  return rows[0] ? toRelease(rows[0].release) : null;
}

export async function findReleases(
  tx: DbTransaction,
  ids: readonly string[],
  nameVersion: string | null = null,
): Promise<Release[]> {
  return (await tx.run("release/find-releases", { ids, nameVersion })).map((r) =>
    toRelease(r.release),
  );
}

export interface ReleaseQuery {
  readonly from: Date | null;
  readonly to: Date | null;
  readonly statuses: ReleaseStatus[] | null;
}

/** Where a page of releases starts: after this release in (plannedDate, name, version) order. */
export interface ReleaseKey {
  readonly plannedDate: string;
  readonly name: string;
  readonly version: string;
}

export async function listReleases(
  tx: DbTransaction,
  q: ReleaseQuery,
  page: { after: ReleaseKey | null; limit: number },
): Promise<Release[]> {
  const rows = await tx.run("release/list-releases", {
    ...filterParams(q),
    afterDate: page.after?.plannedDate ?? null,
    afterName: page.after?.name ?? null,
    afterVersion: page.after?.version ?? null,
    limit: int(page.limit),
  });
  return rows.map((r) => toRelease(r.release));
}

/** How many releases listReleases would list over every page. */
export async function countReleases(tx: DbTransaction, q: ReleaseQuery): Promise<number> {
  const rows = await tx.run("release/count-releases", filterParams(q));
  return Number(rows[0]?.total ?? 0);
}

function filterParams(q: ReleaseQuery): Record<string, unknown> {
  return {
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    statuses: q.statuses,
  };
}

function toRelease(value: unknown): Release {
  const r = value as Row;
  const deployments = parseJsonText<(Omit<Deployment, "at"> & { at: string })[]>(r.deployments, []);
  return {
    id: String(r.id),
    name: String(r.name),
    version: String(r.version),
    type: r.type as ReleaseType,
    plannedDate: r.plannedDate as Date,
    status: r.status as ReleaseStatus,
    description: (r.description as string | null) ?? null,
    contents: parseJsonText<ContentEntry[]>(r.contents, []),
    deploymentPlan: parseJsonText<PlanStep[]>(r.deploymentPlan, []),
    rollbackPlan: (r.rollbackPlan as string | null) ?? null,
    rfcs: parseJsonText<{ rfcId: string; stage: Stage | null }[]>(r.rfcs, []),
    deployments: deployments.map((d) => ({ ...d, at: new Date(d.at) })),
    serviceKeys: (r.serviceKeys as string[] | null) ?? [],
    revision: Number(r.revision),
    createdBy: String(r.createdBy),
    createdAt: r.createdAt as Date,
    updatedAt: r.updatedAt as Date,
  };
}
