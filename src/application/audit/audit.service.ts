import type { Actor } from "../../domain/actor.js";
import {
  AUDIT_TARGET_TYPES,
  type AuditEntry,
  type AuditTargetType,
} from "../../domain/audit/audit-entry.js";
import { ValidationError } from "../../domain/errors.js";
import { listAuditEntries } from "../../neo4j/audit.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";

export interface AuditFilter {
  readonly targetId?: string | null;
  readonly targetType?: string | null;
  readonly actor?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

export interface AuditPage {
  readonly entries: AuditEntry[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export const MAX_AUDIT_PAGE = 500;

/** Reads the append-only audit trail (every mutation is written to it by the use case itself). */
export class AuditService {
  async trail(
    scope: DbScope,
    actor: Actor,
    filter: AuditFilter,
    page: { first: number; after: string | null },
  ): Promise<AuditPage> {
    authorize(actor, "reading the audit trail", "READER");
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_AUDIT_PAGE) {
      throw new ValidationError("first", page.first, `must be from 1 to ${String(MAX_AUDIT_PAGE)}`);
    }
    const targetType = filter.targetType ?? null;
    if (targetType !== null && !AUDIT_TARGET_TYPES.includes(targetType as AuditTargetType)) {
      throw new ValidationError(
        "filter.targetType",
        targetType,
        `must be one of ${AUDIT_TARGET_TYPES.join(", ")}`,
      );
    }
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new ValidationError("filter.to", filter.to, "must be after filter.from");
    }
    const entries = await scope.readTransaction((tx) =>
      listAuditEntries(tx, {
        targetId: filter.targetId ?? null,
        targetType: targetType as AuditTargetType | null,
        actor: filter.actor ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
        after: page.after === null ? null : decodeAuditCursor(page.after),
        limit: page.first + 1,
      }),
    );
    const listed = entries.slice(0, page.first);
    const last = listed[listed.length - 1];
    return {
      entries: listed,
      hasNextPage: entries.length > page.first,
      endCursor: last ? encodeAuditCursor(last) : null,
    };
  }
}

function encodeAuditCursor(e: AuditEntry): string {
  return Buffer.from(`a:${e.at.toISOString()}|${e.id}`, "utf8").toString("base64url");
}

function decodeAuditCursor(cursor: string): { at: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const [at, id] = text.startsWith("a:") ? text.slice(2).split("|") : [];
  const when = at ? new Date(at) : null;
  if (!when || Number.isNaN(when.getTime()) || !id) {
    throw new ValidationError("after", cursor, "is not a cursor this API gave");
  }
  return { at: when, id };
}
