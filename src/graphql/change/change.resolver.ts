import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RfcReference } from "../../application/change/rfc.service.js";
import { ValidationError } from "../../domain/errors.js";
import { ConfigurationItemType, toCiType } from "../ci/configuration-item.type.js";
import type { GraphqlContext } from "../context.js";
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
  @Query(() => RequestForChangeType, { nullable: true, description: "One RFC by id or number." })
  async rfc(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("number", () => Int, { nullable: true }) number: number | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType | null> {
    const rfc = await ctx.app.rfcs.get(
      ctx.scope,
      ctx.actor,
      rfcReference(id ?? null, number ?? null),
    );
    return rfc ? toRfcType(rfc) : null;
  }

  @Query(() => RfcConnectionType, { description: "RFCs, newest first, a page at a time." })
  async rfcs(
    @Arg("filter", () => RfcFilterInput, { nullable: true }) filter: RfcFilterInput | null,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcConnectionType> {
    const page = await ctx.app.rfcs.list(ctx.scope, ctx.actor, filter ?? {}, {
      first,
      after: after ?? null,
    });
    return {
      nodes: page.items.map(toRfcType),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Query(() => ChangeCalendarType, {
    description: "RFCs planned in a period, and the freeze windows in it.",
  })
  async changeCalendar(
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
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
    description: "EMERGENCY RFCs carried out too long ago without their retrospective review.",
  })
  async overdueEmergencyReviews(@Ctx() ctx: GraphqlContext): Promise<RequestForChangeType[]> {
    return (await ctx.app.implementations.retrospectivesOverdue(ctx.scope, ctx.actor)).map(
      toRfcType,
    );
  }

  @Query(() => [StandardChangeType], { description: "The standard change templates." })
  async standardChanges(@Ctx() ctx: GraphqlContext): Promise<StandardChangeType[]> {
    return (await ctx.app.standardChanges.standardChanges(ctx.scope, ctx.actor)).map(
      toStandardChangeType,
    );
  }

  @Query(() => [FreezeWindowType], { description: "Freeze windows in force in a period." })
  async freezeWindows(
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowType[]> {
    return (await ctx.app.schedules.freezeWindows(ctx.scope, ctx.actor, from, to)).map(
      toFreezeWindowType,
    );
  }

  @Mutation(() => RequestForChangeType, { description: "Raises an RFC as a DRAFT (REQUESTER)." })
  async createRfc(
    @Arg("input", () => RfcInput) input: RfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.create(ctx.scope, ctx.actor, plain(input)));
  }

  @Mutation(() => RequestForChangeType, {
    description: "Rewrites a DRAFT's content whole, at the revision read (its requester).",
  })
  async updateRfc(
    @Arg("id", () => ID) id: string,
    @Arg("revision", () => Int) revision: number,
    @Arg("input", () => RfcInput) input: RfcInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.update(ctx.scope, ctx.actor, id, revision, plain(input)));
  }

  @Mutation(() => RequestForChangeType, { description: "DRAFT → SUBMITTED (its requester)." })
  async submitRfc(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.submit(ctx.scope, ctx.actor, id));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Assesses the RFC on the graph as it is now, for its planned window (its requester or an APPROVER): impact, risk, approvals needed. A NORMAL or STANDARD change needs a window (given here or on the RFC); an EMERGENCY one may have none. A STANDARD change inside its template is APPROVED at once. An APPROVED or SCHEDULED RFC is assessed again only when the graph under it moved or for another window.",
  })
  async assessRfc(
    @Arg("id", () => ID) id: string,
    @Arg("plannedStart", () => Date, {
      nullable: true,
      description: "Assess it for this window (kept on the RFC).",
    })
    plannedStart: Date | null,
    @Arg("plannedEnd", () => Date, { nullable: true }) plannedEnd: Date | null,
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
      "Approves the latest assessment (APPROVER, never the requester). Refused when the graph under the assessment changed since.",
  })
  async approveRfc(
    @Arg("id", () => ID) id: string,
    @Arg("comment", () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.approvals.approve(ctx.scope, ctx.actor, id, comment ?? null));
  }

  @Mutation(() => RequestForChangeType, {
    description: "Rejects the RFC (APPROVER, never the requester); one rejection is enough.",
  })
  async rejectRfc(
    @Arg("id", () => ID) id: string,
    @Arg("comment", () => String) comment: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.approvals.reject(ctx.scope, ctx.actor, id, comment));
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Schedules the RFC for the window it was assessed for (another window needs a new assessment). A freeze window blocks it unless EMERGENCY.",
  })
  async scheduleRfc(
    @Arg("id", () => ID) id: string,
    @Arg("plannedStart", () => Date, { nullable: true }) plannedStart: Date | null,
    @Arg("plannedEnd", () => Date, { nullable: true }) plannedEnd: Date | null,
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
      "Applies the operations to the CMDB in one transaction (EDITOR), only inside the RFC's planned window unless EMERGENCY or an ADMIN overrides it. If one fails, nothing is written and the RFC is FAILED with the reason.",
  })
  async implementRfc(
    @Arg("id", () => ID) id: string,
    @Arg("windowOverride", () => WindowOverrideInput, {
      nullable: true,
      description: "ADMIN only: implement outside the window, for this reason.",
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
      "Restores the before-images in one transaction (EDITOR); refused, listing the conflicts, where a later write changed the same data.",
  })
  async backOutRfc(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.implementations.backOut(ctx.scope, ctx.actor, id, reason));
  }

  @Mutation(() => RequestForChangeType, {
    description: "Closes an implemented, failed or backed-out RFC with its review.",
  })
  async closeRfc(
    @Arg("id", () => ID) id: string,
    @Arg("review", () => RfcReviewInput) review: RfcReviewInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.implementations.close(ctx.scope, ctx.actor, id, review));
  }

  @Mutation(() => RequestForChangeType, { description: "Cancels an open RFC." })
  async cancelRfc(
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(await ctx.app.rfcs.cancel(ctx.scope, ctx.actor, id, reason));
  }

  @Mutation(() => RfcEventType, { description: "Adds a comment to an RFC's history." })
  async commentOnRfc(
    @Arg("id", () => ID) id: string,
    @Arg("text", () => String) text: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RfcEventType> {
    return ctx.app.rfcs.comment(ctx.scope, ctx.actor, id, text);
  }

  @Mutation(() => RequestForChangeType, {
    description:
      "Records an EMERGENCY change's retrospective review (APPROVER, not the requester).",
  })
  async recordEmergencyReview(
    @Arg("id", () => ID) id: string,
    @Arg("notes", () => String) notes: string,
    @Ctx() ctx: GraphqlContext,
  ): Promise<RequestForChangeType> {
    return toRfcType(
      await ctx.app.implementations.recordRetrospective(ctx.scope, ctx.actor, id, notes),
    );
  }

  @Mutation(() => StandardChangeType, { description: "Defines or redefines a template (ADMIN)." })
  async defineStandardChange(
    @Arg("input", () => StandardChangeInput) input: StandardChangeInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<StandardChangeType> {
    return toStandardChangeType(
      await ctx.app.standardChanges.defineStandardChange(ctx.scope, ctx.actor, plain(input)),
    );
  }

  @Mutation(() => FreezeWindowType, { description: "Defines a freeze window (ADMIN)." })
  async defineFreezeWindow(
    @Arg("input", () => FreezeWindowInput) input: FreezeWindowInput,
    @Ctx() ctx: GraphqlContext,
  ): Promise<FreezeWindowType> {
    return toFreezeWindowType(
      await ctx.app.schedules.defineFreezeWindow(ctx.scope, ctx.actor, input),
    );
  }

  @Mutation(() => FreezeWindowType, {
    description: "Lifts a freeze window (ADMIN); it stays listed as lifted.",
  })
  async liftFreezeWindow(
    @Arg("id", () => ID) id: string,
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

  @FieldResolver(() => StandardChangeType, { nullable: true })
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

  @FieldResolver(() => [RfcEventType])
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
