import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { historyPage } from "../../application/change/rfc-history.js";
import type { RfcReference } from "../../application/change/rfc.service.js";
import type { Rfc } from "../../domain/change/rfc.js";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { PageArgs, toConnection } from "../relay/connection.js";
import { ImpactedFilterInput } from "../impact/impact.types.js";
import { toDomainCiField } from "./change.enums.js";
import {
  ApproveRfcInput,
  AssessRfcInput,
  BackOutRfcInput,
  CancelRfcInput,
  CloseRfcInput,
  CommentOnRfcInput,
  CreateRfcInput,
  DefineFreezeWindowInput,
  DefineStandardChangeInput,
  ImplementRfcInput,
  LiftFreezeWindowInput,
  RecordEmergencyReviewInput,
  RejectRfcInput,
  RfcFilterInput,
  RfcReferenceInput,
  ScheduleRfcInput,
  SubmitRfcInput,
  UpdateRfcInput,
  type RfcContentInput,
} from "./change.inputs.js";
import {
  ApproveRfcPayload,
  AssessRfcPayload,
  BackOutRfcPayload,
  CancelRfcPayload,
  CloseRfcPayload,
  CommentOnRfcPayload,
  CreateRfcPayload,
  DefineFreezeWindowPayload,
  DefineStandardChangePayload,
  ImplementRfcPayload,
  LiftFreezeWindowPayload,
  RecordEmergencyReviewPayload,
  RejectRfcPayload,
  ScheduleRfcPayload,
  SubmitRfcPayload,
  UpdateRfcPayload,
  type RfcPayloadValue,
} from "./change.payloads.js";
import {
  AssessedItemType,
  ChangeCalendarType,
  FreezeWindowConnectionType,
  FreezeWindowType,
  RequestForChangeType,
  RfcCollisionType,
  RfcConnectionType,
  RfcEventConnectionType,
  RfcEventType,
  StandardChangeConnectionType,
  StandardChangeType,
  toFreezeWindowType,
  toRfcType,
  toStandardChangeType,
  AssessedConfigurationItemConnectionType,
  RfcAssessmentType,
  toAssessedItemType,
} from "./change.types.js";
import {
  plain,
  toCoreOperation,
  withApiOperationPaths,
  type CoreOperation,
} from "./rfc-operation.mapping.js";

function rfcReference(ref: RfcReferenceInput): RfcReference {
  // @oneOf: graphql-js has refused any other shape before the resolver runs
  if (ref.id != null) return { id: ref.id };
  if (ref.number != null) return { number: ref.number };
  throw new ValidationError("ref", ref, "name the RFC by exactly one of id or number");
}

/** The content of createRfc or updateRfc as the core reads it, operations included. */
function coreContent(input: RfcContentInput): {
  content: Record<string, unknown>;
  operations: CoreOperation[];
} {
  const { operations, ...rest } = input;
  const ops = (operations ?? []).map((op, i) => toCoreOperation(op, `operations[${String(i)}]`));
  return {
    content: { ...plain(rest), ...(operations ? { operations: ops } : {}) },
    operations: ops,
  };
}

async function loadCis(
  ctx: GraphqlContext,
  ids: readonly string[],
): Promise<ConfigurationItemType[]> {
  const found = await ctx.loaders.ciById(null).loadMany(ids);
  return found.flatMap((c) => (c && !(c instanceof Error) ? [toCiType(c, null)] : []));
}

const rfcPayload = (rfc: Rfc): RfcPayloadValue => ({ rfc: toRfcType(rfc) });

@Resolver(() => RequestForChangeType)
export class ChangeResolver {
  @Query(() => RequestForChangeType, {
    nullable: true,
    description: "One RFC by id or number (READER); null when none matches.",
  })
  async rfc(
    @Arg("ref", () => RfcReferenceInput, { description: "The RFC, by id or number." })
    ref: RfcReferenceInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    const rfc = await ctx.app.rfcs.get(ctx.scope, ctx.actor, rfcReference(ref));
    return rfc ? toRfcType(rfc) : null;
  }

  @Query(() => RfcConnectionType, {
    description: "RFCs, newest (highest number) first, a page at a time (READER).",
  })
  async rfcs(
    @Arg("filter", () => RfcFilterInput, {
      nullable: true,
      description: "What to list (null: every RFC).",
    })
    filter: RfcFilterInput | null,
    @Arg("first", () => Int, {
      defaultValue: 50,
      description: "RFCs in the page, from 1 to 200 (VALIDATION otherwise).",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page (null: the first page).",
    })
    after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcConnectionType> {
    const page = await ctx.app.rfcs.list(ctx.scope, ctx.actor, filter ?? {}, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toRfcType);
  }

  @Query(() => ChangeCalendarType, {
    description:
      "RFCs planned in a period (up to 1000), and the freeze windows in it (READER); `to` must be after `from`, at most five years later (VALIDATION).",
  })
  async changeCalendar(
    @Arg("from", () => Date, { description: "The period's start (included)." }) from: Date,
    @Arg("to", () => Date, { description: "The period's end (excluded)." }) to: Date,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ChangeCalendarType> {
    const c = await ctx.app.schedules.calendar(ctx.scope, ctx.actor, from, to);
    return {
      ...c,
      changes: c.changes.map(toRfcType),
      freezeWindows: c.freezeWindows.map(toFreezeWindowType),
    };
  }

  @Query(() => RfcConnectionType, {
    description:
      "EMERGENCY RFCs implemented (or failed) more than GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS (72 by default) ago and still without their retrospective review, oldest first, a page of at most 200 at a time (READER).",
  })
  async overdueEmergencyReviews(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcConnectionType> {
    const page = await ctx.app.implementations.retrospectivesOverdue(ctx.scope, ctx.actor, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toRfcType);
  }

  @Query(() => StandardChangeConnectionType, {
    description: "The standard change templates by name, a page of at most 200 at a time (READER).",
  })
  async standardChanges(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<StandardChangeConnectionType> {
    const page = await ctx.app.standardChanges.list(ctx.scope, ctx.actor, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toStandardChangeType);
  }

  @Query(() => FreezeWindowConnectionType, {
    description:
      "Freeze windows in force (not lifted) that overlap a period, by start, a page of at most 200 at a time (READER); `to` must be after `from`, at most five years later (VALIDATION).",
  })
  async freezeWindows(
    @Arg("from", () => Date, { description: "The period's start (included)." }) from: Date,
    @Arg("to", () => Date, { description: "The period's end (excluded)." }) to: Date,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowConnectionType> {
    const page = await ctx.app.schedules.freezeWindows(ctx.scope, ctx.actor, from, to, {
      first,
      after: after ?? null,
    });
    return toConnection(page, toFreezeWindowType);
  }

  @Mutation(() => CreateRfcPayload, {
    description:
      "Raises an RFC as a DRAFT at revision 1 (REQUESTER), the caller its requester; its operations are checked like direct writes (VALIDATION listing every problem).",
  })
  async createRfc(
    @Arg("input", () => CreateRfcInput, { description: "The RFC's content." })
    input: CreateRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    const { content, operations } = coreContent(input);
    return rfcPayload(
      await withApiOperationPaths(operations, () =>
        ctx.app.rfcs.create(ctx.scope, ctx.actor, content),
      ),
    );
  }

  @Mutation(() => UpdateRfcPayload, {
    description:
      "Rewrites a DRAFT's content whole, at the revision read (its requester, or an ADMIN); CONFLICT in any other state.",
  })
  async updateRfc(
    @Arg("input", () => UpdateRfcInput, {
      description: "The RFC, the revision read and its whole new content.",
    })
    input: UpdateRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    const { id, revision, ...rest } = input;
    const { content, operations } = coreContent(rest);
    return rfcPayload(
      await withApiOperationPaths(operations, () =>
        ctx.app.rfcs.update(ctx.scope, ctx.actor, id, revision, content),
      ),
    );
  }

  @Mutation(() => SubmitRfcPayload, {
    description:
      "DRAFT → SUBMITTED (its requester, or an ADMIN). VALIDATION when it names neither affected CIs nor operations, or writes the CMDB without a back-out plan (unless STANDARD).",
  })
  async submitRfc(
    @Arg("input", () => SubmitRfcInput, { description: "The RFC." }) input: SubmitRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(await ctx.app.rfcs.submit(ctx.scope, ctx.actor, input.id));
  }

  @Mutation(() => AssessRfcPayload, {
    description:
      "Assesses the RFC on the graph as it is now, for its planned window (its requester or an APPROVER): impact, risk, approvals needed. A NORMAL or STANDARD change needs a window (given here or on the RFC); an EMERGENCY one may have none. A STANDARD change inside its template is APPROVED at once. Approvals given on an earlier assessment no longer count. An APPROVED or SCHEDULED RFC is assessed again only when its assessment is stale (see staleReasons) or for another window (CONFLICT otherwise).",
  })
  async assessRfc(
    @Arg("input", () => AssessRfcInput, { description: "The RFC, and the window to assess." })
    input: AssessRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.assessments.assess(ctx.scope, ctx.actor, input.id, {
        plannedStart: input.plannedStart ?? null,
        plannedEnd: input.plannedEnd ?? null,
      }),
    );
  }

  @Mutation(() => ApproveRfcPayload, {
    description:
      "Approves the latest assessment of an ASSESSED RFC (APPROVER; never the requester nor anyone who wrote its content: FORBIDDEN); it becomes APPROVED once as many distinct APPROVERs as requiredApprovals have. CONFLICT when the assessment is stale (re-assess first) or the caller already approved it.",
  })
  async approveRfc(
    @Arg("input", () => ApproveRfcInput, { description: "The RFC, and a comment." })
    input: ApproveRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.approvals.approve(ctx.scope, ctx.actor, input.id, input.comment ?? null),
    );
  }

  @Mutation(() => RejectRfcPayload, {
    description:
      "ASSESSED → REJECTED (APPROVER, never the requester: FORBIDDEN); one rejection is enough.",
  })
  async rejectRfc(
    @Arg("input", () => RejectRfcInput, { description: "The RFC, and why." })
    input: RejectRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.approvals.reject(ctx.scope, ctx.actor, input.id, input.comment),
    );
  }

  @Mutation(() => ScheduleRfcPayload, {
    description:
      "APPROVED → SCHEDULED for the window it was assessed for (its requester or an APPROVER); another window needs a new assessment. CONFLICT when the assessment is stale or a freeze window that applies overlaps it (unless EMERGENCY); VALIDATION when it was assessed without a window.",
  })
  async scheduleRfc(
    @Arg("input", () => ScheduleRfcInput, { description: "The RFC, and its window to confirm." })
    input: ScheduleRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.schedules.schedule(ctx.scope, ctx.actor, input.id, {
        plannedStart: input.plannedStart ?? null,
        plannedEnd: input.plannedEnd ?? null,
      }),
    );
  }

  @Mutation(() => ImplementRfcPayload, {
    description:
      "SCHEDULED (EMERGENCY: also APPROVED) → IMPLEMENTED: applies the operations to the CMDB in one transaction (EDITOR), only inside the RFC's planned window unless EMERGENCY or an ADMIN overrides it (CONFLICT outside). Refused (CONFLICT) when the assessment is stale, in a freeze window that applies (unless EMERGENCY), or for an RFC that deploys a release (deployRelease implements those). If an operation fails, nothing is written and the RFC is FAILED with the reason.",
  })
  async implementRfc(
    @Arg("input", () => ImplementRfcInput, {
      description: "The RFC, and an ADMIN's window override.",
    })
    input: ImplementRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.implementations.implement(ctx.scope, ctx.actor, input.id, {
        windowOverride: input.windowOverride ?? null,
      }),
    );
  }

  @Mutation(() => BackOutRfcPayload, {
    description:
      "IMPLEMENTED → BACKED_OUT: restores the before-images in one transaction, in reverse order (EDITOR); created CIs are retired, added relationships ended. CONFLICT, listing them all, where a later write changed the same data.",
  })
  async backOutRfc(
    @Arg("input", () => BackOutRfcInput, { description: "The RFC, and why." })
    input: BackOutRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.implementations.backOut(ctx.scope, ctx.actor, input.id, input.reason),
    );
  }

  @Mutation(() => CloseRfcPayload, {
    description:
      "IMPLEMENTED, FAILED or BACKED_OUT → CLOSED with its post-implementation review (its requester or an APPROVER).",
  })
  async closeRfc(
    @Arg("input", () => CloseRfcInput, { description: "The RFC, and its review." })
    input: CloseRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.implementations.close(ctx.scope, ctx.actor, input.id, input.review),
    );
  }

  @Mutation(() => CancelRfcPayload, {
    description:
      "Cancels an RFC in DRAFT, SUBMITTED, ASSESSED, APPROVED or SCHEDULED (its requester or an APPROVER); CONFLICT in any other state.",
  })
  async cancelRfc(
    @Arg("input", () => CancelRfcInput, { description: "The RFC, and why." })
    input: CancelRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(await ctx.app.rfcs.cancel(ctx.scope, ctx.actor, input.id, input.reason));
  }

  @Mutation(() => CommentOnRfcPayload, {
    description: "Adds a comment to an RFC's history, in any state (READER: anyone signed in).",
  })
  async commentOnRfc(
    @Arg("input", () => CommentOnRfcInput, { description: "The RFC, and the comment." })
    input: CommentOnRfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<CommentOnRfcPayload> {
    const comment = await ctx.app.rfcs.comment(ctx.scope, ctx.actor, input.id, input.text);
    const rfc = await ctx.loaders.rfcById.load(input.id);
    if (!rfc) throw new NotFoundError("RFC", input.id);
    return { rfc: toRfcType(rfc), comment };
  }

  @Mutation(() => RecordEmergencyReviewPayload, {
    description:
      "Records an EMERGENCY change's retrospective review once it was implemented, failed or backed out, closed or not (APPROVER, never the requester: FORBIDDEN); VALIDATION for other types, CONFLICT when it has one.",
  })
  async recordEmergencyReview(
    @Arg("input", () => RecordEmergencyReviewInput, { description: "The RFC, and the review." })
    input: RecordEmergencyReviewInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcPayloadValue> {
    return rfcPayload(
      await ctx.app.implementations.recordRetrospective(
        ctx.scope,
        ctx.actor,
        input.id,
        input.notes,
      ),
    );
  }

  @Mutation(() => DefineStandardChangePayload, {
    description:
      "Defines a standard change template, or redefines the one of that name at the revision read (ADMIN). A template last written by an RFC's requester never pre-approves that RFC.",
  })
  async defineStandardChange(
    @Arg("input", () => DefineStandardChangeInput, { description: "The template." })
    input: DefineStandardChangeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DefineStandardChangePayload> {
    const template = plain(input);
    if (input.updatableFields)
      template.updatableFields = input.updatableFields.map(toDomainCiField);
    return {
      standardChange: toStandardChangeType(
        await ctx.app.standardChanges.defineStandardChange(ctx.scope, ctx.actor, template),
      ),
    };
  }

  @Mutation(() => DefineFreezeWindowPayload, {
    description:
      "Defines a freeze window (ADMIN): only EMERGENCY RFCs may be scheduled or implemented in it; RFCs assessed after count it in their risk.",
  })
  async defineFreezeWindow(
    @Arg("input", () => DefineFreezeWindowInput, {
      description: "Its name, period, reason and scope.",
    })
    input: DefineFreezeWindowInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<DefineFreezeWindowPayload> {
    return {
      freezeWindow: toFreezeWindowType(
        await ctx.app.schedules.defineFreezeWindow(ctx.scope, ctx.actor, input),
      ),
    };
  }

  @Mutation(() => LiftFreezeWindowPayload, {
    description:
      "Lifts a freeze window (ADMIN): it blocks nothing from then on and is no longer listed; it is kept, with liftedAt, in the audit trail. CONFLICT when already lifted.",
  })
  async liftFreezeWindow(
    @Arg("input", () => LiftFreezeWindowInput, { description: "The freeze window." })
    input: LiftFreezeWindowInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<LiftFreezeWindowPayload> {
    return {
      freezeWindow: toFreezeWindowType(
        await ctx.app.schedules.liftFreezeWindow(ctx.scope, ctx.actor, input.id),
      ),
    };
  }

  @FieldResolver(() => [ConfigurationItemType], { description: "The CIs it names as affected." })
  affectedConfigurationItems(
    @Root() rfc: RequestForChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadCis(ctx, rfc.source.affectedCiIds);
  }

  @FieldResolver(() => StandardChangeType, {
    nullable: true,
    description: "STANDARD: its template as it is now (null for other types).",
  })
  async standardChange(
    @Root() rfc: RequestForChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<StandardChangeType | null> {
    if (!rfc.standardChangeId) return null;
    const s = await ctx.loaders.standardChangeById.load(rfc.standardChangeId);
    return s ? toStandardChangeType(s) : null;
  }

  @FieldResolver(() => RfcEventConnectionType, {
    description: "Everything that happened to it, oldest first, a page of at most 500 at a time.",
  })
  async history(
    @Root() rfc: RequestForChangeType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventConnectionType> {
    const events = await ctx.loaders.eventsOfRfc.load(rfc.id);
    const page = historyPage(rfc.id, events, { first, after: after ?? null }, "history");
    return toConnection(page, (e) => e);
  }

  @FieldResolver(() => RfcEventConnectionType, {
    description:
      "The COMMENT events of its history, oldest first, a page of at most 500 at a time.",
  })
  async comments(
    @Root() rfc: RequestForChangeType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventConnectionType> {
    const events = await ctx.loaders.eventsOfRfc.load(rfc.id);
    const page = historyPage(
      rfc.id,
      events,
      { first, after: after ?? null },
      "comments",
      (e) => e.kind === "COMMENT",
    );
    return toConnection(page, (e) => e);
  }

  @FieldResolver(() => [RfcEventType], { description: "The approvals of its latest assessment." })
  async approvals(
    @Root() rfc: RequestForChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventType[]> {
    const current = rfc.assessment?.number ?? null;
    if (current === null) return [];
    return (await ctx.loaders.eventsOfRfc.load(rfc.id)).filter(
      (e) => e.kind === "APPROVED" && e.assessment === current,
    );
  }

  @FieldResolver(() => [String], {
    description:
      "Why its latest assessment no longer holds (computed when read): CIs or relationships under it that moved, RFCs assessed after it that collide with it. Approval, scheduling and implementation are refused until it is assessed again. Empty when it holds, or when it is not standing on an assessment.",
  })
  staleReasons(@Root() rfc: RequestForChangeType, @Ctx() ctx: GraphqlContext): Promise<string[]> {
    return ctx.loaders.staleReasonsOfRfc.load(rfc.source);
  }

  @FieldResolver(() => [RfcCollisionType], {
    description: "Open RFCs whose window overlaps this one's and whose impact shares CIs with it.",
  })
  async collisions(
    @Root() rfc: RequestForChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcCollisionType[]> {
    const found = await ctx.loaders.collisionsOfRfc.load(rfc.source);
    return found.map((c) => ({
      rfc: toRfcType(c.rfc),
      sharedCount: c.sharedCount,
      sharedIds: c.sharedIds,
    }));
  }
}

@Resolver(() => RfcAssessmentType)
export class RfcAssessmentResolver {
  @FieldResolver(() => [AssessedItemType], {
    description:
      "Every CI the impact walk reached from the CIs the RFC touches (DEPENDENTS, the server's depth cap), nearest first.",
    deprecationReason:
      "Use `impactedItems`, a connection a page at a time (nearest first, then level, then key), with totalCount and filters.",
  })
  async impacted(
    @Root() a: RfcAssessmentType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AssessedItemType[]> {
    const all = await ctx.app.assessments.allImpacted(ctx.scope, ctx.actor, a.rfcId, a.source);
    return all.map(toAssessedItemType);
  }

  @FieldResolver(() => AssessedConfigurationItemConnectionType, {
    description:
      "The CIs the impact walk reached, a page at a time: nearest first, then by level (DOWN, DEGRADED, AT_RISK), then by key; `first` up to 1000; totalCount counts the filtered list.",
  })
  async impactedItems(
    @Root() a: RfcAssessmentType,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg("filter", () => ImpactedFilterInput, {
      nullable: true,
      description: "Only CIs at these levels and of these types (null: all).",
    })
    filter: ImpactedFilterInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<AssessedConfigurationItemConnectionType> {
    const page = await ctx.app.assessments.impactPage(
      ctx.scope,
      ctx.actor,
      a.rfcId,
      a.source,
      { first, after: after ?? null },
      filter ?? {},
    );
    return toConnection(page, toAssessedItemType);
  }
}

@Resolver(() => AssessedItemType)
export class AssessedItemResolver {
  @FieldResolver(() => ConfigurationItemType, { nullable: true, description: "The CI now." })
  async configurationItem(
    @Root() item: AssessedItemType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType | null> {
    const ci = await ctx.loaders.ciById(null).load(item.id);
    return ci ? toCiType(ci, null) : null;
  }
}

@Resolver(() => RfcCollisionType)
export class RfcCollisionResolver {
  @FieldResolver(() => [ConfigurationItemType], { description: "The shared CIs (up to 100)." })
  shared(
    @Root() c: RfcCollisionType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadCis(ctx, c.sharedIds);
  }
}

@Resolver(() => FreezeWindowType)
export class FreezeWindowResolver {
  @FieldResolver(() => [ConfigurationItemType], {
    description: "The business services it protects (empty: it freezes every change).",
  })
  businessServices(
    @Root() f: FreezeWindowType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<ConfigurationItemType[]> {
    return loadCis(ctx, f.serviceIds);
  }
}
