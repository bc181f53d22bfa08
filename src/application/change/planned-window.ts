import { rfcName, type AssessedItem, type Assessment, type Rfc } from "../../domain/change/rfc.js";
import { ConflictError, ValidationError } from "../../domain/errors.js";
import { listFreezeWindows, type FreezeWindow } from "../../neo4j/change.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";

/** What the caller states at each transition. */
export interface ScheduleInput {
  readonly plannedStart?: Date | null;
  readonly plannedEnd?: Date | null;
}

/** A planned window given with an action: both ends or neither, the end after the start. */
export function checkWindow(input: ScheduleInput): { plannedStart: Date; plannedEnd: Date } | null {
  const start = input.plannedStart ?? null;
  const end = input.plannedEnd ?? null;
  if (start === null && end === null) return null;
  if (start === null)
    throw new ValidationError("plannedStart", null, "a planned window has both a start and an end");
  if (end === null)
    throw new ValidationError("plannedEnd", null, "a planned window has both a start and an end");
  if (end <= start)
    throw new ValidationError("plannedEnd", end.toISOString(), "must be after plannedStart");
  return { plannedStart: start, plannedEnd: end };
}

export function sameWindow(
  a: { plannedStart: Date | null; plannedEnd: Date | null },
  b: { plannedStart: Date | null; plannedEnd: Date | null },
): boolean {
  return (
    (a.plannedStart?.getTime() ?? null) === (b.plannedStart?.getTime() ?? null) &&
    (a.plannedEnd?.getTime() ?? null) === (b.plannedEnd?.getTime() ?? null)
  );
}

export function windowText(rfc: { plannedStart: Date | null; plannedEnd: Date | null }): string {
  return `${rfc.plannedStart?.toISOString() ?? "none"} – ${rfc.plannedEnd?.toISOString() ?? "none"}`;
}

/** Freeze windows overlapping the period that apply: to every change, or to a service it hits. */
export async function freezesHit(
  tx: DbTransaction,
  start: Date,
  end: Date,
  assessment: { businessServices: readonly AssessedItem[] },
): Promise<FreezeWindow[]> {
  const hit = new Set(assessment.businessServices.map((s) => s.id));
  return (await listFreezeWindows(tx, start, end)).filter(
    (f) => f.serviceIds.length === 0 || f.serviceIds.some((id) => hit.has(id)),
  );
}

/** Freeze windows over the RFC's window and services; refuses unless EMERGENCY. */
export async function refuseInFreeze(
  tx: DbTransaction,
  rfc: Rfc,
  assessment: Assessment,
  what: string,
): Promise<FreezeWindow[]> {
  if (!rfc.plannedStart || !rfc.plannedEnd) return [];
  const freezes = await freezesHit(tx, rfc.plannedStart, rfc.plannedEnd, assessment);
  if (freezes.length > 0 && rfc.type !== "EMERGENCY") {
    throw new ConflictError(
      `${rfcName(rfc)} cannot be ${what} from ${rfc.plannedStart.toISOString()} to ${rfc.plannedEnd.toISOString()}: it falls in freeze window(s) ${freezes.map((f) => `${f.name} (${f.start.toISOString()} – ${f.end.toISOString()})`).join(", ")}; only an EMERGENCY change may`,
      { freezeWindows: freezes.map((f) => f.id) },
    );
  }
  return freezes;
}
