import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { sameUser } from "../../domain/user-name.js";
import type { Rfc } from "../../domain/change/rfc.js";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../domain/errors.js";
import {
  checkReleaseTransition,
  parseRelease,
  releaseAllowedFrom,
  RELEASE_STATUSES,
  releaseFrequency,
  type Deployment,
  type Release,
  type ReleaseAction,
  type ReleaseStatus,
  type ServiceFrequency,
  type Stage,
} from "../../domain/release/release.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import { findRfcsByIds } from "../../neo4j/change.repository.js";
import { findCisByIds, findCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  countReleases,
  findReleases,
  listReleases,
  lockRelease,
  saveRelease,
  type ReleaseQuery,
} from "../../neo4j/release.repository.js";
import { authorize } from "../authorization.js";
import type { BaselineRef, BaselineService } from "../baseline/baseline.service.js";
import type { ImplementationService } from "../change/implementation.service.js";
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

const BUSINESS_SERVICE = "BusinessService";
/** The most releases one page of the releases list holds. */
export const MAX_RELEASE_PAGE = 100;
/** The most releases a calendar period may hold (a longer list is refused, never cut). */
export const MAX_CALENDAR_RELEASES = 1000;
const RELEASE_LIST = "releases";

/** How a caller names a release: by its id, or by its name and version. */
export type ReleaseRef =
  { readonly id: string } | { readonly name: string; readonly version: string };

export function describeReleaseRef(ref: ReleaseRef): string {
  return "id" in ref ? ref.id : `${ref.name} ${ref.version}`;
}

export interface ReleaseCalendar {
  readonly from: Date;
  readonly to: Date;
  readonly releases: Release[];
  readonly frequency: ServiceFrequency[];
}

/** A gate a deployment needs and does not have. */
export type Gate =
  "PREPARED_RFC" | "APPROVED_RFC" | "TEST_DEPLOYMENT" | "ACCEPTANCE" | "PRODUCTION_BASELINE";

/**
 * Release and deployment management: releases move software CIs to versions through RFCs, to
 * TEST then PRODUCTION, behind gates; a production deployment can be rolled back.
 */
export class ReleaseService {
  constructor(
    private readonly impact: ImpactService,
    private readonly rfcs: RfcService,
    private readonly implementations: ImplementationService,
    private readonly baselines: BaselineService,
  ) {}

  async create(scope: DbScope, actor: Actor, input: Record<string, unknown>): Promise<Release> {
    authorize(actor, "planning a release", "REQUESTER", "EDITOR");
    const parsed = parseRelease(input);
    throwIfInvalid(parsed.issues);
    const p = parsed.release as NonNullable<typeof parsed.release>;
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      if ((await findReleases(tx, [], `${p.name} ${p.version}`)).length > 0) {
        throw new ConflictError(`release ${p.name} ${p.version} already exists`, {
          field: "version",
          value: p.version,
        });
      }
      const cis = await findCisByKeys(
        tx,
        p.contents.map((c) => c.ciKey),
      );
      const contents = p.contents.map((entry, i) => {
        const ci = cis.find((c) => c.key === entry.ciKey);
        if (!ci)
          throw new ValidationError(
            `contents[${String(i)}].ciKey`,
            entry.ciKey,
            "no CI has this key",
          );
        if (ci.lifecycle === "RETIRED") {
          throw new ValidationError(`contents[${String(i)}].ciKey`, entry.ciKey, "is RETIRED");
        }
        return { ciKey: ci.key, ciId: ci.id, version: entry.version };
      });
      const rfcs = p.rfcIds.length ? await findRfcsByIds(tx, p.rfcIds) : [];
      for (const id of p.rfcIds) {
        if (!rfcs.some((r) => r.id === id))
          throw new ValidationError("rfcIds", id, "no RFC has this id");
      }
      const serviceKeys = await this.servicesHit(
        tx,
        contents.map((c) => c.ciId),
      );
      const release = await saveRelease(
        tx,
        {
          id: randomUUID(),
          name: p.name,
          version: p.version,
          type: p.type,
          plannedDate: p.plannedDate,
          status: "PLANNED",
          description: p.description,
          contents,
          deploymentPlan: p.deploymentPlan,
          rollbackPlan: p.rollbackPlan,
          rfcs: p.rfcIds.map((rfcId) => ({ rfcId, stage: null })),
          deployments: [],
          serviceKeys,
        },
        meta,
      );
      await audit(tx, "CREATE", null, release, meta);
      return release;
    });
  }

  /** A release by id, or by name and version. */
  async get(scope: DbScope, actor: Actor, ref: ReleaseRef): Promise<Release | null> {
    authorize(actor, "reading releases", "READER");
    return scope.readTransaction(async (tx) => (await findByRef(tx, ref)) ?? null);
  }

  /** A page of the releases, by planned date (then name and version), in some statuses. */
  async list(
    scope: DbScope,
    actor: Actor,
    filter: { statuses?: readonly string[] | null },
    page: PageRequest,
  ): Promise<Page<Release>> {
    authorize(actor, "reading releases", "READER");
    checkPageSize(page.first, MAX_RELEASE_PAGE);
    const query = releaseQuery(filter.statuses ?? null, null, null);
    const after =
      page.after === null ? null : decodeCursor(RELEASE_LIST, page.after, ["s", "s", "s"]);
    const key = after
      ? { plannedDate: after[0] as string, name: after[1] as string, version: after[2] as string }
      : null;
    if (key && Number.isNaN(Date.parse(key.plannedDate))) {
      throw new ValidationError("after", page.after, `is not a cursor of the ${RELEASE_LIST} list`);
    }
    const rows = await scope.readTransaction((tx) =>
      listReleases(tx, query, { after: key, limit: page.first + 1 }),
    );
    return pageFromRows(
      rows,
      page,
      RELEASE_LIST,
      (r) => [r.plannedDate.toISOString(), r.name, r.version],
      () => scope.readTransaction((tx) => countReleases(tx, query)),
    );
  }

  /**
   * What ships when, and how often per business service (EMERGENCY releases counted apart); a
   * period holding more than MAX_CALENDAR_RELEASES is refused (VALIDATION naming `to`).
   */
  async calendar(scope: DbScope, actor: Actor, from: Date, to: Date): Promise<ReleaseCalendar> {
    authorize(actor, "reading releases", "READER");
    if (to <= from) throw new ValidationError("to", to.toISOString(), "must be after from");
    const releases = await scope.readTransaction((tx) =>
      listReleases(tx, releaseQuery(null, from, to), {
        after: null,
        limit: MAX_CALENDAR_RELEASES + 1,
      }),
    );
    if (releases.length > MAX_CALENDAR_RELEASES) {
      throw new ValidationError(
        "to",
        to.toISOString(),
        `the period holds more than ${String(MAX_CALENDAR_RELEASES)} releases; ask for a shorter one`,
      );
    }
    return { from, to, releases, frequency: releaseFrequency(releases) };
  }

  async build(scope: DbScope, actor: Actor, ref: ReleaseRef): Promise<Release> {
    return this.step(scope, actor, ref, "build", ["REQUESTER", "EDITOR"], (r) => ({
      ...r,
      status: "BUILT",
    }));
  }

  /** Accepts a release tested in TEST (APPROVER): it may then go to PRODUCTION. */
  async accept(scope: DbScope, actor: Actor, ref: ReleaseRef): Promise<Release> {
    return this.step(scope, actor, ref, "accept", ["APPROVER"], (r) => {
      // not the planner, under any spelling, nor through a token the planner issued
      if (sameUser(r.createdBy, actor.user) || sameUser(r.createdBy, actor.issuedBy)) {
        throw new ForbiddenError(
          sameUser(r.createdBy, actor.user)
            ? `${actor.user} planned release ${r.name} ${r.version} and cannot accept it`
            : `${actor.user}'s token was issued by ${r.createdBy}, who planned release ${r.name} ${r.version}: it cannot accept it`,
        );
      }
      return { ...r, status: "ACCEPTED" };
    });
  }

  /** Closes a release; an EMERGENCY one only once its production RFCs have their retrospective. */
  async close(scope: DbScope, actor: Actor, ref: ReleaseRef): Promise<Release> {
    const release = await scope.readTransaction((tx) => mustFind(tx, ref));
    if (release.type === "EMERGENCY") {
      const deployed = release.deployments
        .filter((d) => d.stage === "PRODUCTION")
        .map((d) => d.rfcId);
      const rfcs = await scope.readTransaction((tx) => findRfcsByIds(tx, [...new Set(deployed)]));
      const owing = rfcs
        .filter((r) => r.retrospective === null)
        .map((r) => `RFC-${String(r.number)}`);
      if (owing.length > 0) {
        throw new ConflictError(
          `release ${release.name} ${release.version} is EMERGENCY: ${owing.join(", ")} still owe their retrospective review`,
          { owing },
        );
      }
    }
    return this.step(scope, actor, ref, "close", ["REQUESTER", "EDITOR"], (r) => ({
      ...r,
      status: "CLOSED",
    }));
  }

  /** Cancels a release and, in the same transaction, the open RFCs that would deploy it. */
  async cancel(scope: DbScope, actor: Actor, ref: ReleaseRef): Promise<Release> {
    return this.step(scope, actor, ref, "cancel", ["REQUESTER", "EDITOR"], async (r, tx) => {
      await this.rfcs.cancelForRelease(
        tx,
        actor,
        r,
        r.rfcs.map((l) => l.rfcId),
      );
      return { ...r, status: "CANCELLED" };
    });
  }

  /**
   * Drafts the RFC that deploys the release to a stage: it moves each CI of the contents in that
   * stage (its lifecycle TEST or PRODUCTION) to its version. The RFC is linked to the release and
   * goes through change management like any other.
   */
  async prepareDeployment(
    scope: DbScope,
    actor: Actor,
    ref: ReleaseRef,
    stage: Stage,
  ): Promise<{ rfc: Rfc; release: Release }> {
    authorize(actor, "preparing a deployment", "REQUESTER");
    const release = await scope.readTransaction(async (tx) => mustFind(tx, ref));
    checkReleaseTransition(release, "prepare");
    const cis = await scope.readTransaction((tx) =>
      findCisByIds(
        tx,
        release.contents.map((c) => c.ciId),
      ),
    );
    const entries = release.contents.filter(
      (c) => cis.find((ci) => ci.id === c.ciId)?.lifecycle === stage,
    );
    if (entries.length === 0) {
      throw new ValidationError(
        "stage",
        stage,
        `no CI of release ${release.name} ${release.version} is in ${stage}`,
      );
    }
    const rfc = await this.rfcs.create(
      scope,
      actor,
      {
        title: `Deploy ${release.name} ${release.version} to ${stage}`,
        description: `Release ${release.name} ${release.version} (${release.type}): ${entries.map((e) => `${e.ciKey} → ${e.version}`).join(", ")}`,
        type: release.type === "EMERGENCY" ? "EMERGENCY" : "NORMAL",
        affectedCiKeys: entries.map((e) => e.ciKey),
        operations: entries.map((e) => ({
          kind: "UPDATE_CI",
          ciKey: e.ciKey,
          changes: { version: e.version },
        })),
        backOutPlan:
          release.rollbackPlan ?? `back out this RFC (release ${release.name} ${release.version})`,
        plannedStart: release.plannedDate.toISOString(),
        plannedEnd: new Date(release.plannedDate.getTime() + 4 * 3_600_000).toISOString(),
      },
      { releaseId: release.id },
    );
    const meta = writeMeta(actor, null);
    const linked = await scope.writeTransaction(async (tx) => {
      const current = await mustLock(tx, { id: release.id });
      const saved = await saveRelease(
        tx,
        { ...current, rfcs: [...current.rfcs, { rfcId: rfc.id, stage }] },
        meta,
      );
      await audit(tx, "PREPARE_DEPLOYMENT", current, saved, meta);
      return saved;
    });
    return { rfc, release: linked };
  }

  /**
   * Deploys the release to a stage by implementing its approved RFC, once every gate is met:
   * an RFC prepared for that stage and approved (scheduled); for PRODUCTION, a successful TEST
   * deployment and the release accepted (an EMERGENCY release too) and a baseline of the
   * production scope taken after it. Each refusal names the missing gate. The RFC is implemented inside its window, as any
   * other (an ADMIN may override it). A failed implementation is recorded as a failed
   * deployment and leaves the CMDB as it was.
   */
  async deploy(
    scope: DbScope,
    actor: Actor,
    ref: ReleaseRef,
    input: {
      stage: Stage;
      rfcId: string;
      baseline?: BaselineRef | null;
      windowOverride?: { reason: string } | null;
    },
  ): Promise<Release> {
    authorize(actor, "deploying a release", "EDITOR");
    const action: ReleaseAction = input.stage === "TEST" ? "deployTest" : "deployProduction";
    const { release, rfc, baselineId } = await scope.readTransaction(async (tx) => {
      const release = await mustFind(tx, ref);
      checkReleaseTransition(release, action);
      const refuse = (gate: Gate, missing: string): never => {
        throw new ConflictError(
          `release ${release.name} ${release.version} cannot be deployed to ${input.stage}: missing gate ${gate}: ${missing}`,
          { gate, stage: input.stage },
        );
      };
      const link = release.rfcs.find((r) => r.rfcId === input.rfcId);
      if (!link || link.stage !== input.stage) {
        refuse(
          "PREPARED_RFC",
          `RFC ${input.rfcId} was not prepared for its ${input.stage} deployment (prepareReleaseDeployment)`,
        );
      }
      const [rfc] = await findRfcsByIds(tx, [input.rfcId]);
      if (!rfc) throw new NotFoundError("RFC", input.rfcId);
      const ready =
        rfc.state === "SCHEDULED" ||
        rfc.state === "IMPLEMENTED" ||
        (rfc.type === "EMERGENCY" && rfc.state === "APPROVED");
      if (!ready)
        refuse(
          "APPROVED_RFC",
          `RFC-${String(rfc.number)} is ${rfc.state}; it must be approved and scheduled`,
        );
      let baselineId: string | null = null;
      if (input.stage === "PRODUCTION") {
        const tested = release.deployments.filter(
          (d) => d.stage === "TEST" && d.outcome === "SUCCEEDED",
        );
        const lastTest = tested[tested.length - 1] ?? null;
        if (!lastTest)
          refuse("TEST_DEPLOYMENT", "no successful deployment of this release to TEST");
        if (release.status !== "ACCEPTED") {
          refuse(
            "ACCEPTANCE",
            `the release is ${release.status}; an APPROVER accepts it after TEST`,
          );
        }
        if (!input.baseline) {
          refuse(
            "PRODUCTION_BASELINE",
            "name the baseline of the production scope taken just before (baseline)",
          );
        }
        const named = input.baseline as BaselineRef;
        const baseline = await this.baselines.get(scope, actor, named);
        if (!baseline) {
          refuse("PRODUCTION_BASELINE", `no baseline ${"id" in named ? named.id : named.name}`);
        }
        const b = baseline as NonNullable<typeof baseline>;
        if (b.asOf !== null || (lastTest && b.takenAt < lastTest.at)) {
          refuse(
            "PRODUCTION_BASELINE",
            `baseline ${b.name} was not taken after the TEST deployment`,
          );
        }
        const held = new Map(
          (await this.baselines.content(scope, actor, { id: b.id })).cis.map((c) => [
            c.id,
            c.revision,
          ]),
        );
        const prod = (
          await findCisByIds(
            tx,
            release.contents.map((c) => c.ciId),
          )
        ).filter((c) => c.lifecycle === "PRODUCTION");
        const outside = prod.filter((c) => !held.has(c.id)).map((c) => c.key);
        if (outside.length > 0) {
          refuse("PRODUCTION_BASELINE", `baseline ${b.name} does not hold ${outside.join(", ")}`);
        }
        // "just before": nothing the release changes moved since the baseline was taken
        const moved = prod.filter((c) => held.get(c.id) !== c.revision).map((c) => c.key);
        if (moved.length > 0) {
          refuse(
            "PRODUCTION_BASELINE",
            `baseline ${b.name} is older than the last change to ${moved.join(", ")}: take one now`,
          );
        }
        baselineId = b.id;
      }
      return { release, rfc, baselineId };
    });

    const implemented =
      rfc.state === "IMPLEMENTED"
        ? rfc
        : await this.implementations.implement(scope, actor, rfc.id, {
            forRelease: release.id,
            windowOverride: input.windowOverride ?? null,
          });
    const succeeded = implemented.state === "IMPLEMENTED";
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const current = await mustLock(tx, { id: release.id });
      const deployment: Deployment = {
        stage: input.stage,
        rfcId: rfc.id,
        at: new Date(meta.now),
        by: actor.user,
        outcome: succeeded ? "SUCCEEDED" : "FAILED",
        baselineId,
        detail: succeeded ? null : implemented.failureReason,
      };
      // the release may have moved (cancelled) while the RFC was implemented: record, keep status
      const stillAllowed = releaseAllowedFrom(action).includes(current.status);
      const status: ReleaseStatus =
        !succeeded || !stillAllowed
          ? current.status
          : input.stage === "TEST"
            ? "DEPLOYED_TO_TEST"
            : "DEPLOYED_TO_PRODUCTION";
      const saved = await saveRelease(
        tx,
        { ...current, status, deployments: [...current.deployments, deployment] },
        meta,
      );
      await audit(tx, `DEPLOY_${input.stage}`, current, saved, meta);
      return saved;
    });
  }

  /**
   * Rolls a production deployment back: backs out its RFC (the before-images, which the
   * baseline taken just before also holds) in one transaction, refusing with the conflicts when
   * later writes touched the same data; the baseline can then be compared to confirm.
   */
  async rollback(scope: DbScope, actor: Actor, ref: ReleaseRef, reason: string): Promise<Release> {
    authorize(actor, "rolling back a release", "EDITOR");
    const release = await scope.readTransaction((tx) => mustFind(tx, ref));
    checkReleaseTransition(release, "rollback");
    const prod = [...release.deployments]
      .reverse()
      .find((d) => d.stage === "PRODUCTION" && d.outcome === "SUCCEEDED");
    if (!prod)
      throw new ConflictError(
        `release ${release.name} ${release.version} has no production deployment to roll back`,
      );
    // a rollback whose back-out committed but whose record did not can be run again
    const [rfc] = await scope.readTransaction((tx) => findRfcsByIds(tx, [prod.rfcId]));
    if (rfc?.state !== "BACKED_OUT")
      await this.implementations.backOut(scope, actor, prod.rfcId, reason);
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const current = await mustLock(tx, { id: release.id });
      const saved = await saveRelease(
        tx,
        {
          ...current,
          status: "ROLLED_BACK",
          deployments: [
            ...current.deployments,
            {
              ...prod,
              at: new Date(meta.now),
              by: actor.user,
              outcome: "ROLLED_BACK",
              detail: reason,
            },
          ],
        },
        meta,
      );
      await audit(tx, "ROLLBACK", current, saved, meta);
      return saved;
    });
  }

  private async step(
    scope: DbScope,
    actor: Actor,
    ref: ReleaseRef,
    action: ReleaseAction,
    roles: ("REQUESTER" | "EDITOR" | "APPROVER")[],
    next: (r: Release, tx: DbTransaction) => Release | Promise<Release>,
  ): Promise<Release> {
    authorize(actor, `'${action}' on a release`, ...roles);
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const current = await mustLock(tx, ref);
      checkReleaseTransition(current, action);
      const saved = await saveRelease(tx, await next(current, tx), meta);
      await audit(tx, action.toUpperCase(), current, saved, meta);
      return saved;
    });
  }

  /** The business services the contents impact (and those among the contents). */
  private async servicesHit(tx: DbTransaction, ciIds: string[]): Promise<string[]> {
    if (ciIds.length === 0) return [];
    const report = await this.impact.analyseInTx(tx, { ciIds, direction: "DEPENDENTS" });
    const own = report.roots.filter((r) => r.type === BUSINESS_SERVICE).map((r) => r.key);
    return [...new Set([...own, ...report.businessServices.map((s) => s.key)])].sort();
  }
}

async function findByRef(tx: DbTransaction, ref: ReleaseRef): Promise<Release | undefined> {
  const [r] =
    "id" in ref
      ? await findReleases(tx, [ref.id])
      : await findReleases(tx, [], `${ref.name} ${ref.version}`);
  return r;
}

async function mustFind(tx: DbTransaction, ref: ReleaseRef): Promise<Release> {
  const r = await findByRef(tx, ref);
  if (!r) throw new NotFoundError("release", describeReleaseRef(ref));
  return r;
}

async function mustLock(tx: DbTransaction, ref: ReleaseRef): Promise<Release> {
  const found = await mustFind(tx, ref);
  const r = await lockRelease(tx, found.id);
  if (!r) throw new NotFoundError("release", describeReleaseRef(ref));
  return r;
}

function releaseQuery(
  statuses: readonly string[] | null,
  from: Date | null,
  to: Date | null,
): ReleaseQuery {
  for (const s of statuses ?? []) {
    if (!RELEASE_STATUSES.includes(s as ReleaseStatus)) {
      throw new ValidationError(
        "filter.statuses",
        s,
        `must be one of ${RELEASE_STATUSES.join(", ")}`,
      );
    }
  }
  return { from, to, statuses: statuses?.length ? (statuses as ReleaseStatus[]) : null };
}

async function audit(
  tx: DbTransaction,
  operation: string,
  before: Release | null,
  after: Release,
  meta: WriteMeta,
): Promise<void> {
  await recordAuditEntries(
    tx,
    [
      {
        operation,
        targetType: "RELEASE",
        targetId: after.id,
        targetKey: `${after.name} ${after.version}`,
        before,
        after,
      },
    ],
    meta,
  );
}
