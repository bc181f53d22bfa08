import type { Actor } from "../../domain/actor.js";
import {
  type BeforeImage,
  REVIEW_OUTCOMES,
  outsideWindow,
  rfcName,
  type Assessment,
  type Rfc,
  type ReviewOutcome,
  type WindowOverride,
} from "../../domain/change/rfc.js";
import { ConflictError, ValidationError } from "../../domain/errors.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  countRetrospectivesOverdue,
  listRetrospectivesOverdue,
  readCiRevisions,
  type NewRfcEvent,
} from "../../neo4j/change.repository.js";
import { lockCisByIds } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { ChangePolicy } from "../../config/config.js";
import { applyOperations, backOutImages, OperationFailed } from "./rfc-implementation.js";
import { transition, event, clip, requiredText } from "./rfc-transition.js";
import { refuseIfStale } from "./assessment-staleness.js";
import { windowText, refuseInFreeze } from "./planned-window.js";

/**
 * Implementation inside the scheduled window, back-out, closing with the review, and the
 * retrospective an EMERGENCY change owes.
 */
export class ImplementationService {
  constructor(
    private readonly policy: ChangePolicy,
    private readonly catalogue: CatalogueService,
  ) {}

  /**
   * Applies the operations to the CMDB in one transaction, each CI version and relationship
   * stamped with the RFC, keeping a before-image of each. If any fails, nothing is written to the
   * CMDB and the RFC is FAILED with the reason (in a transaction of its own). Only inside the
   * RFC's planned window, unless EMERGENCY or an ADMIN overrides the window with a reason.
   */
  async implement(
    scope: DbScope,
    actor: Actor,
    id: string,
    opts: { forRelease?: string; windowOverride?: { reason: string } | null } = {},
  ): Promise<Rfc> {
    const overrideReason = opts.windowOverride
      ? requiredText("windowOverride.reason", opts.windowOverride.reason, 2000)
      : null;
    if (overrideReason !== null) {
      authorize(actor, "implementing an RFC outside its window", "ADMIN");
    }
    let override: WindowOverride | null = null;
    try {
      return await transition(
        scope,
        actor,
        id,
        "implement",
        overrideReason,
        async (tx, rfc, meta) => {
          if (rfc.releaseId !== null && opts.forRelease !== rfc.releaseId) {
            throw new ConflictError(
              `${rfcName(rfc)} deploys a release: it is implemented by deployRelease, behind the release's gates`,
              { releaseId: rfc.releaseId },
            );
          }
          override = windowOverrideFor(rfc, actor, new Date(meta.now), overrideReason);
          const assessment = rfc.assessment as Assessment;
          // hold the whole impact set while checking it and writing: nothing under the assessment
          // can move between the check and the commit
          await lockCisByIds(tx, Object.keys(assessment.revisions));
          await refuseIfStale(tx, rfc, "implemented");
          await refuseInFreeze(tx, rfc, assessment, "implemented");
          const { catalogue } = await loadCatalogue(tx);
          const images = await applyOperations(tx, catalogue, rfc.operations, {
            ...meta,
            rfcId: rfc.id,
            reason: clip(`${rfcName(rfc)}: ${rfc.title}`),
          });
          this.catalogue.forget();
          const at = new Date(meta.now);
          return {
            rfc: {
              ...rfc,
              state: "IMPLEMENTED" as const,
              implementation: { at, by: actor.user, images: await withRelRevisions(tx, images) },
              attemptedAt: at,
              failureReason: null,
              windowOverride: override,
            },
            events: overrideEvents(rfc, override),
          };
        },
      );
    } catch (e) {
      if (!(e instanceof OperationFailed)) throw e;
      const reason = e.message.length > 4000 ? `${e.message.slice(0, 3999)}…` : e.message;
      const used: WindowOverride | null = override;
      return transition(scope, actor, id, "implement", reason, (_tx, rfc, meta) =>
        Promise.resolve({
          rfc: {
            ...rfc,
            state: "FAILED" as const,
            attemptedAt: new Date(meta.now),
            failureReason: reason,
            windowOverride: used,
          },
          events: overrideEvents(rfc, used),
        }),
      );
    }
  }

  /** Restores the before-images in one transaction; refuses, listing them, on later changes. */
  async backOut(scope: DbScope, actor: Actor, id: string, reason: string): Promise<Rfc> {
    const why = requiredText("reason", reason, 4000);
    return transition(scope, actor, id, "backOut", why, async (tx, rfc, meta) => {
      const { catalogue } = await loadCatalogue(tx);
      await backOutImages(tx, catalogue, rfc.implementation?.images ?? [], {
        ...meta,
        rfcId: rfc.id,
        reason: `back-out of ${rfcName(rfc)}: ${why}`,
      });
      return { rfc: { ...rfc, state: "BACKED_OUT" as const }, events: [] };
    });
  }

  /** Closes the RFC with its post-implementation review. */
  async close(
    scope: DbScope,
    actor: Actor,
    id: string,
    review: { outcome: string; notes: string },
  ): Promise<Rfc> {
    if (!REVIEW_OUTCOMES.includes(review.outcome as ReviewOutcome)) {
      throw new ValidationError(
        "review.outcome",
        review.outcome,
        `must be one of ${REVIEW_OUTCOMES.join(", ")}`,
      );
    }
    const notes = requiredText("review.notes", review.notes, 20_000);
    return transition(scope, actor, id, "close", notes, (_tx, rfc, meta) => {
      return Promise.resolve({
        rfc: {
          ...rfc,
          state: "CLOSED" as const,
          closedFrom: rfc.state,
          review: {
            at: new Date(meta.now),
            by: actor.user,
            outcome: review.outcome as ReviewOutcome,
            notes,
          },
        },
        events: [],
      });
    });
  }

  /** Records the retrospective review an EMERGENCY change owes once carried out. */
  async recordRetrospective(scope: DbScope, actor: Actor, id: string, notes: string): Promise<Rfc> {
    const text = requiredText("notes", notes, 20_000);
    return transition(scope, actor, id, "recordRetrospective", null, (_tx, rfc, meta) => {
      if (rfc.type !== "EMERGENCY") {
        throw new ValidationError(
          "id",
          id,
          `${rfcName(rfc)} is ${rfc.type}; only EMERGENCY changes get a retrospective`,
        );
      }
      if (rfc.retrospective) {
        throw new ConflictError(`${rfcName(rfc)} already has its retrospective review`);
      }
      return Promise.resolve({
        rfc: { ...rfc, retrospective: { at: new Date(meta.now), by: actor.user, notes: text } },
        events: [event(rfc, "RETROSPECTIVE", null, null, text)],
      });
    });
  }

  /** EMERGENCY RFCs carried out longer ago than the policy allows, still without a retrospective. */
  async retrospectivesOverdue(
    scope: DbScope,
    actor: Actor,
    page: PageRequest,
    now = new Date(),
  ): Promise<Page<Rfc>> {
    authorize(actor, "reading RFCs", "READER");
    checkPageSize(page.first, MAX_OVERDUE_PAGE);
    const before = new Date(now.getTime() - this.policy.retrospectiveDueHours * 3_600_000);
    const after = page.after === null ? null : decodeCursor(OVERDUE_LIST, page.after, ["s", "n"]);
    const rows = await scope.readTransaction((tx) =>
      listRetrospectivesOverdue(tx, before, {
        after: after ? { at: after[0] as string, number: after[1] as number } : null,
        limit: page.first + 1,
      }),
    );
    return pageFromRows(
      rows,
      page,
      OVERDUE_LIST,
      (r) => [r.attemptedAt?.toISOString() ?? "", r.number],
      () => scope.readTransaction((tx) => countRetrospectivesOverdue(tx, before)),
    );
  }
}

/** The most overdue EMERGENCY reviews one page lists. */
export const MAX_OVERDUE_PAGE = 200;
const OVERDUE_LIST = "overdueEmergencyReviews";

/**
 * The window rule of an implementation: refused outside the RFC's window unless an ADMIN gave a
 * reason to override it (the override is then returned, to be kept); an override where the rule
 * does not apply is refused too, so that none is recorded for nothing.
 */
function windowOverrideFor(
  rfc: Rfc,
  actor: Actor,
  now: Date,
  reason: string | null,
): WindowOverride | null {
  const outside = outsideWindow(rfc, now);
  if (outside === null) {
    if (reason !== null) {
      throw new ValidationError(
        "windowOverride",
        { reason },
        rfc.type === "EMERGENCY"
          ? `${rfcName(rfc)} is EMERGENCY: it may be implemented at any time, without an override`
          : `${rfcName(rfc)} is inside its window (${windowText(rfc)}): it needs no override`,
      );
    }
    return null;
  }
  const window = `${outside.plannedStart.toISOString()} – ${outside.plannedEnd.toISOString()}`;
  if (reason === null) {
    throw new ConflictError(
      `${rfcName(rfc)} may be implemented only inside its window ${window}; it is now ${now.toISOString()} (${now < outside.plannedStart ? "too early" : "too late"}: assess and schedule it for another window, or an ADMIN overrides the window with a reason)`,
      { plannedStart: outside.plannedStart, plannedEnd: outside.plannedEnd, now },
    );
  }
  return { at: now, by: actor.user, reason, ...outside };
}

function overrideEvents(rfc: Rfc, override: WindowOverride | null): NewRfcEvent[] {
  if (override === null) return [];
  const text = `implemented at ${override.at.toISOString()}, outside its window ${override.plannedStart.toISOString()} – ${override.plannedEnd.toISOString()}, by ${override.by}'s override: ${override.reason}`;
  return [event(rfc, "WINDOW_OVERRIDE", null, null, text)];
}

/** Records, on each CI's last image, its relationship revision as the implementation left it. */
async function withRelRevisions(
  tx: DbTransaction,
  images: readonly BeforeImage[],
): Promise<BeforeImage[]> {
  const ids = [...new Set(images.flatMap((i) => (i.kind === "CI" ? [i.ciId] : [])))];
  const now = await readCiRevisions(tx, ids);
  const last = new Map<string, number>();
  images.forEach((i, index) => {
    if (i.kind === "CI") last.set(i.ciId, index);
  });
  return images.map((i, index) =>
    i.kind === "CI" && last.get(i.ciId) === index
      ? { ...i, relRevisionAfter: now.get(i.ciId)?.revisions[1] ?? 0 }
      : i,
  );
}
