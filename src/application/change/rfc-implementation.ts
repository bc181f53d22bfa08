import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import { restoringPatch, type CiFields, type CiPatch } from "../../domain/ci/configuration-item.js";
import type { BeforeImage, RfcOperation } from "../../domain/change/rfc.js";
import { ConflictError, DomainError } from "../../domain/errors.js";
import type { WriteMeta } from "../../neo4j/catalogue.repository.js";
import { readCiRevisions } from "../../neo4j/change.repository.js";
import { lockCisByIds } from "../../neo4j/ci.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";
import { findCurrentRelationships, lockRelationship } from "../../neo4j/relationship.repository.js";
import { changeCiInTx, createCiInTx } from "../ci/ci-writes.js";
import {
  addRelationshipInTx,
  removeRelationshipInTx,
  sourceOfRelationship,
} from "../relationship/relationship-writes.js";
import { statedFields } from "./rfc-operations.js";

/** An operation of an implementation failed: its position, and why. */
export class OperationFailed extends Error {
  constructor(
    readonly index: number,
    readonly operation: RfcOperation,
    readonly error: DomainError,
  ) {
    super(`operation ${String(index + 1)} (${operation.kind}) failed: ${error.message}`);
  }
}

/**
 * Applies the operations in order through the same writes as the direct API, in the caller's
 * transaction, and returns a before-image of each. The first one that fails throws
 * OperationFailed (the caller rolls everything back).
 */
export async function applyOperations(
  tx: DbTransaction,
  catalogue: Catalogue,
  operations: readonly RfcOperation[],
  meta: WriteMeta,
): Promise<BeforeImage[]> {
  const images: BeforeImage[] = [];
  for (const [index, op] of operations.entries()) {
    try {
      images.push(await applyOne(tx, catalogue, op, meta));
    } catch (e) {
      if (e instanceof DomainError && ["VALIDATION", "CONFLICT", "NOT_FOUND"].includes(e.code)) {
        throw new OperationFailed(index, op, e);
      }
      throw e;
    }
  }
  return images;
}

async function applyOne(
  tx: DbTransaction,
  catalogue: Catalogue,
  op: RfcOperation,
  meta: WriteMeta,
): Promise<BeforeImage> {
  switch (op.kind) {
    case "CREATE_CI": {
      const ci = await createCiInTx(tx, catalogue, op.ci as unknown as CiFields, meta);
      return {
        kind: "CI",
        operation: op.kind,
        ciId: ci.id,
        ciKey: ci.key,
        before: null,
        revisionAfter: ci.revision,
      };
    }
    case "UPDATE_CI":
    case "RETIRE_CI": {
      const patch: CiPatch = op.kind === "UPDATE_CI" ? op.changes : { lifecycle: "RETIRED" };
      const operation = op.kind === "UPDATE_CI" ? "UPDATE" : "RETIRE";
      const { before, after } = await changeCiInTx(
        tx,
        catalogue,
        { id: op.ciId },
        op.revision,
        patch,
        operation,
        meta,
      );
      return {
        kind: "CI",
        operation: op.kind,
        ciId: after.id,
        ciKey: after.key,
        before: statedFields(before),
        revisionAfter: after.revision,
      };
    }
    case "ADD_RELATIONSHIP": {
      const r = await addRelationshipInTx(
        tx,
        catalogue,
        { key: op.fromKey },
        { key: op.toKey },
        op.type,
        meta,
      );
      return relationshipImage(op.kind, r, `${op.fromKey} ${op.type} ${op.toKey}`);
    }
    case "REMOVE_RELATIONSHIP": {
      const r = await removeRelationshipInTx(tx, op.relationshipId, null, meta);
      return relationshipImage(op.kind, r, `${op.fromKey} ${op.type} ${op.toKey}`);
    }
  }
}

function relationshipImage(
  operation: "ADD_RELATIONSHIP" | "REMOVE_RELATIONSHIP",
  r: { id: string; fromId: string; toId: string; type: string },
  label: string,
): BeforeImage {
  return {
    kind: "RELATIONSHIP",
    operation,
    relationshipId: r.id,
    fromId: r.fromId,
    toId: r.toId,
    type: r.type,
    label,
  };
}

/** Something a later write changed that a back-out would overwrite. */
export interface BackOutConflict {
  readonly target: string;
  readonly message: string;
}

/**
 * Restores the before-images in the caller's transaction: added relationships are ended, CIs get
 * their before-state back (created ones are retired), removed relationships are made again.
 * Everything is checked first; any conflict refuses the whole back-out, listing them all.
 */
export async function backOutImages(
  tx: DbTransaction,
  catalogue: Catalogue,
  images: readonly BeforeImage[],
  meta: WriteMeta,
): Promise<void> {
  const conflicts: BackOutConflict[] = [];
  const cis = images.filter((i): i is Extract<BeforeImage, { kind: "CI" }> => i.kind === "CI");
  const rels = images.filter(
    (i): i is Extract<BeforeImage, { kind: "RELATIONSHIP" }> => i.kind === "RELATIONSHIP",
  );

  // per CI: the revision the implementation left it at (its last image) and its first before-state
  const perCi = new Map<
    string,
    { key: string; first: (typeof cis)[number]; last: number; relRevision: number | null }
  >();
  for (const image of cis) {
    const seen = perCi.get(image.ciId);
    const relRevision = image.relRevisionAfter ?? null;
    if (seen) {
      seen.last = image.revisionAfter;
      seen.relRevision = relRevision ?? seen.relRevision;
    } else {
      perCi.set(image.ciId, {
        key: image.ciKey,
        first: image,
        last: image.revisionAfter,
        relRevision,
      });
    }
  }
  const ids = [...perCi.keys()];
  const current = new Map((await lockCisByIds(tx, ids)).map((c) => [c.id, c] as const));
  const relRevisions = await readCiRevisions(tx, ids);
  for (const [id, p] of perCi) {
    const now = current.get(id);
    if (!now) {
      conflicts.push({ target: p.key, message: `CI ${p.key} no longer exists` });
      continue;
    }
    if (now.revision !== p.last) {
      conflicts.push({
        target: now.key,
        message: `CI ${now.key} is at revision ${String(now.revision)}; the implementation left it at ${String(p.last)}: a later write changed it`,
      });
    }
    const relNow = relRevisions.get(id)?.revisions[1] ?? 0;
    if (p.relRevision !== null && relNow !== p.relRevision) {
      conflicts.push({
        target: now.key,
        message: `relationships at CI ${now.key} were added or removed after the implementation`,
      });
    }
  }
  for (const image of rels) {
    if (image.operation === "ADD_RELATIONSHIP") {
      const r = await lockRelationship(
        tx,
        sourceOfRelationship(image.relationshipId),
        image.relationshipId,
      );
      if (!r || r.validTo !== null) {
        conflicts.push({
          target: image.label,
          message: `relationship ${image.label} was removed after the implementation${r?.removedBy ? ` (by ${r.removedBy})` : ""}`,
        });
      }
    }
  }
  const readded = await findCurrentRelationships(
    tx,
    rels
      .map((image, index) => ({ image, index }))
      .filter(({ image }) => image.operation === "REMOVE_RELATIONSHIP")
      .map(({ image, index }) => ({
        index,
        fromId: image.fromId,
        toId: image.toId,
        type: image.type,
      })),
  );
  for (const [index] of readded) {
    const image = rels[index];
    if (image) {
      conflicts.push({
        target: image.label,
        message: `relationship ${image.label} was added again after the implementation`,
      });
    }
  }
  if (conflicts.length > 0) throw backOutConflict(conflicts);

  try {
    for (const image of rels) {
      if (image.operation === "ADD_RELATIONSHIP") {
        await removeRelationshipInTx(tx, image.relationshipId, null, meta);
      }
    }
    for (const [id, p] of [...perCi].reverse()) {
      // the before-image is the CI's whole state: its attributes come back whole, not merged
      const patch: CiPatch =
        p.first.before === null ? { lifecycle: "RETIRED" } : restoringPatch(p.first.before);
      await changeCiInTx(tx, catalogue, { id }, p.last, patch, "BACK_OUT", meta);
    }
    for (const image of rels) {
      if (image.operation === "REMOVE_RELATIONSHIP") {
        await addRelationshipInTx(
          tx,
          catalogue,
          { id: image.fromId },
          { id: image.toId },
          image.type,
          meta,
        );
      }
    }
  } catch (e) {
    if (e instanceof DomainError && ["VALIDATION", "CONFLICT", "NOT_FOUND"].includes(e.code)) {
      throw backOutConflict([
        {
          target: typeof e.details.subject === "string" ? e.details.subject : "",
          message: e.message,
        },
      ]);
    }
    throw e;
  }
}

function backOutConflict(conflicts: BackOutConflict[]): ConflictError {
  return new ConflictError(
    `the back-out would overwrite later changes: ${conflicts.map((c) => c.message).join("; ")}`,
    { conflicts },
  );
}
