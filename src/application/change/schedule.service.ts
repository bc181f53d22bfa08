import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { RFC_STATES, rfcName, type Assessment, type Rfc } from "../../domain/change/rfc.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  countFreezeWindows,
  createFreezeWindow,
  endFreezeWindow,
  findFreezeWindowsByIds,
  listChangeCalendar,
  listFreezeWindows,
  listFreezeWindowsPage,
  type FreezeWindow,
} from "../../neo4j/change.repository.js";
import { findCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { writeMeta } from "../write-meta.js";
import { transition, requiredText, optionalText } from "./rfc-transition.js";
import { refuseIfStale } from "./assessment-staleness.js";
import { type ScheduleInput, checkWindow, sameWindow, refuseInFreeze } from "./planned-window.js";

const BUSINESS_SERVICE = "BusinessService";

const MAX_CALENDAR = 1000;

/** The most freeze windows one page lists. */
export const MAX_FREEZE_WINDOW_PAGE = 200;
const FREEZE_WINDOW_LIST = "freezeWindows";

export interface ChangeCalendar {
  readonly from: Date;
  readonly to: Date;
  readonly changes: Rfc[];
  readonly freezeWindows: FreezeWindow[];
  readonly truncated: boolean;
}

/**
 * Scheduling for the assessed window, the change calendar, and the freeze windows that block
 * scheduling.
 */
export class ScheduleService {
  /**
   * Schedules the RFC for the window it was assessed for (the risk counted its collisions and
   * freeze windows); another window needs a new assessment. A freeze window blocks it unless
   * EMERGENCY.
   */
  async schedule(scope: DbScope, actor: Actor, id: string, input: ScheduleInput): Promise<Rfc> {
    const asked = checkWindow(input);
    return transition(scope, actor, id, "schedule", null, async (tx, rfc) => {
      const assessment = rfc.assessment as Assessment;
      const start = assessment.plannedStart;
      const end = assessment.plannedEnd;
      if (!start || !end) {
        throw new ValidationError(
          "plannedStart",
          input.plannedStart ?? null,
          `${rfcName(rfc)} was assessed without a planned window: assess it with one (plannedStart and plannedEnd), then schedule`,
        );
      }
      if (asked && !sameWindow(assessment, asked)) {
        throw new ConflictError(
          `${rfcName(rfc)} was assessed for ${start.toISOString()} – ${end.toISOString()}; to schedule it for ${asked.plannedStart.toISOString()} – ${asked.plannedEnd.toISOString()}, assess it again for that window (collisions and freeze windows count in its risk)`,
          { assessedStart: start, assessedEnd: end },
        );
      }
      await refuseIfStale(tx, rfc, "scheduled");
      const freezes = await refuseInFreeze(tx, rfc, assessment, "scheduled");
      return {
        rfc: { ...rfc, state: "SCHEDULED" as const, plannedStart: start, plannedEnd: end },
        events: [],
        note:
          freezes.length > 0
            ? `EMERGENCY inside freeze window(s) ${freezes.map((f) => f.name).join(", ")}`
            : null,
      };
    });
  }

  async calendar(scope: DbScope, actor: Actor, from: Date, to: Date): Promise<ChangeCalendar> {
    authorize(actor, "reading the change calendar", "READER");
    checkPeriod(from, to);
    const states = RFC_STATES.filter((s) => !["DRAFT", "CANCELLED", "REJECTED"].includes(s));
    return scope.readTransaction(async (tx) => {
      const changes = await listChangeCalendar(tx, from, to, states, MAX_CALENDAR + 1);
      return {
        from,
        to,
        changes: changes.slice(0, MAX_CALENDAR),
        freezeWindows: await listFreezeWindows(tx, from, to),
        truncated: changes.length > MAX_CALENDAR,
      };
    });
  }

  /** The freeze windows in force that overlap a period, by start, a page at a time. */
  async freezeWindows(
    scope: DbScope,
    actor: Actor,
    from: Date,
    to: Date,
    page: PageRequest,
  ): Promise<Page<FreezeWindow>> {
    authorize(actor, "reading freeze windows", "READER");
    checkPeriod(from, to);
    checkPageSize(page.first, MAX_FREEZE_WINDOW_PAGE);
    const after =
      page.after === null ? null : decodeCursor(FREEZE_WINDOW_LIST, page.after, ["s", "s"]);
    const rows = await scope.readTransaction((tx) =>
      listFreezeWindowsPage(tx, from, to, {
        after: after ? { start: after[0] as string, id: after[1] as string } : null,
        limit: page.first + 1,
      }),
    );
    return pageFromRows(
      rows,
      page,
      FREEZE_WINDOW_LIST,
      (w) => [w.start.toISOString(), w.id],
      () => scope.readTransaction((tx) => countFreezeWindows(tx, from, to)),
    );
  }

  /** Freeze windows by id, lifted or not, in the order asked (null where none). */
  async freezeWindowsByIds(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
  ): Promise<(FreezeWindow | null)[]> {
    authorize(actor, "reading freeze windows", "READER");
    const found = await scope.readTransaction((tx) => findFreezeWindowsByIds(tx, ids));
    return ids.map((id) => found.find((w) => w.id === id) ?? null);
  }

  async defineFreezeWindow(
    scope: DbScope,
    actor: Actor,
    input: {
      name: string;
      reason?: string | null;
      start: Date;
      end: Date;
      businessServiceKeys?: readonly string[] | null;
    },
  ): Promise<FreezeWindow> {
    authorize(actor, "defining a freeze window", "ADMIN");
    const name = requiredText("name", input.name, 200);
    const reason = optionalText("reason", input.reason ?? null, 4000);
    checkPeriod(input.start, input.end, ["start", "end"]);
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction(async (tx) => {
      const keys = [...new Set(input.businessServiceKeys ?? [])];
      const services = keys.length ? await findCisByKeys(tx, keys) : [];
      const { catalogue } = await loadCatalogue(tx);
      for (const key of keys) {
        const s = services.find((c) => c.key === key);
        if (!s) throw new ValidationError("businessServiceKeys", key, "no CI has this key");
        if (!catalogue.isA(s.type, BUSINESS_SERVICE)) {
          throw new ValidationError(
            "businessServiceKeys",
            key,
            `is a ${s.type}, not a ${BUSINESS_SERVICE}`,
          );
        }
      }
      const window = await createFreezeWindow(
        tx,
        {
          id: randomUUID(),
          name,
          reason,
          start: input.start,
          end: input.end,
          serviceIds: services.map((s) => s.id),
        },
        meta,
      );
      await recordAuditEntries(
        tx,
        [
          {
            operation: "DEFINE",
            targetType: "FREEZE_WINDOW",
            targetId: window.id,
            targetKey: window.name,
            before: null,
            after: window,
          },
        ],
        meta,
      );
      return window;
    });
  }

  async liftFreezeWindow(scope: DbScope, actor: Actor, id: string): Promise<FreezeWindow> {
    authorize(actor, "lifting a freeze window", "ADMIN");
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const ended = await endFreezeWindow(tx, id, meta);
      if (!ended) throw new NotFoundError("freeze window", id);
      const { window } = ended;
      if (ended.wasLifted) {
        throw new ConflictError(
          `freeze window ${window.name} was already lifted (by ${window.liftedBy ?? "?"} at ${window.liftedAt?.toISOString() ?? "?"})`,
        );
      }
      await recordAuditEntries(
        tx,
        [
          {
            operation: "LIFT",
            targetType: "FREEZE_WINDOW",
            targetId: window.id,
            targetKey: window.name,
            before: { ...window, liftedAt: null, liftedBy: null },
            after: window,
          },
        ],
        meta,
      );
      return window;
    });
  }
}

function checkPeriod(from: Date, to: Date, names: [string, string] = ["from", "to"]): void {
  const [f, t] = names;
  if (Number.isNaN(from.getTime())) throw new ValidationError(f, from, "must be a date");
  if (Number.isNaN(to.getTime())) throw new ValidationError(t, to, "must be a date");
  if (to <= from) throw new ValidationError(t, to.toISOString(), `must be after ${f}`);
  if (to.getTime() - from.getTime() > 5 * 366 * 86_400_000) {
    throw new ValidationError(t, to.toISOString(), "a period is at most five years");
  }
}
