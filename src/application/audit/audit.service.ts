import type { Actor } from "../../domain/actor.js";
import {
  AUDIT_TARGET_TYPES,
  type AuditEntry,
  type AuditTargetType,
} from "../../domain/audit/audit-entry.js";
import { ValidationError } from "../../domain/errors.js";
import {
  countAuditEntries,
  findAuditEntry,
  listAuditEntries,
  type AuditQuery,
} from "../../neo4j/audit.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";

export interface AuditFilter {
  readonly targetId?: string | null;
  readonly targetType?: string | null;
  readonly actor?: string | null;
  readonly issuedBy?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

export const MAX_AUDIT_PAGE = 500;

/** Reads the append-only audit trail (every mutation is written to it by the use case itself). */
export class AuditService {
  /** An entry by id, or null. */
  async get(scope: DbScope, actor: Actor, id: string): Promise<AuditEntry | null> {
    authorize(actor, "reading the audit trail", "READER");
    return scope.readTransaction((tx) => findAuditEntry(tx, id));
  }

  async trail(
    scope: DbScope,
    actor: Actor,
    filter: AuditFilter,
    page: PageRequest,
  ): Promise<Page<AuditEntry>> {
    authorize(actor, "reading the audit trail", "READER");
    checkPageSize(page.first, MAX_AUDIT_PAGE);
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
    const after = page.after === null ? null : decodeCursor(AUDIT_LIST, page.after, ["s", "s"]);
    const query: AuditQuery = {
      targetId: filter.targetId ?? null,
      targetType: targetType as AuditTargetType | null,
      actor: filter.actor ?? null,
      issuedBy: filter.issuedBy ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      after: after ? { at: new Date(after[0] as string), id: after[1] as string } : null,
      limit: page.first + 1,
    };
    if (query.after && Number.isNaN(query.after.at.getTime())) {
      throw new ValidationError("after", page.after, "is not a cursor of the auditTrail list");
    }
    const entries = await scope.readTransaction((tx) => listAuditEntries(tx, query));
    return pageFromRows(
      entries,
      page,
      AUDIT_LIST,
      (e) => [e.at.toISOString(), e.id],
      () => scope.readTransaction((tx) => countAuditEntries(tx, query)),
    );
  }
}

const AUDIT_LIST = "auditTrail";
