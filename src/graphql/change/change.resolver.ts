import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RfcReference } from "../../application/change/rfc.service.js";
import { ValidationError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
import { toConnection } from "../relay/connection.js";
import {
  FreezeWindowInput,
  RfcFilterInput,
  RfcInput,
  RfcReviewInput,
  StandardChangeInput,
  WindowOverrideInput,
} from "./change.inputs.js";
import {
  AssessedItemType,
  ChangeCalendarType,
  FreezeWindowType,
  RequestForChangeType,
  RfcCollisionType,
  RfcConnectionType,
  RfcEventType,
  StandardChangeType,
  toFreezeWindowType,
  toRfcType,
  toStandardChangeType,
} from "./change.types.js";

/** A GraphQL input object as the plain record the core parses (absent fields stay absent). */
function plain(input: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

function rfcReference(id: string | null, number: number | null): RfcReference {
  if ((id === null) === (number === null)) {
    throw new ValidationError("id", { id, number }, "name the RFC by exactly one of id or number");
  }
  return id !== null ? { id } : { number: number as number };
}

async function loadCis(
  ctx: GraphqlContext,
  ids: readonly string[],
): Promise<ConfigurationItemType[]> {
  const found = await ctx.loaders.ciById(null).loadMany(ids);
  return found.flatMap((c) => (c && !(c instanceof Error) ? [toCiType(c, null)] : []));
}

@Resolver(() => RequestForChangeType)
export class ChangeResolver {
  @Query(() => RequestForChangeType, {
    nullable: true,
    description: "One RFC by id or number (READER); null when none matches.",
  })
  async rfc(
    @Arg("id", () => ID, {
      nullable: true,
      description: "The RFC's id; give exactly one of id and number (VALIDATION otherwise).",
    })
    id: string | null,
    @Arg("number", () => Int, {
      nullable: true,
      description: "The RFC's number (N of RFC-N); give exactly one of id and number.",
    })
    number: number | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    const rfc = await ctx.app.rfcs.get(
      ctx.scope,
      ctx.actor,
      rfcReference(id ?? null, number ?? null),
    );
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

  @Query(() => [RequestForChangeType], {
    description:
      "EMERGENCY RFCs implemented (or failed) more than GRAPH_CMDB_RETROSPECTIVE_DUE_HOURS (72 by default) ago and still without their retrospective review, oldest first (READER).",
  })
  async overdueEmergencyReviews(@Ctx() ctx: GraphqlContext): Promise<RequestForChangeType[]> {
    return (await ctx.app.implementations.retrospectivesOverdue(ctx.scope, ctx.actor)).map(
      toRfcType,
    );
  }

  @Query(() => [StandardChangeType], {
    description: "The standard change templates (READER).",
  })
  async standardChanges(@Ctx() ctx: GraphqlContext): Promise<StandardChangeType[]> {
    return (await ctx.app.standardChanges.standardChanges(ctx.scope, ctx.actor)).map(
      toStandardChangeType,
    );
  }

  @Query(() => [FreezeWindowType], {
    description:
      "Freeze windows in force (not lifted) that overlap a period, by start (READER); `to` must be after `from`, at most five years later (VALIDATION).",
  })
  async freezeWindows(
    @Arg("from", () => Date, { description: "The period's start (included)." }) from: Date,
    @Arg("to", () => Date, { description: "The period's end (excluded)." }) to: Date,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowType[]> {
    return (await ctx.app.schedules.freezeWindows(ctx.scope, ctx.actor, from, to)).map(
      toFreezeWindowType,
    );
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Raises an RFC as a DRAFT at revision 1 (REQUESTER), the caller its requester; its operations are checked like direct writes (VALIDATION listing every problem).",
  })
  async createRfc(
    @Arg("input", () => RfcInput, { description: "The RFC's content." }) input: RfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.create(ctx.scope, ctx.actor, plain(input)));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Rewrites a DRAFT's content whole, at the revision read (its requester, or an ADMIN); CONFLICT in any other state.",
  })
  async updateRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("revision", () => Int, {
      description: "The revision read; a stale one is a CONFLICT and changes nothing.",
    })
    revision: number,
    @Arg("input", () => RfcInput, {
      description: "The whole new content: fields left out are cleared or take their default.",
    })
    input: RfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.update(ctx.scope, ctx.actor, id, revision, plain(input)));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "DRAFT → SUBMITTED (its requester, or an ADMIN). VALIDATION when it names neither affected CIs nor operations, or writes the CMDB without a back-out plan (unless STANDARD).",
  })
  async submitRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.submit(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Assesses the RFC on the graph as it is now, for its planned window (its requester or an APPROVER): impact, risk, approvals needed. A NORMAL or STANDARD change needs a window (given here or on the RFC); an EMERGENCY one may have none. A STANDARD change inside its template is APPROVED at once. Approvals given on an earlier assessment no longer count. An APPROVED or SCHEDULED RFC is assessed again only when its assessment is stale (see staleReasons) or for another window (CONFLICT otherwise).",
  })
  async assessRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("plannedStart", () => Date, {
      nullable: true,
      description:
        "Assess it for this window (kept on the RFC); give plannedEnd too, or neither (null: the RFC's own window).",
    })
    plannedStart: Date | null,
    @Arg("plannedEnd", () => Date, {
      nullable: true,
      description: "The end of that window, after plannedStart.",
    })
    plannedEnd: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.assessments.assess(ctx.scope, ctx.actor, id, {
        plannedStart: plannedStart ?? null,
        plannedEnd: plannedEnd ?? null,
      }),
    );
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Approves the latest assessment of an ASSESSED RFC (APPROVER; never the requester nor anyone who wrote its content: FORBIDDEN); it becomes APPROVED once as many distinct APPROVERs as requiredApprovals have. CONFLICT when the assessment is stale (re-assess first) or the caller already approved it.",
  })
  async approveRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("comment", () => String, {
      nullable: true,
      description: "Kept in its history (at most 4000 characters).",
    })
    comment: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.approvals.approve(ctx.scope, ctx.actor, id, comment ?? null));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "ASSESSED → REJECTED (APPROVER, never the requester: FORBIDDEN); one rejection is enough.",
  })
  async rejectRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("comment", () => String, {
      description: "Why (required, at most 4000 characters); kept in its history.",
    })
    comment: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.approvals.reject(ctx.scope, ctx.actor, id, comment));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "APPROVED → SCHEDULED for the window it was assessed for (its requester or an APPROVER); another window needs a new assessment. CONFLICT when the assessment is stale or a freeze window that applies overlaps it (unless EMERGENCY); VALIDATION when it was assessed without a window.",
  })
  async scheduleRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("plannedStart", () => Date, {
      nullable: true,
      description:
        "The window's start, to confirm it: it must be the assessed one (CONFLICT otherwise); null: the assessed window.",
    })
    plannedStart: Date | null,
    @Arg("plannedEnd", () => Date, {
      nullable: true,
      description: "The window's end, with plannedStart (null: the assessed window).",
    })
    plannedEnd: Date | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.schedules.schedule(ctx.scope, ctx.actor, id, {
        plannedStart: plannedStart ?? null,
        plannedEnd: plannedEnd ?? null,
      }),
    );
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "SCHEDULED (EMERGENCY: also APPROVED) → IMPLEMENTED: applies the operations to the CMDB in one transaction (EDITOR), only inside the RFC's planned window unless EMERGENCY or an ADMIN overrides it (CONFLICT outside). Refused (CONFLICT) when the assessment is stale, in a freeze window that applies (unless EMERGENCY), or for an RFC that deploys a release (deployRelease implements those). If an operation fails, nothing is written and the RFC is FAILED with the reason.",
  })
  async implementRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("windowOverride", () => WindowOverrideInput, {
      nullable: true,
      description:
        "ADMIN only: implement outside the window, for this reason; VALIDATION where no override is needed (inside the window, or EMERGENCY).",
    })
    windowOverride: WindowOverrideInput | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.implementations.implement(ctx.scope, ctx.actor, id, {
        windowOverride: windowOverride ?? null,
      }),
    );
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "IMPLEMENTED → BACKED_OUT: restores the before-images in one transaction, in reverse order (EDITOR); created CIs are retired, added relationships ended. CONFLICT, listing them all, where a later write changed the same data.",
  })
  async backOutRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("reason", () => String, {
      description:
        "Why (required, at most 4000 characters); kept in its history and the CI versions.",
    })
    reason: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.implementations.backOut(ctx.scope, ctx.actor, id, reason));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "IMPLEMENTED, FAILED or BACKED_OUT → CLOSED with its post-implementation review (its requester or an APPROVER).",
  })
  async closeRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("review", () => RfcReviewInput, { description: "The outcome and notes." })
    review: RfcReviewInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.implementations.close(ctx.scope, ctx.actor, id, review));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Cancels an RFC in DRAFT, SUBMITTED, ASSESSED, APPROVED or SCHEDULED (its requester or an APPROVER); CONFLICT in any other state.",
  })
  async cancelRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("reason", () => String, {
      description: "Why (required, at most 4000 characters); kept in its history.",
    })
    reason: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.cancel(ctx.scope, ctx.actor, id, reason));
  }

  @Mutation(() => RfcEventType, {
    description: "Adds a comment to an RFC's history, in any state (READER: anyone signed in).",
  })
  async commentOnRfc(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("text", () => String, { description: "The comment (required, at most 4000 characters)." })
    text: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventType> {
    return ctx.app.rfcs.comment(ctx.scope, ctx.actor, id, text);
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Records an EMERGENCY change's retrospective review once it was implemented, failed or backed out, closed or not (APPROVER, never the requester: FORBIDDEN); VALIDATION for other types, CONFLICT when it has one.",
  })
  async recordEmergencyReview(
    @Arg("id", () => ID, { description: "The RFC's id." }) id: string,
    @Arg("notes", () => String, {
      description: "What the review found (required, at most 20,000 characters).",
    })
    notes: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.implementations.recordRetrospective(ctx.scope, ctx.actor, id, notes),
    );
  }

  @Mutation(() => StandardChangeType, {
    description:
      "Defines a standard change template, or redefines the one of that name at the revision read (ADMIN). A template last written by an RFC's requester never pre-approves that RFC.",
  })
  async defineStandardChange(
    @Arg("input", () => StandardChangeInput, { description: "The template." })
    input: StandardChangeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<StandardChangeType> {
    return toStandardChangeType(
      await ctx.app.standardChanges.defineStandardChange(ctx.scope, ctx.actor, plain(input)),
    );
  }

  @Mutation(() => FreezeWindowType, {
    description:
      "Defines a freeze window (ADMIN): only EMERGENCY RFCs may be scheduled or implemented in it; RFCs assessed after count it in their risk.",
  })
  async defineFreezeWindow(
    @Arg("input", () => FreezeWindowInput, { description: "Its name, period, reason and scope." })
    input: FreezeWindowInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowType> {
    return toFreezeWindowType(
      await ctx.app.schedules.defineFreezeWindow(ctx.scope, ctx.actor, input),
    );
  }

  @Mutation(() => FreezeWindowType, {
    description:
      "Lifts a freeze window (ADMIN): it blocks nothing from then on and is no longer listed; it is kept, with liftedAt, in the audit trail. CONFLICT when already lifted.",
  })
  async liftFreezeWindow(
    @Arg("id", () => ID, { description: "The freeze window's id (NOT_FOUND when unknown)." })
    id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowType> {
    return toFreezeWindowType(await ctx.app.schedules.liftFreezeWindow(ctx.scope, ctx.actor, id));
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

  @FieldResolver(() => [RfcEventType], {
    description: "Everything that happened to it, oldest first.",
  })
  history(@Root() rfc: RequestForChangeType, @Ctx() ctx: GraphqlContext): Promise<RfcEventType[]> {
    return ctx.loaders.eventsOfRfc.load(rfc.id);
  }

  @FieldResolver(() => [RfcEventType], {
    description: "The COMMENT events of its history, oldest first.",
  })
  async comments(
    @Root() rfc: RequestForChangeType,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventType[]> {
    return (await ctx.loaders.eventsOfRfc.load(rfc.id)).filter((e) => e.kind === "COMMENT");
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
