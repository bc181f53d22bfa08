import { Catalogue, type CiType, type RelationshipType } from "../domain/catalogue/catalogue.js";
import type { AttributeDefinition } from "../domain/catalogue/catalogue.js";
import type { DependentEnd } from "../domain/interchange/interchange-document.js";
import type { DbTransaction, Row } from "./database.js";
import { parseJsonText } from "./plain-values.js";

/** What the store keeps about a definition besides the definition itself. */
export interface StoredDefinition {
  readonly builtIn: boolean;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Who wrote its current revision (a user, or the product for its default catalogue). */
  readonly updatedBy: string | null;
}

export interface StoredCiType extends CiType, StoredDefinition {}

export interface StoredRelationshipType extends RelationshipType, StoredDefinition {}

export interface StoredCatalogue {
  readonly catalogue: Catalogue;
  readonly ciTypes: StoredCiType[];
  readonly relationshipTypes: StoredRelationshipType[];
}

export async function loadCatalogue(tx: DbTransaction): Promise<StoredCatalogue> {
  const ciRows = await tx.run("catalogue/list-ci-types");
  const relRows = await tx.run("catalogue/list-relationship-types");
  const ciTypes = ciRows.map((r) => toCiType(r.type as Row));
  const relationshipTypes = relRows.map((r) => toRelationshipType(r.type as Row));
  return { catalogue: new Catalogue(ciTypes, relationshipTypes), ciTypes, relationshipTypes };
}

export interface WriteMeta {
  readonly now: string;
  readonly actor: string;
  /**
   * Who issued the actor's credential (a token's ADMIN, an identity provider); the audit trail
   * records it beside the actor. Null when nobody did (system writes, tests acting directly).
   */
  readonly issuedBy?: string | null;
  readonly reason: string | null;
  readonly rfcId: string | null;
  /** The import that writes (its id marks what it created, so that an abort can undo it). */
  readonly importId?: string | null;
}

export async function upsertCiTypes(
  tx: DbTransaction,
  types: readonly CiType[],
  builtIn: boolean,
  meta: WriteMeta,
): Promise<void> {
  if (types.length === 0) return;
  await tx.run("catalogue/upsert-ci-types", {
    types: types.map((t) => ({
      name: t.name,
      parent: t.parent,
      description: t.description,
      attributes: JSON.stringify(t.attributes),
      builtIn,
    })),
    now: meta.now,
    actor: meta.actor,
  });
}

export async function upsertRelationshipTypes(
  tx: DbTransaction,
  types: readonly RelationshipType[],
  builtIn: boolean,
  meta: WriteMeta,
): Promise<void> {
  if (types.length === 0) return;
  await tx.run("catalogue/upsert-relationship-types", {
    types: types.map((t) => ({ ...t, builtIn })),
    now: meta.now,
    actor: meta.actor,
  });
}

function toCiType(row: Row): StoredCiType {
  return {
    name: String(row.name),
    parent: (row.parent as string | null) ?? null,
    description: (row.description as string | null) ?? null,
    attributes: parseJsonText<AttributeDefinition[]>(row.attributes, []),
    ...storedDefinition(row),
  };
}

function storedDefinition(row: Row): StoredDefinition {
  return {
    builtIn: row.builtIn === true,
    revision: Number(row.revision),
    createdAt: row.createdAt as Date,
    updatedAt: row.updatedAt as Date,
    updatedBy: (row.updatedBy as string | null) ?? null,
  };
}

function toRelationshipType(row: Row): StoredRelationshipType {
  return {
    name: String(row.name),
    inverseName: String(row.inverseName),
    dependent: row.dependent as DependentEnd,
    allowedSourceTypes: (row.allowedSourceTypes as string[] | null) ?? null,
    allowedTargetTypes: (row.allowedTargetTypes as string[] | null) ?? null,
    description: (row.description as string | null) ?? null,
    membership: row.membership === true,
    ...storedDefinition(row),
  };
}
