import { randomUUID } from "node:crypto";
import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import type { ConfigurationItem } from "../../domain/ci/configuration-item.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import {
  checkRelationship,
  type CiRelationship,
} from "../../domain/relationship/ci-relationship.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import { lockCisByIds, lockCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";
import {
  createRelationships,
  findCurrentRelationships,
  lockRelationship,
  removeRelationship,
} from "../../neo4j/relationship.repository.js";
import { describeReference } from "../ci/ci-reference.js";
import { only } from "../single.js";

/**
 * A relationship's id starts with its source CI's id, so that it is found from that CI (a
 * relationship index in Neo4j needs a fixed type, and these types are data).
 */
export function newRelationshipId(fromId: string): string {
  return `${fromId}:${randomUUID()}`;
}

export function sourceOfRelationship(relationshipId: string, field = "id"): string {
  const at = relationshipId.indexOf(":");
  if (at <= 0) throw new ValidationError(field, relationshipId, "is not a relationship id");
  return relationshipId.slice(0, at);
}

/**
 * The relationship writes inside a transaction, shared by the direct API and an RFC's
 * implementation and back-out; each is audited in the transaction that makes it.
 */
export async function addRelationshipInTx(
  tx: DbTransaction,
  catalogue: Catalogue,
  fromRef: { id: string } | { key: string },
  toRef: { id: string } | { key: string },
  type: string,
  meta: WriteMeta,
): Promise<CiRelationship> {
  const from = await lockEnd(tx, "from", fromRef);
  const to = await lockEnd(tx, "to", toRef);
  throwIfInvalid(
    checkRelationship(type, from, to, catalogue, `relationship ${from.key} ${type} ${to.key}`),
  );
  const existing = await findCurrentRelationships(tx, [
    { index: 0, fromId: from.id, toId: to.id, type },
  ]);
  const existingId = existing.get(0);
  if (existingId) {
    throw new ConflictError(`${from.key} ${type} ${to.key} already exists (id ${existingId})`, {
      existingId,
    });
  }
  const created = only(
    await createRelationships(
      tx,
      [{ id: newRelationshipId(from.id), fromId: from.id, toId: to.id, type }],
      meta,
    ),
    "the created relationship",
  );
  await auditRelationship(tx, "CREATE", null, created, `${from.key} ${type} ${to.key}`, meta);
  return created;
}

/** Ends the relationship; with `expectedRevision`, one at another revision is a CONFLICT. */
export async function removeRelationshipInTx(
  tx: DbTransaction,
  id: string,
  expectedRevision: number | null,
  meta: WriteMeta,
): Promise<CiRelationship> {
  const fromId = sourceOfRelationship(id);
  const current = await lockRelationship(tx, fromId, id);
  if (!current) throw new NotFoundError("relationship", id);
  if (current.validTo !== null) {
    throw new ConflictError(
      `relationship ${id} was already removed at ${current.validTo.toISOString()}`,
      { id, currentRevision: current.revision },
    );
  }
  if (expectedRevision !== null && current.revision !== expectedRevision) {
    throw new ConflictError(
      `relationship ${id} is at revision ${String(current.revision)}, not ${String(expectedRevision)}`,
      { id, expectedRevision, currentRevision: current.revision },
    );
  }
  const removed = only(
    [await removeRelationship(tx, fromId, id, meta)].filter((r) => r !== null),
    "the removed relationship",
  );
  await auditRelationship(tx, "REMOVE", current, removed, null, meta);
  return removed;
}

/**
 * Ends the relationship of `type` in force from one CI to the other: a relationship is named by
 * its ends and type (ADR 009). NOT_FOUND when either CI or such a relationship is missing.
 */
export async function removeRelationshipBetweenInTx(
  tx: DbTransaction,
  fromRef: { id: string } | { key: string },
  toRef: { id: string } | { key: string },
  type: string,
  meta: WriteMeta,
): Promise<CiRelationship> {
  const from = await lockEnd(tx, "from", fromRef);
  const to = await lockEnd(tx, "to", toRef);
  const current = await findCurrentRelationships(tx, [
    { index: 0, fromId: from.id, toId: to.id, type },
  ]);
  const id = current.get(0);
  if (!id) throw new NotFoundError("relationship", `${from.key} ${type} ${to.key}`);
  return removeRelationshipInTx(tx, id, null, meta);
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

async function auditRelationship(
  tx: DbTransaction,
  operation: string,
  before: CiRelationship | null,
  after: CiRelationship,
  label: string | null,
  meta: WriteMeta,
): Promise<void> {
  await recordAuditEntries(
    tx,
    [
      {
        operation,
        targetType: "RELATIONSHIP",
        targetId: after.id,
        targetKey: label,
        before,
        after,
      },
    ],
    meta,
  );
}
