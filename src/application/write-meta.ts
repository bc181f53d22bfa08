import type { Actor } from "../domain/actor.js";
import { ValidationError } from "../domain/errors.js";
import type { WriteMeta } from "../neo4j/catalogue.repository.js";

/** Who, when and why of one write; every version and relationship written in it carries the same. */
export function writeMeta(
  actor: Actor,
  reason: string | null | undefined,
  rfcId: string | null = null,
): WriteMeta {
  const trimmed = reason?.trim() ?? null;
  if (trimmed !== null && trimmed.length > 2000) {
    throw new ValidationError("reason", reason, "must be at most 2000 characters");
  }
  return {
    now: new Date().toISOString(),
    actor: actor.user,
    issuedBy: actor.issuedBy ?? null,
    reason: trimmed || null,
    rfcId,
  };
}
