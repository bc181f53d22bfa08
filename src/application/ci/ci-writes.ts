import { randomUUID } from "node:crypto";
import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import {
  applyPatch,
  checkCiAgainstCatalogue,
  diffCi,
  type CiFields,
  type CiPatch,
  type ConfigurationItem,
} from "../../domain/ci/configuration-item.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { throwIfInvalid } from "../../domain/validation.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import {
  createCis,
  lockCisByIds,
  lockCisByKeys,
  updateCis,
  type CiWrite,
} from "../../neo4j/ci.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";
import { only } from "../single.js";
import { describeReference } from "./ci-reference.js";

/**
 * The CI writes inside a transaction: the direct API and an RFC's implementation run the same
 * rules, and each write is audited in the transaction that makes it.
 */
export async function createCiInTx(
  tx: DbTransaction,
  catalogue: Catalogue,
  fields: CiFields,
  meta: WriteMeta,
): Promise<ConfigurationItem> {
  throwIfInvalid(checkCiAgainstCatalogue(fields, catalogue, `CI ${fields.key}`));
  const [existing] = await lockCisByKeys(tx, [fields.key]);
  if (existing) {
    throw new ConflictError(`a CI with key ${fields.key} already exists (id ${existing.id})`, {
      field: "key",
      value: fields.key,
      existingId: existing.id,
    });
  }
  const created = only(
    await createCis(
      tx,
      [{ id: randomUUID(), fields, operation: "CREATE", changes: diffCi(null, fields) }],
      meta,
    ),
    "the created CI",
  );
  await auditCi(tx, "CREATE", null, created, meta);
  return created;
}

export interface CiChange {
  readonly before: ConfigurationItem;
  readonly after: ConfigurationItem;
}

/**
 * Applies `patch` over the CI (locked first). With `expectedRevision`, a CI at another revision
 * is a CONFLICT. A patch that changes nothing writes nothing (before and after are the same).
 */
export async function changeCiInTx(
  tx: DbTransaction,
  catalogue: Catalogue,
  ref: { id: string } | { key: string },
  expectedRevision: number | null,
  patch: CiPatch,
  operation: CiWrite["operation"],
  meta: WriteMeta,
): Promise<CiChange> {
  const current = await lockCi(tx, ref);
  if (expectedRevision !== null && current.revision !== expectedRevision) {
    throw new ConflictError(
      `CI ${current.key} is at revision ${String(current.revision)}, not ${String(expectedRevision)}: it changed since it was read`,
      {
        id: current.id,
        key: current.key,
        expectedRevision,
        currentRevision: current.revision,
      },
    );
  }
  const fields = applyPatch(current, patch);
  throwIfInvalid(checkCiAgainstCatalogue(fields, catalogue, `CI ${current.key}`));
  if (fields.key !== current.key) {
    const [clash] = await lockCisByKeys(tx, [fields.key]);
    if (clash)
      throw new ConflictError(`a CI with key ${fields.key} already exists (id ${clash.id})`, {
        field: "key",
        value: fields.key,
        existingId: clash.id,
      });
  }
  const changes = diffCi(current, fields);
  if (changes.length === 0) return { before: current, after: current };
  const after = only(
    await updateCis(tx, [{ id: current.id, fields, operation, changes }], meta),
    "the updated CI",
  );
  await auditCi(tx, operation, current, after, meta);
  return { before: current, after };
}

export async function lockCi(
  tx: DbTransaction,
  ref: { id: string } | { key: string },
): Promise<ConfigurationItem> {
  const [ci] = "id" in ref ? await lockCisByIds(tx, [ref.id]) : await lockCisByKeys(tx, [ref.key]);
  if (!ci) throw new NotFoundError("configuration item", describeReference(ref));
  return ci;
}

async function auditCi(
  tx: DbTransaction,
  operation: string,
  before: ConfigurationItem | null,
  after: ConfigurationItem,
  meta: WriteMeta,
): Promise<void> {
  await recordAuditEntries(
    tx,
    [
      {
        operation,
        targetType: "CONFIGURATION_ITEM",
        targetId: after.id,
        targetKey: after.key,
        before,
        after,
      },
    ],
    meta,
  );
}
