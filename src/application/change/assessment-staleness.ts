import {
  ASSESSED_STATES,
  OPEN_STATES,
  rfcName,
  type Assessment,
  type Rfc,
} from "../../domain/change/rfc.js";
import { ConflictError } from "../../domain/errors.js";
import {
  findChangesSinceAssessment,
  findCollidingRfcs,
  type Collision,
  type MovedCi,
} from "../../neo4j/change.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";
import { windowText } from "./planned-window.js";

/** How many changed CIs and relationships a stale-assessment error lists. */
const LISTED_MOVES = 50;

export async function collisionsAmong(
  tx: DbTransaction,
  rfcs: readonly Rfc[],
): Promise<Map<string, Collision[]>> {
  const rows = rfcs.flatMap((rfc) =>
    OPEN_STATES.includes(rfc.state) && rfc.plannedStart && rfc.plannedEnd && rfc.assessment
      ? [
          {
            id: rfc.id,
            start: rfc.plannedStart,
            end: rfc.plannedEnd,
            impactIds: Object.keys(rfc.assessment.revisions),
          },
        ]
      : [],
  );
  return findCollidingRfcs(tx, rows, OPEN_STATES);
}

/** Why an assessment no longer holds. */
interface Staleness {
  readonly assessment: Assessment;
  /** CIs under it that moved since: another revision, relationships, or gone. */
  readonly moved: MovedCi[];
  /** Open RFCs that collide with it and that its risk does not count (assessed after it). */
  readonly collisions: Collision[];
}

/** The staleness of the RFC's latest assessment; null when it does not stand on one. */
export async function stalenessOf(tx: DbTransaction, rfc: Rfc): Promise<Staleness | null> {
  const assessment = rfc.assessment;
  if (assessment === null || !ASSESSED_STATES.includes(rfc.state)) return null;
  const collisions = (await collisionsAmong(tx, [rfc])).get(rfc.id) ?? [];
  return {
    assessment,
    moved: await movedUnder(tx, assessment),
    collisions: collisions.filter((c) => !counted(assessment, c.rfc)),
  };
}

/** Whether the assessment counted a collision with `other` (older ones: it was assessed before). */
function counted(assessment: Assessment, other: Rfc): boolean {
  if (assessment.collidingRfcIds) return assessment.collidingRfcIds.includes(other.id);
  return other.assessment !== null && other.assessment.at <= assessment.at;
}

export function isStale(s: Staleness | null): boolean {
  return s !== null && (s.moved.length > 0 || s.collisions.length > 0);
}

/** One line per reason: each CI or relationship that moved, each RFC that collides since. */
export function staleReasons(s: Staleness | null): string[] {
  if (s === null) return [];
  return [...movedLines(s.moved), ...s.collisions.map(collisionLine)];
}

function movedLines(moved: readonly MovedCi[]): string[] {
  const lines = moved.flatMap((c) => {
    if (c.now === null) return [`CI ${c.id} no longer exists`];
    const out: string[] = [];
    if (c.now !== c.assessed) {
      out.push(
        `CI ${c.key ?? c.id} is at revision ${String(c.now)} (assessed at ${String(c.assessed)})`,
      );
    }
    if (c.relationshipsChanged) {
      out.push(
        ...(c.relationships.length
          ? c.relationships.map(
              (r) => `${r.fromKey} ${r.type} ${r.toKey} was ${r.removed ? "removed" : "added"}`,
            )
          : [`relationships at CI ${c.key ?? c.id} were added or removed`]),
      );
    }
    return out;
  });
  return [...new Set(lines)];
}

function collisionLine(c: Collision): string {
  return `${rfcName(c.rfc)} collides with it, assessed after it (window ${windowText(c.rfc)}, ${String(c.sharedCount)} CI(s) shared)`;
}

/**
 * Refuses to go on when the assessment went stale: a CI or relationship under it moved since it
 * was made, or an RFC assessed after it collides with it (its risk does not count the collision).
 */
export async function refuseIfStale(tx: DbTransaction, rfc: Rfc, what: string): Promise<void> {
  const s = await stalenessOf(tx, rfc);
  if (s === null || !isStale(s)) return;
  const { assessment } = s;
  const parts: string[] = [];
  if (s.moved.length > 0) {
    const listed = movedLines(s.moved);
    parts.push(
      `the graph under its assessment ${String(assessment.number)} changed since ${assessment.at.toISOString()} (${listed.slice(0, 10).join("; ")}${listed.length > 10 ? "; …" : ""})`,
    );
  }
  if (s.collisions.length > 0) {
    parts.push(
      `its assessment ${String(assessment.number)} does not count a collision: ${s.collisions.map(collisionLine).join("; ")}`,
    );
  }
  throw new ConflictError(
    `${rfcName(rfc)} cannot be ${what}: ${parts.join("; and ")}; assess it again`,
    {
      staleAssessment: assessment.number,
      moved: s.moved,
      collidingRfcs: s.collisions.map((c) => rfcName(c.rfc)),
    },
  );
}

/** The CIs under an assessment that moved since: another revision, relationships, or gone. */
async function movedUnder(tx: DbTransaction, assessment: Assessment): Promise<MovedCi[]> {
  return findChangesSinceAssessment(tx, assessment.revisions, assessment.at, LISTED_MOVES);
}
