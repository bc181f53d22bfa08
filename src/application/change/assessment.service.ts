import type { Actor } from "../../domain/actor.js";
import { requiredApprovals } from "../../domain/change/approval-policy.js";
import {
  rfcName,
  type AssessedItem,
  type Assessment,
  type Rfc,
  type RfcState,
} from "../../domain/change/rfc.js";
import { assessRisk } from "../../domain/change/risk.js";
import { standardChangeMisfits } from "../../domain/change/standard-change.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import { ConflictError, ValidationError } from "../../domain/errors.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import {
  findFailedRfcsOnCis,
  listStandardChanges,
  readCiRevisions,
  type CiRevisions,
} from "../../neo4j/change.repository.js";
import { findCisByIds } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import type { CatalogueService } from "../catalogue/catalogue.service.js";
import type { ImpactService } from "../impact/impact.service.js";
import type { ChangePolicy } from "../../config/config.js";
import type { ImpactFilter } from "../impact/impact.js";
import { impactShape } from "../impact/impact-shape.js";
import { authorize } from "../authorization.js";
import type { Page, PageRequest } from "../paging.js";
import {
  allAssessmentImpact,
  assessmentImpactPage,
  countsOf,
  storeAssessmentImpact,
} from "./assessment-impact.js";
import { transition, event } from "./rfc-transition.js";
import { collisionsAmong, stalenessOf, isStale } from "./assessment-staleness.js";
import { type ScheduleInput, checkWindow, sameWindow, freezesHit } from "./planned-window.js";

const BUSINESS_SERVICE = "BusinessService";

/**
 * Assessment: the impact of an RFC walked on the graph for its planned window, its risk and the
 * approvals it needs; a STANDARD change inside its template is approved at once.
 */
export class AssessmentService {
  constructor(
    private readonly policy: ChangePolicy,
    private readonly impact: ImpactService,
    private readonly catalogue: CatalogueService,
  ) {}

  /**
   * Walks the impact of the RFC on the graph as it is now, for its planned window (given here or
   * on the RFC; a NORMAL or STANDARD change needs one), stores it with the revisions it saw, and
   * computes the risk and the approvals needed. A STANDARD RFC inside its template is APPROVED at once. Approvals given on an earlier
   * assessment no longer count. An APPROVED or SCHEDULED RFC is assessed again only when the graph
   * under its assessment moved or it is given another window.
   */
  async assess(scope: DbScope, actor: Actor, id: string, window: ScheduleInput = {}): Promise<Rfc> {
    const planned = checkWindow(window);
    let made: Assessment | null = null;
    const assessed = await transition(
      scope,
      actor,
      id,
      "assess",
      null,
      async (tx, current, meta) => {
        const rfc = planned ? { ...current, ...planned } : current;
        if (rfc.type !== "EMERGENCY" && (!rfc.plannedStart || !rfc.plannedEnd)) {
          throw new ValidationError(
            "plannedStart",
            window.plannedStart ?? null,
            `${rfcName(rfc)} is a ${rfc.type} change and has no planned window: give plannedStart and plannedEnd (here or on the RFC); it is assessed, approved and scheduled for that window`,
          );
        }
        if (current.state === "APPROVED" || current.state === "SCHEDULED") {
          const previous = current.assessment as Assessment;
          if (!isStale(await stalenessOf(tx, current)) && sameWindow(previous, rfc)) {
            throw new ConflictError(
              `${rfcName(rfc)} is ${rfc.state} and nothing moved under its assessment ${String(previous.number)}, nor did a later RFC collide with it: assessing it again would only void its approvals`,
              { state: rfc.state },
            );
          }
        }
        const assessment = await this.assessment(tx, rfc, actor, meta);
        const fit = assessment.standardChange;
        const inside = fit?.inside === true;
        const state: RfcState = inside ? "APPROVED" : "ASSESSED";
        const summary = `risk ${String(assessment.risk.score)} (${assessment.risk.level}), ${String(assessment.impacted.length)} CI(s) impacted, ${String(assessment.requiredApprovals)} approval(s) needed`;
        // the impacted CIs are stored apart, a page at a time; the RFC keeps the counts
        await storeAssessmentImpact(tx, rfc.id, assessment.number, assessment.impacted);
        made = assessment;
        const events = [event(rfc, "ASSESSED", null, null, summary, assessment.number)];
        if (fit?.inside) {
          events.push(
            event(
              rfc,
              "APPROVED",
              null,
              null,
              `pre-approved: inside standard change ${fit.templateName} (revision ${String(fit.templateRevision)})`,
              assessment.number,
            ),
          );
        }
        return { rfc: { ...rfc, state, assessment }, events };
      },
    );
    // the stored RFC leaves its impacted CIs to the impact pages; the caller gets them in hand
    const impacted = (made as Assessment | null)?.impacted ?? [];
    return assessed.assessment
      ? { ...assessed, assessment: { ...assessed.assessment, impacted } }
      : assessed;
  }

  /**
   * A page of the impacted CIs of the RFC's assessment (READER): distance, level, key order,
   * filtered by levels and CI types (with subtypes; VALIDATION for an unknown one).
   */
  async impactPage(
    scope: DbScope,
    actor: Actor,
    rfcId: string,
    assessment: Assessment,
    request: PageRequest,
    filter: ImpactFilter = {},
  ): Promise<Page<AssessedItem>> {
    authorize(actor, "reading RFCs", "READER");
    let types: Set<string> | null = null;
    if (filter.ciTypes?.length) {
      const { catalogue } = await this.catalogue.read(scope, actor);
      types = new Set();
      for (const t of filter.ciTypes) {
        if (!catalogue.ciType(t))
          throw new ValidationError("filter.ciTypes", t, "is not a CI type");
        for (const s of catalogue.withSubtypes(t)) types.add(s);
      }
    }
    const levels = filter.levels?.length ? new Set(filter.levels) : null;
    return assessmentImpactPage(scope, rfcId, assessment, request, { levels, types });
  }

  /** Every impacted CI of the RFC's assessment (the deprecated whole list) (READER). */
  async allImpacted(
    scope: DbScope,
    actor: Actor,
    rfcId: string,
    assessment: Assessment,
  ): Promise<AssessedItem[]> {
    authorize(actor, "reading RFCs", "READER");
    return allAssessmentImpact(scope, rfcId, assessment);
  }

  private async assessment(
    tx: DbTransaction,
    rfc: Rfc,
    actor: Actor,
    meta: WriteMeta,
  ): Promise<Assessment> {
    const roots = rfc.touchedCiIds.length ? await findCisByIds(tx, rfc.touchedCiIds) : [];
    const report = roots.length
      ? await this.impact.analyseInTx(tx, {
          ciIds: roots.map((r) => r.id),
          direction: "DEPENDENTS",
        })
      : null;
    const { catalogue } = await this.catalogue.readForAnalysis(tx);
    const isService = (type: string): boolean =>
      catalogue.ciType(BUSINESS_SERVICE) !== undefined && catalogue.isA(type, BUSINESS_SERVICE);
    const item = (i: {
      id: string;
      key: string;
      type: string;
      criticality: number | null;
      distance: number;
      level: AssessedItem["level"];
    }): AssessedItem => ({
      id: i.id,
      key: i.key,
      type: i.type,
      criticality: i.criticality,
      distance: i.distance,
      level: i.level,
    });
    // the impacted CIs in the one shape (docs/impact-shape.md), stored apart with their paths
    const impacted: AssessedItem[] = (report?.impacted ?? []).map(impactShape);
    // the walk gives keys; risk reasons name the services people know by name
    const hit = report?.businessServices ?? [];
    const names = new Map(
      (hit.length
        ? await findCisByIds(
            tx,
            hit.map((s) => s.id),
          )
        : []
      ).map((c) => [c.id, c.name]),
    );
    const businessServices = [
      ...roots
        .filter((r) => isService(r.type))
        .map((r) => ({ ...item({ ...r, distance: 0, level: "DOWN" }), name: r.name })),
      ...hit.map((s) => ({ ...item(s), name: names.get(s.id) ?? s.key })),
    ];
    const setIds = [...new Set([...roots.map((r) => r.id), ...impacted.map((i) => i.id)])];
    const revisions: Record<string, CiRevisions> = {};
    for (const [id, r] of await readCiRevisions(tx, setIds)) revisions[id] = r.revisions;
    // as if already assessed (SUBMITTED counts as open): the RFCs its new impact set collides with
    const draft: Rfc = { ...rfc, state: "ASSESSED", assessment: { revisions } as Assessment };
    const collisions = (await collisionsAmong(tx, [draft])).get(rfc.id) ?? [];
    const freezes =
      rfc.plannedStart && rfc.plannedEnd
        ? await freezesHit(tx, rfc.plannedStart, rfc.plannedEnd, { businessServices })
        : [];
    const failures = await findFailedRfcsOnCis(tx, rfc.id, rfc.touchedCiIds);
    const risk = assessRisk({
      type: rfc.type,
      operationKinds: rfc.operations.map((o) => o.kind),
      businessServices,
      impactedCount: impacted.length,
      truncated: report?.truncated ?? false,
      earlierFailures: failures.map((n) => rfcName({ number: n })),
      collisions: collisions.map((c) => rfcName(c.rfc)),
      freezeWindows: freezes.map((f) => f.name),
    });
    let standardChange: Assessment["standardChange"] = null;
    if (rfc.standardChangeId !== null) {
      const [template] = await listStandardChanges(tx, [rfc.standardChangeId]);
      if (template) {
        const touched = [
          ...roots.filter((r) => rfc.touchedCiIds.includes(r.id)).map(keyAndType),
          ...rfc.operations.flatMap((o) =>
            o.kind === "CREATE_CI" ? [{ key: String(o.ci.key), type: String(o.ci.type) }] : [],
          ),
        ];
        const reasons = standardChangeMisfits(template, catalogue, rfc.operations, touched, {
          impacted,
          businessServices,
          truncated: report?.truncated ?? false,
        });
        // a template its requester last wrote cannot pre-approve their change
        if (template.updatedBy === rfc.requester) {
          reasons.push(
            `${rfc.requester} last defined this template and requested this change: it cannot pre-approve itself`,
          );
        }
        standardChange = {
          templateId: template.id,
          templateName: template.name,
          templateRevision: template.revision,
          inside: reasons.length === 0,
          reasons,
        };
      }
    }
    return {
      number: (rfc.assessment?.number ?? 0) + 1,
      at: new Date(meta.now),
      by: actor.user,
      roots: roots.map((r) => ({ id: r.id, key: r.key })),
      impacted,
      counts: countsOf(impacted),
      businessServices,
      truncated: report?.truncated ?? false,
      revisions,
      plannedStart: rfc.plannedStart,
      plannedEnd: rfc.plannedEnd,
      risk,
      requiredApprovals: requiredApprovals(risk.score, rfc.type, this.policy.approvalThresholds),
      standardChange,
      collidingRfcIds: collisions.map((c) => c.rfc.id),
    };
  }
}

function keyAndType(ci: ConfigurationItem): { key: string; type: string } {
  return { key: ci.key, type: ci.type };
}
