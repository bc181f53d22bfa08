import { int } from "neo4j-driver";
import type {
  BaselineScope,
  SnapshotCi,
  SnapshotRelationship,
} from "../domain/baseline/baseline.js";
import type { CiFields } from "../domain/ci/configuration-item.js";
import type { WriteMeta } from "./catalogue.repository.js";
import { metaParams } from "./ci.repository.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

export interface Baseline {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly scope: BaselineScope;
  readonly takenAt: Date;
  readonly takenBy: string;
  /** The instant its content is from (null: when it was taken). */
  readonly asOf: Date | null;
  readonly ciCount: number;
  readonly relationshipCount: number;
}

const BATCH = 2000;

export async function createBaseline(
  tx: DbTransaction,
  b: {
    id: string;
    name: string;
    description: string | null;
    scope: BaselineScope;
    asOf: Date | null;
  },
  content: { cis: readonly SnapshotCi[]; relationships: readonly SnapshotRelationship[] },
  meta: WriteMeta,
): Promise<Baseline> {
  await tx.run("baseline/create-baseline", {
    props: { id: b.id, name: b.name, description: b.description, scope: JSON.stringify(b.scope) },
    asOf: b.asOf?.toISOString() ?? null,
    ...metaParams(meta),
  });
  for (let i = 0; i < content.cis.length; i += BATCH) {
    await tx.run("baseline/add-baseline-items", {
      id: b.id,
      rows: content.cis.slice(i, i + BATCH).map((c) => ({
        ciId: c.id,
        key: c.fields.key,
        type: c.fields.type,
        revision: c.revision,
        state: JSON.stringify(c.fields),
      })),
    });
  }
  for (let i = 0; i < content.relationships.length; i += BATCH) {
    await tx.run("baseline/add-baseline-links", {
      id: b.id,
      rows: content.relationships.slice(i, i + BATCH).map((r) => ({
        relationshipId: r.id,
        type: r.type,
        fromId: r.fromId,
        toId: r.toId,
        fromKey: r.fromKey,
        toKey: r.toKey,
      })),
    });
  }
  const rows = await tx.run("baseline/set-baseline-counts", {
    id: b.id,
    ciCount: content.cis.length,
    relationshipCount: content.relationships.length,
  });
  return toBaseline(rows[0]?.baseline);
}

/** The baselines with these ids, or with these names. */
export async function findBaselines(
  tx: DbTransaction,
  by: { ids?: readonly string[]; names?: readonly string[] },
): Promise<Baseline[]> {
  return (
    await tx.run("baseline/find-baselines", { ids: by.ids ?? [], names: by.names ?? [] })
  ).map((r) => toBaseline(r.baseline));
}

/** Baselines newest first (then by name), after the one taken at `after.takenAt` named `after.name`. */
export async function listBaselines(
  tx: DbTransaction,
  page: { after: { takenAt: string; name: string } | null; limit: number },
): Promise<Baseline[]> {
  const rows = await tx.run("baseline/list-baselines", {
    afterTakenAt: page.after?.takenAt ?? null,
    afterName: page.after?.name ?? null,
    limit: int(page.limit),
  });
  return rows.map((r) => toBaseline(r.baseline));
}

export async function countBaselines(tx: DbTransaction): Promise<number> {
  const rows = await tx.run("baseline/count-baselines");
  return Number(rows[0]?.total ?? 0);
}

export async function loadBaselineContent(
  tx: DbTransaction,
  id: string,
): Promise<{ cis: SnapshotCi[]; relationships: SnapshotRelationship[] }> {
  const items = await tx.run("baseline/list-baseline-items", { id });
  const links = await tx.run("baseline/list-baseline-links", { id });
  return {
    cis: items.map((r) => {
      const i = r.item as Row;
      return {
        id: String(i.ciId),
        revision: Number(i.revision),
        fields: parseJsonText<CiFields>(i.state, {} as CiFields),
      };
    }),
    relationships: links.map((r) => {
      const l = r.link as Row;
      return {
        id: String(l.relationshipId),
        type: String(l.type),
        fromId: String(l.fromId),
        toId: String(l.toId),
        fromKey: String(l.fromKey),
        toKey: String(l.toKey),
      };
    }),
  };
}

/** A page of a baseline's CIs, by key, after the key `after` (null: from the first). */
export async function listBaselineItemsPage(
  tx: DbTransaction,
  id: string,
  after: string | null,
  limit: number,
): Promise<SnapshotCi[]> {
  const rows = await tx.run("baseline/list-baseline-items-page", {
    id,
    after,
    limit: int(limit),
  });
  return rows.map((r) => {
    const i = r.item as Row;
    return {
      id: String(i.ciId),
      revision: Number(i.revision),
      fields: parseJsonText<CiFields>(i.state, {} as CiFields),
    };
  });
}

/** Ids of the CIs (not retired) of an environment and/or types, now or as of an instant. */
export async function listScopeCiIds(
  tx: DbTransaction,
  filter: { environment: string | null; types: string[] | null },
  asOf: Date | null,
  limit: number,
): Promise<string[]> {
  const rows = asOf
    ? await tx.run("baseline/list-scope-ci-ids-as-of", {
        ...filter,
        asOf: asOf.toISOString(),
        limit: int(limit),
      })
    : filter.types !== null
      ? await tx.run("baseline/list-ci-ids-of-types", { types: filter.types, limit: int(limit) })
      : await tx.run("baseline/list-ci-ids-in-environment", {
          environment: filter.environment,
          limit: int(limit),
        });
  return rows.map((r) => String(r.id));
}

/** Relationships in force at `at` leaving these CIs (both ends' ids). */
export async function listRelationshipsFromCisAt(
  tx: DbTransaction,
  ids: readonly string[],
  at: Date,
): Promise<{ id: string; type: string; fromId: string; toId: string }[]> {
  const rows = await tx.run("baseline/list-relationships-from-cis", {
    ids,
    at: at.toISOString(),
  });
  return rows.map((r) => ({
    id: String(r.id),
    type: String(r.type),
    fromId: String(r.fromId),
    toId: String(r.toId),
  }));
}

function toBaseline(value: unknown): Baseline {
  const b = value as Row;
  return {
    id: String(b.id),
    name: String(b.name),
    description: (b.description as string | null) ?? null,
    scope: parseJsonText<BaselineScope>(b.scope, { kind: "LIST", ciKeys: [] }),
    takenAt: b.takenAt as Date,
    takenBy: String(b.takenBy),
    asOf: (b.asOf as Date | null) ?? null,
    ciCount: Number(b.ciCount ?? 0),
    relationshipCount: Number(b.relationshipCount ?? 0),
  };
}
