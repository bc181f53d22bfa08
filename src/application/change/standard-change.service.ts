import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { parseStandardChange, type StandardChange } from "../../domain/change/standard-change.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import {
  listStandardChanges,
  lockStandardChange,
  saveStandardChange,
} from "../../neo4j/change.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import { checkPageSize, pageOfList, type Page, type PageRequest } from "../paging.js";
import { writeMeta } from "../write-meta.js";

/** The most templates one page lists. */
export const MAX_STANDARD_CHANGE_PAGE = 200;

/** Standard change templates (ADMIN-defined): the changes pre-approved when they stay inside. */
export class StandardChangeService {
  async defineStandardChange(
    scope: DbScope,
    actor: Actor,
    input: Record<string, unknown> & { revision?: number | null },
  ): Promise<StandardChange> {
    authorize(actor, "defining a standard change", "ADMIN");
    const meta = writeMeta(actor, null);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      const parsed = parseStandardChange(input, catalogue);
      throwIfInvalid(parsed.issues);
      const template = parsed.template as NonNullable<typeof parsed.template>;
      const before = await lockStandardChange(tx, template.name);
      const revision = input.revision ?? null;
      if (before && revision !== before.revision) {
        throw new ConflictError(
          `standard change ${template.name} is at revision ${String(before.revision)}; name it to change the template`,
          { currentRevision: before.revision, expectedRevision: revision },
        );
      }
      if (!before && revision !== null) {
        throw new NotFoundError("standard change", template.name);
      }
      const saved = await saveStandardChange(tx, randomUUID(), { ...template }, meta);
      await recordAuditEntries(
        tx,
        [
          {
            operation: before ? "REDEFINE" : "DEFINE",
            targetType: "STANDARD_CHANGE",
            targetId: saved.id,
            targetKey: saved.name,
            before,
            after: saved,
          },
        ],
        meta,
      );
      return saved;
    });
  }

  async standardChanges(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[] | null = null,
  ): Promise<StandardChange[]> {
    authorize(actor, "reading standard changes", "READER");
    return scope.readTransaction((tx) => listStandardChanges(tx, ids));
  }

  /** The templates by name, a page at a time (a short list: read whole, paged in memory). */
  async list(scope: DbScope, actor: Actor, page: PageRequest): Promise<Page<StandardChange>> {
    authorize(actor, "reading standard changes", "READER");
    checkPageSize(page.first, MAX_STANDARD_CHANGE_PAGE);
    const all = await this.standardChanges(scope, actor);
    return pageOfList(all, page, "standardChanges", (s) => [s.name], ["s"]);
  }
}
