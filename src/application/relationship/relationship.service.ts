import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import {
  checkRelationship,
  type CiRelationship,
} from "../../domain/relationship/ci-relationship.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { loadCatalogue } from "../../neo4j/catalogue.repository.js";
import { lockCisByIds, lockCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  createRelationships,
  findCurrentRelationships,
  findRelationshipsOfCis,
  lockRelationship,
  removeRelationship,
  type RelationshipQuery,
} from "../../neo4j/relationship.repository.js";
import { authorize } from "../authorization.js";
import { checkReference, describeReference, type CiReference } from "../ci/ci-reference.js";
import { writeMeta } from "../write-meta.js";
import { only } from "../single.js";

/**
 * A relationship's id starts with its source CI's id, so that it is found from that CI (a
 * relationship index in Neo4j needs a fixed type, and these types are data).
 */
export function newRelationshipId(fromId: string): string {
  return `${fromId}:${randomUUID()}`;
}

function sourceOf(relationshipId: string): string {
  const at = relationshipId.indexOf(":");
  if (at <= 0) throw new ValidationError("id", relationshipId, "is not a relationship id");
  return relationshipId.slice(0, at);
}

export interface CreateRelationshipInput {
  readonly from: CiReference;
  readonly to: CiReference;
  readonly type: string;
  readonly reason?: string | null;
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
      const from = await lockEnd(tx, "from", fromRef);
      const to = await lockEnd(tx, "to", toRef);
      const { catalogue } = await loadCatalogue(tx);
      throwIfInvalid(
        checkRelationship(
          input.type,
          from,
          to,
          catalogue,
          `relationship ${from.key} ${input.type} ${to.key}`,
        ),
      );
      const existing = await findCurrentRelationships(tx, [
        { index: 0, fromId: from.id, toId: to.id, type: input.type },
      ]);
      const existingId = existing.get(0);
      if (existingId) {
        throw new ConflictError(
          `${from.key} ${input.type} ${to.key} already exists (id ${existingId})`,
          { existingId },
        );
      }
      const created = await createRelationships(
        tx,
        [{ id: newRelationshipId(from.id), fromId: from.id, toId: to.id, type: input.type }],
        meta,
      );
      return only(created, "the created relationship");
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
    const fromId = sourceOf(id);
    const meta = writeMeta(actor, reason);
    return scope.writeTransaction(async (tx) => {
      const current = await lockRelationship(tx, fromId, id);
      if (!current) throw new NotFoundError("relationship", id);
      if (current.validTo !== null) {
        throw new ConflictError(
          `relationship ${id} was already removed at ${current.validTo.toISOString()}`,
          {
            currentRevision: current.revision,
          },
        );
      }
      if (current.revision !== revision) {
        throw new ConflictError(
          `relationship ${id} is at revision ${String(current.revision)}, not ${String(revision)}`,
          { expectedRevision: revision, currentRevision: current.revision },
        );
      }
      const removed = await removeRelationship(tx, fromId, id, meta);
      return only(removed ? [removed] : [], "the removed relationship");
    });
  }

  /** The relationships of each CI, both directions: the batch behind a per-request loader. */
  async ofCis(
    scope: DbScope,
    ids: readonly string[],
    query: RelationshipQuery,
  ): Promise<CiRelationship[][]> {
    const byCi = await scope.readTransaction((tx) => findRelationshipsOfCis(tx, ids, query));
    return ids.map((id) => byCi.get(id) ?? []);
  }
}

async function lockEnd(
  tx: DbTransaction,
  field: string,
  ref: { id: string } | { key: string },
): Promise<ConfigurationItem> {
  const [ci] = "id" in ref ? await lockCisByIds(tx, [ref.id]) : await lockCisByKeys(tx, [ref.key]);
  if (!ci) throw new NotFoundError(`configuration item (${field})`, describeReference(ref));
  return ci;
}
