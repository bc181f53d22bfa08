import type { Actor } from "../../domain/actor.js";
import { ValidationError } from "../../domain/errors.js";
import {
  MAX_RELATIONSHIPS_PER_CI,
  type CiRelationship,
} from "../../domain/relationship/ci-relationship.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import type { DbScope } from "../../neo4j/database.js";
import {
  countRelationshipsOfCi,
  findRelationshipsOfCis,
  listRelationshipsOfCisPage,
  type RelationshipPageQuery,
  type RelationshipQuery,
} from "../../neo4j/relationship.repository.js";
import {
  checkPageSize,
  decodeCursor,
  pageFromRows,
  type Page,
  type PageRequest,
} from "../paging.js";
import { authorize } from "../authorization.js";
import { checkReference, type CiReference } from "../ci/ci-reference.js";
import { writeMeta } from "../write-meta.js";
import {
  addRelationshipInTx,
  removeRelationshipBetweenInTx,
  removeRelationshipInTx,
  sourceOfRelationship,
} from "./relationship-writes.js";

export interface CreateRelationshipInput {
  readonly from: CiReference;
  readonly to: CiReference;
  readonly type: string;
  readonly reason?: string | null;
}

export interface RemoveRelationshipInput {
  readonly from: CiReference;
  readonly to: CiReference;
  readonly type: string;
  readonly reason?: string | null;
}

/** A cursor of one CI's relationships is refused by another's. */
function relationshipList(ciId: string): string {
  return `relationships of ${ciId}`;
}

export class RelationshipService {
  async create(
    scope: DbScope,
    actor: Actor,
    input: CreateRelationshipInput,
  ): Promise<CiRelationship> {
    authorize(actor, "creating a relationship", "EDITOR");
    const fromRef = checkReference("from", input.from);
    const toRef = checkReference("to", input.to);
    const meta = writeMeta(actor, input.reason);
    return scope.writeTransaction(async (tx) => {
      const { catalogue } = await loadCatalogue(tx);
      return addRelationshipInTx(tx, catalogue, fromRef, toRef, input.type, meta);
    });
  }

  /** Ends the relationship at `revision` (it stays as history); a stale revision is a CONFLICT. */
  async remove(
    scope: DbScope,
    actor: Actor,
    id: string,
    revision: number,
    reason?: string | null,
  ): Promise<CiRelationship> {
    authorize(actor, "removing a relationship", "EDITOR");
    if (!Number.isInteger(revision) || revision < 1) {
      throw new ValidationError(
        "revision",
        revision,
        "must be the revision read (a positive integer)",
      );
    }
    sourceOfRelationship(id);
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction((tx) => removeRelationshipInTx(tx, id, revision, meta));
  }

  /**
   * Ends the relationship of `type` in force from one CI to the other (named by their ends and
   * type, ADR 009); NOT_FOUND when none is in force. It stays as history.
   */
  async removeBetween(
    scope: DbScope,
    actor: Actor,
    input: RemoveRelationshipInput,
  ): Promise<CiRelationship> {
    authorize(actor, "removing a relationship", "EDITOR");
    const fromRef = checkReference("from", input.from);
    const toRef = checkReference("to", input.to);
    const meta = writeMeta(actor, input.reason);
    return scope.writeTransaction((tx) =>
      removeRelationshipBetweenInTx(tx, fromRef, toRef, input.type, meta),
    );
  }

  /**
   * A page of each CI's relationships (the same query and page request for each), by type then
   * id: the batch behind a per-request loader. A cursor of another CI's list is refused
   * (VALIDATION naming `after`).
   */
  async pagesOfCis(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
    query: RelationshipPageQuery,
    page: PageRequest,
  ): Promise<Page<CiRelationship>[]> {
    authorize(actor, "reading relationships", "READER");
    checkPageSize(page.first, MAX_RELATIONSHIPS_PER_CI);
    const afters = ids.map((id) => {
      if (page.after === null) return null;
      const [type, rid] = decodeCursor(relationshipList(id), page.after, ["s", "s"]);
      return { type: type as string, id: rid as string };
    });
    const byCi = await scope.readTransaction((tx) =>
      listRelationshipsOfCisPage(tx, ids, query, {
        after: afters[0] ?? null,
        limit: page.first + 1,
      }),
    );
    return ids.map((id) =>
      pageFromRows(
        byCi.get(id) ?? [],
        page,
        relationshipList(id),
        (r) => [r.type, r.id],
        () => scope.readTransaction((tx) => countRelationshipsOfCi(tx, id, query)),
      ),
    );
  }

  /** The relationships of each CI, both directions: the batch behind a per-request loader. */
  async ofCis(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
    query: RelationshipQuery,
  ): Promise<CiRelationship[][]> {
    authorize(actor, "reading relationships", "READER");
    const byCi = await scope.readTransaction((tx) => findRelationshipsOfCis(tx, ids, query));
    return ids.map((id) => byCi.get(id) ?? []);
  }
}
