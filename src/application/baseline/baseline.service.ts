import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import {
  compareSnapshots,
  describeScope,
  isEmptyDrift,
  MAX_BASELINE_CIS,
  parseScope,
  restorePatch,
  type BaselineScope,
  type Drift,
  type Snapshot,
  type SnapshotCi,
} from "../../domain/baseline/baseline.js";
import type { Rfc } from "../../domain/change/rfc.js";
import { CI_KEY } from "../../domain/ci/configuration-item.js";
import { NotFoundError, ValidationError, ConflictError } from "../../domain/errors.js";
import { IssueCollector, throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import {
  countBaselines,
  createBaseline,
  findBaselines,
  listBaselineItemsPage,
  listBaselines,
  listRelationshipsFromCisAt,
  listScopeCiIds,
  loadBaselineContent,
  type Baseline,
} from "../../neo4j/baseline.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  findCisAsOf,
  findCisByIds,
  findCisByKeys,
  findCisByKeysAsOf,
} from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { findCurrentRelationships, findRelationship } from "../../neo4j/relationship.repository.js";
import { authorize } from "../authorization.js";
import type { RfcService } from "../change/rfc.service.js";
import type { ImpactService } from "../impact/impact.service.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { writeMeta } from "../write-meta.js";

/** The most baselines one page of the baselines list holds. */
export const MAX_BASELINE_PAGE = 100;
/** The most CIs one page of a baseline's CIs holds. */
export const MAX_BASELINE_ITEM_PAGE = 500;
const BASELINE_LIST = "baselines";
const BASELINE_ITEM_LIST = "baselineConfigurationItems";

/** How a caller names a baseline: by its id or by its name. */
export type BaselineRef = { readonly id: string } | { readonly name: string };

export function describeBaselineRef(ref: BaselineRef): string {
  return "id" in ref ? ref.id : ref.name;
}

export interface TakeBaselineInput {
  readonly name: string;
  readonly description?: string | null;
  readonly scope: Record<string, unknown>;
  readonly asOf?: Date | null;
}

/** A comparison: the baseline, what it is compared with, and the drift between them. */
export interface BaselineComparison {
  readonly baseline: Baseline;
  /** The other baseline (null: the CMDB now). */
  readonly against: Baseline | null;
  readonly comparedAt: Date;
  readonly drift: Drift;
  readonly empty: boolean;
}

/**
 * Baselines: immutable snapshots of a scope of the CMDB, compared with now or with each other,
 * and restored through an RFC that undoes the drift.
 */
export class BaselineService {
  constructor(
    private readonly impact: ImpactService,
    private readonly rfcs: RfcService,
  ) {}

  async take(scope: DbScope, actor: Actor, input: TakeBaselineInput): Promise<Baseline> {
    authorize(actor, "taking a baseline", "EDITOR", "REQUESTER");
    const c = new IssueCollector(null);
    const name = c.string("name", input.name, { required: true, max: 200 });
    const description = c.string("description", input.description, { max: 4000 });
    const parsed = parseScope(input.scope);
    throwIfInvalid([...c.issues, ...parsed.issues]);
    const what = parsed.scope as BaselineScope;
    const asOf = input.asOf ?? null;
    const meta = writeMeta(actor, null);
    if (asOf && asOf.getTime() > Date.parse(meta.now)) {
      throw new ValidationError("asOf", asOf.toISOString(), "must not be in the future");
    }
    return scope.writeTransaction(async (tx) => {
      if ((await findBaselines(tx, { names: [name as string] })).length > 0) {
        throw new ConflictError(`a baseline named ${String(name)} already exists`, {
          field: "name",
          value: name,
        });
      }
      const content = await this.snapshot(tx, what, asOf, new Date(meta.now));
      const baseline = await createBaseline(
        tx,
        { id: randomUUID(), name: name as string, description, scope: what, asOf },
        content,
        meta,
      );
      await recordAuditEntries(
        tx,
        [
          {
            operation: "TAKE",
            targetType: "BASELINE",
            targetId: baseline.id,
            targetKey: baseline.name,
            before: null,
            after: baseline,
          },
        ],
        meta,
      );
      return baseline;
    });
  }

  /** A page of the baselines, newest first. */
  async list(scope: DbScope, actor: Actor, page: PageRequest): Promise<Page<Baseline>> {
    authorize(actor, "reading baselines", "READER");
    checkPageSize(page.first, MAX_BASELINE_PAGE);
    const after = page.after === null ? null : decodeCursor(BASELINE_LIST, page.after, ["s", "s"]);
    if (after && Number.isNaN(Date.parse(after[0] as string))) {
      throw new ValidationError(
        "after",
        page.after,
        `is not a cursor of the ${BASELINE_LIST} list`,
      );
    }
    const rows = await scope.readTransaction((tx) =>
      listBaselines(tx, {
        after: after ? { takenAt: after[0] as string, name: after[1] as string } : null,
        limit: page.first + 1,
      }),
    );
    return pageFromRows(
      rows,
      page,
      BASELINE_LIST,
      (b) => [b.takenAt.toISOString(), b.name],
      () => scope.readTransaction((tx) => countBaselines(tx)),
    );
  }

  /** A baseline by id or by name. */
  async get(scope: DbScope, actor: Actor, ref: BaselineRef): Promise<Baseline | null> {
    authorize(actor, "reading baselines", "READER");
    return scope.readTransaction(async (tx) => (await findByRef(tx, ref)) ?? null);
  }

  async content(scope: DbScope, actor: Actor, ref: BaselineRef): Promise<Snapshot> {
    authorize(actor, "reading baselines", "READER");
    return scope.readTransaction(async (tx) =>
      loadBaselineContent(tx, (await mustFind(tx, ref, "baseline")).id),
    );
  }

  /** A page of a baseline's CIs, by key; NOT_FOUND when no baseline has the id. */
  async items(
    scope: DbScope,
    actor: Actor,
    id: string,
    page: PageRequest,
  ): Promise<Page<SnapshotCi>> {
    authorize(actor, "reading baselines", "READER");
    checkPageSize(page.first, MAX_BASELINE_ITEM_PAGE);
    const after =
      page.after === null
        ? null
        : (decodeCursor(BASELINE_ITEM_LIST, page.after, ["s"])[0] as string);
    const { baseline, rows } = await scope.readTransaction(async (tx) => ({
      baseline: await mustFind(tx, { id }, "baseline"),
      rows: await listBaselineItemsPage(tx, id, after, page.first + 1),
    }));
    return pageFromRows(
      rows,
      page,
      BASELINE_ITEM_LIST,
      (c) => [c.fields.key],
      // a baseline never changes: the count it was taken with is the count
      () => Promise.resolve(baseline.ciCount),
    );
  }

  /** The drift from a baseline to now (its scope as it is now), or to another baseline. */
  async compare(
    scope: DbScope,
    actor: Actor,
    ref: BaselineRef,
    againstRef: BaselineRef | null = null,
  ): Promise<BaselineComparison> {
    authorize(actor, "comparing baselines", "READER");
    return scope.readTransaction((tx) => this.compareIn(tx, ref, againstRef));
  }

  /**
   * Drafts an RFC (the caller its requester) whose operations bring the baseline's scope back to
   * it: changed CIs get their fields back, added ones are retired, added relationships removed,
   * removed ones made again. It goes through change management like any RFC.
   */
  async restore(
    scope: DbScope,
    actor: Actor,
    ref: BaselineRef,
    opts: { title?: string | null; type?: "NORMAL" | "EMERGENCY" | null } = {},
  ): Promise<{ rfc: Rfc; baseline: Baseline }> {
    authorize(actor, "restoring a baseline", "REQUESTER");
    const plan = await scope.readTransaction(async (tx) => {
      const comparison = await this.compareIn(tx, ref, null);
      if (comparison.empty) {
        throw new ConflictError(
          `the scope of baseline ${comparison.baseline.name} has not drifted: there is nothing to restore`,
        );
      }
      return { comparison, operations: await restoreOperations(tx, comparison) };
    });
    const { baseline } = plan.comparison;
    const rfc = await this.rfcs.create(scope, actor, {
      title: opts.title ?? `Restore ${describeScope(baseline.scope)} to baseline ${baseline.name}`,
      description: `Undoes the drift from baseline ${baseline.name} (taken ${baseline.takenAt.toISOString()}): ${summarise(plan.comparison.drift)}.`,
      type: opts.type ?? "NORMAL",
      affectedCiKeys: plan.operations.affected,
      operations: plan.operations.operations,
      backOutPlan: "back out this RFC: its implementation keeps the before-images",
    });
    return { rfc, baseline };
  }

  private async compareIn(
    tx: DbTransaction,
    ref: BaselineRef,
    againstRef: BaselineRef | null,
  ): Promise<BaselineComparison> {
    const baseline = await mustFind(tx, ref, "baseline");
    const against = againstRef === null ? null : await mustFind(tx, againstRef, "against");
    const before = await loadBaselineContent(tx, baseline.id);
    const comparedAt = new Date();
    const after = against
      ? await loadBaselineContent(tx, against.id)
      : await this.snapshot(tx, baseline.scope, null, comparedAt);
    const drift = compareSnapshots(before, after);
    return { baseline, against, comparedAt, drift, empty: isEmptyDrift(drift) };
  }

  /** The CIs (not retired) of a scope and the relationships among them, now or as of an instant. */
  async snapshot(
    tx: DbTransaction,
    what: BaselineScope,
    asOf: Date | null,
    now: Date,
  ): Promise<Snapshot> {
    const ids = await this.scopeIds(tx, what, asOf);
    const cis = (
      ids.length ? await (asOf ? findCisAsOf(tx, ids, asOf) : findCisByIds(tx, ids)) : []
    )
      .filter((c) => c.lifecycle !== "RETIRED")
      .map((c): SnapshotCi => ({
        id: c.id,
        revision: c.revision,
        fields: {
          key: c.key,
          name: c.name,
          type: c.type,
          version: c.version,
          owner: c.owner,
          responsibleTeam: c.responsibleTeam,
          lifecycle: c.lifecycle,
          environment: c.environment,
          criticality: c.criticality,
          attributes: { ...c.attributes },
        },
      }));
    const byId = new Map(cis.map((c) => [c.id, c]));
    const relationships = (await listRelationshipsFromCisAt(tx, [...byId.keys()], asOf ?? now))
      .filter((r) => byId.has(r.toId))
      .map((r) => ({
        ...r,
        fromKey: byId.get(r.fromId)?.fields.key ?? r.fromId,
        toKey: byId.get(r.toId)?.fields.key ?? r.toId,
      }));
    return { cis, relationships };
  }

  /** The ids of the CIs of a scope (retired ones may be among them for a LIST or DEPENDENCIES). */
  async scopeIds(tx: DbTransaction, what: BaselineScope, asOf: Date | null): Promise<string[]> {
    const tooLarge = (): never => {
      throw new ValidationError(
        "scope",
        describeScope(what),
        `holds more than ${String(MAX_BASELINE_CIS)} CIs; take a narrower baseline`,
      );
    };
    switch (what.kind) {
      case "DEPENDENCIES": {
        const report = await this.impact.analyseInTx(tx, {
          ciKeys: [what.ciKey],
          direction: "DEPENDENCIES",
          maxDepth: what.depth,
          asOf,
        });
        if (report.truncated) {
          throw new ValidationError(
            "scope",
            describeScope(what),
            `reaches more CIs than the impact walk's node cap (${String(this.impact.limits.nodeCap)}); take a narrower baseline (a smaller depth)`,
          );
        }
        return [...report.roots.map((r) => r.id), ...report.impacted.map((i) => i.id)];
      }
      case "ENVIRONMENT":
      case "CI_TYPE": {
        let types: string[] | null = null;
        if (what.kind === "CI_TYPE") {
          const { catalogue } = await loadCatalogue(tx);
          if (!catalogue.ciType(what.ciType)) {
            throw new ValidationError("scope.ciType", what.ciType, "is not a CI type");
          }
          types = what.includeSubtypes ? catalogue.withSubtypes(what.ciType) : [what.ciType];
        }
        const ids = await listScopeCiIds(
          tx,
          { environment: what.kind === "ENVIRONMENT" ? what.environment : null, types },
          asOf,
          MAX_BASELINE_CIS + 1,
        );
        if (ids.length > MAX_BASELINE_CIS) tooLarge();
        return ids;
      }
      case "LIST": {
        for (const key of what.ciKeys) {
          if (!CI_KEY.test(key)) throw new ValidationError("scope.ciKeys", key, "is not a CI key");
        }
        const found = asOf
          ? await findCisByKeysAsOf(tx, what.ciKeys, asOf)
          : await findCisByKeys(tx, what.ciKeys);
        // a list naming CIs that do not exist is a mistake, not a smaller baseline
        const known = new Set(found.map((c) => c.key));
        const unknown = [...new Set(what.ciKeys)].filter((k) => !known.has(k));
        if (unknown.length > 0) {
          throw new ValidationError(
            "scope.ciKeys",
            unknown,
            asOf
              ? `no CI had ${unknown.length === 1 ? "this key" : "these keys"} at ${asOf.toISOString()}`
              : `no CI has ${unknown.length === 1 ? "this key" : "these keys"}`,
          );
        }
        return found.map((c) => c.id);
      }
    }
  }
}

async function findByRef(tx: DbTransaction, ref: BaselineRef): Promise<Baseline | undefined> {
  const [found] = await findBaselines(tx, "id" in ref ? { ids: [ref.id] } : { names: [ref.name] });
  return found;
}

async function mustFind(tx: DbTransaction, ref: BaselineRef, field: string): Promise<Baseline> {
  const baseline = await findByRef(tx, ref);
  if (!baseline) {
    throw new NotFoundError(
      field === "baseline" ? "baseline" : `baseline (${field})`,
      describeBaselineRef(ref),
    );
  }
  return baseline;
}

/** The field that puts a CI in a scope of each kind (DEPENDENCIES: its relationships). */
const SCOPE_FIELD: Record<BaselineScope["kind"], "environment" | "type" | "key" | null> = {
  DEPENDENCIES: null,
  ENVIRONMENT: "environment",
  CI_TYPE: "type",
  LIST: "key",
};

function summarise(d: Drift): string {
  const parts: [number, string][] = [
    [d.changedCis.length, "CI(s) changed"],
    [d.addedCis.length, "CI(s) added"],
    [d.removedCis.length, "CI(s) removed"],
    [d.addedRelationships.length, "relationship(s) added"],
    [d.removedRelationships.length, "relationship(s) removed"],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${String(n)} ${what}`)
    .join(", ");
}

/**
 * The operations that undo a drift, in an order that validates: remove added relationships,
 * give CIs their baseline fields back (keys and lifecycle included), make removed relationships
 * again, retire added CIs.
 */
async function restoreOperations(
  tx: DbTransaction,
  comparison: BaselineComparison,
): Promise<{ operations: Record<string, unknown>[]; affected: string[] }> {
  const { drift, baseline } = comparison;
  const then = new Map((await loadBaselineContent(tx, baseline.id)).cis.map((c) => [c.id, c]));
  const restoreIds = [...drift.changedCis.map((c) => c.id), ...drift.removedCis.map((c) => c.id)];
  const now = new Map(
    (restoreIds.length ? await findCisByIds(tx, restoreIds) : []).map((c) => [c.id, c]),
  );
  const operations: Record<string, unknown>[] = [];
  const affected = new Set<string>();

  // a relationship made since goes; one that existed then is in the drift only because its ends
  // joined the scope, and stays
  const at = baseline.asOf ?? baseline.takenAt;
  for (const r of drift.addedRelationships) {
    const found = await findRelationship(tx, r.fromId, r.id);
    if (found && found.validFrom <= at) continue;
    operations.push({ kind: "REMOVE_RELATIONSHIP", relationshipId: r.id });
  }
  for (const id of restoreIds) {
    const was = then.get(id);
    const is = now.get(id);
    if (!was || !is) continue;
    const changes = restorePatch(was.fields, is);
    if (Object.keys(changes).length === 0) continue;
    operations.push({ kind: "UPDATE_CI", ciKey: is.key, changes, revision: is.revision });
    affected.add(is.key);
  }
  const readd = drift.removedRelationships;
  const inForce = await findCurrentRelationships(
    tx,
    readd.map((r, index) => ({ index, fromId: r.fromId, toId: r.toId, type: r.type })),
  );
  readd.forEach((r, index) => {
    if (!inForce.has(index)) {
      operations.push({
        kind: "ADD_RELATIONSHIP",
        fromKey: r.fromKey,
        toKey: r.toKey,
        type: r.type,
      });
    }
  });
  // an added CI made since is retired; one that existed then leaves the scope the way it came in
  // (a relationship removed above, or the field that puts it in the scope restored)
  const added = drift.addedCis.map((c) => c.id);
  const existed = new Map(
    (added.length ? await findCisAsOf(tx, added, at) : []).map((c) => [c.id, c]),
  );
  const addedNow = new Map(
    (added.length ? await findCisByIds(tx, added) : []).map((c) => [c.id, c]),
  );
  for (const c of drift.addedCis) {
    const was = existed.get(c.id);
    const is = addedNow.get(c.id);
    if (!was || was.lifecycle === "RETIRED") {
      operations.push({ kind: "RETIRE_CI", ciKey: c.key });
      affected.add(c.key);
      continue;
    }
    if (!is) continue;
    const field = SCOPE_FIELD[baseline.scope.kind];
    if (field === null || was[field] === is[field]) continue;
    operations.push({
      kind: "UPDATE_CI",
      ciKey: is.key,
      changes: { [field]: was[field] },
      revision: is.revision,
    });
    affected.add(is.key);
  }
  return { operations, affected: [...affected] };
}
