import type { Catalogue } from "../../domain/catalogue/catalogue.js";
import {
  applyPatch,
  checkCiAgainstCatalogue,
  CI_FIELDS,
  type CiFields,
  type ConfigurationItem,
} from "../../domain/ci/configuration-item.js";
import type { RfcOperation } from "../../domain/change/rfc.js";
import type { ParsedOperation, ParsedRfcContent } from "../../domain/change/rfc-input.js";
import { checkRelationship } from "../../domain/relationship/ci-relationship.js";
import type { ValidationIssue } from "../../domain/validation.js";
import { findCisByIds, findCisByKeys } from "../../neo4j/ci.repository.js";
import type { DbTransaction } from "../../neo4j/database.js";
import { findCurrentRelationships, findRelationship } from "../../neo4j/relationship.repository.js";
import { sourceOfRelationship } from "../relationship/relationship-writes.js";

export interface ResolvedContent {
  readonly affectedCiIds: string[];
  readonly operations: RfcOperation[];
  /** Existing CIs the RFC names: affected ones and the targets of its operations. */
  readonly touched: ConfigurationItem[];
  /** CIs its operations would create (their key and type). */
  readonly created: { key: string; type: string }[];
  readonly issues: ValidationIssue[];
}

/** A CI as the operations before this one would leave it (id null: created by the RFC). */
interface Overlay {
  id: string | null;
  fields: CiFields;
}

/**
 * Looks up every CI the RFC names and checks its operations in order, each against the CMDB as
 * the operations before it would leave it: the same rules as a direct write (catalogue, keys,
 * relationship ends), so that a draft that passes can be implemented unless the CMDB moves.
 */
export async function resolveContent(
  tx: DbTransaction,
  catalogue: Catalogue,
  content: ParsedRfcContent,
): Promise<ResolvedContent> {
  const issues: ValidationIssue[] = [];
  const add = (field: string, value: unknown, rule: string): void => {
    issues.push({ subject: null, field, value, rule });
  };
  const keys = new Set(content.affectedCiKeys);
  for (const op of content.operations) for (const k of keysOf(op)) keys.add(k);
  const existing = keys.size ? await findCisByKeys(tx, [...keys]) : [];
  const byKey = new Map(existing.map((c) => [c.key, c]));
  const touched = new Map<string, ConfigurationItem>();

  const affectedCiIds: string[] = [];
  for (const key of content.affectedCiKeys) {
    const ci = byKey.get(key);
    if (!ci) add("affectedCiKeys", key, "no CI has this key");
    else {
      affectedCiIds.push(ci.id);
      touched.set(ci.id, ci);
    }
  }

  const overlay = new Map<string, Overlay>(existing.map((c) => [c.key, { id: c.id, fields: c }]));
  const created: { key: string; type: string }[] = [];
  const operations: RfcOperation[] = [];
  const relationshipChecks: { index: number; fromId: string; toId: string; type: string }[] = [];
  const added = new Set<string>();
  const removed = new Set<string>();

  for (const [i, op] of content.operations.entries()) {
    const at = `operations[${String(i)}]`;
    const existingCi = (field: string, key: string): (Overlay & { id: string }) | null => {
      const o = overlay.get(key);
      if (!o) {
        add(`${at}.${field}`, key, "no CI has this key (at this point of the RFC)");
        return null;
      }
      if (o.id === null) {
        add(`${at}.${field}`, key, "is created by this RFC; state its fields in the CREATE_CI");
        return null;
      }
      return { id: o.id, fields: o.fields };
    };
    switch (op.kind) {
      case "CREATE_CI": {
        if (overlay.has(op.fields.key)) {
          add(`${at}.ci.key`, op.fields.key, "a CI with this key already exists");
          break;
        }
        issues.push(...prefix(at, checkCiAgainstCatalogue(op.fields, catalogue, null)));
        overlay.set(op.fields.key, { id: null, fields: op.fields });
        created.push({ key: op.fields.key, type: op.fields.type });
        operations.push({ kind: "CREATE_CI", ci: { ...op.fields } });
        break;
      }
      case "UPDATE_CI":
      case "RETIRE_CI": {
        const ci = existingCi("ciKey", op.ciKey);
        if (!ci) break;
        const now = byKey.get(op.ciKey) ?? [...byKey.values()].find((c) => c.id === ci.id);
        if (now) touched.set(now.id, now);
        if (op.revision !== null && now && now.revision !== op.revision) {
          add(
            `${at}.revision`,
            op.revision,
            `CI ${op.ciKey} is at revision ${String(now.revision)}: it changed since it was read`,
          );
        }
        if (op.kind === "RETIRE_CI" && ci.fields.lifecycle === "RETIRED") {
          add(`${at}.ciKey`, op.ciKey, "is already RETIRED");
          break;
        }
        const patch = op.kind === "UPDATE_CI" ? op.changes : { lifecycle: "RETIRED" as const };
        const fields = applyPatch(ci.fields, patch);
        issues.push(...prefix(at, checkCiAgainstCatalogue(fields, catalogue, null)));
        if (fields.key !== op.ciKey) {
          if (overlay.has(fields.key)) {
            add(`${at}.changes.key`, fields.key, "a CI with this key already exists");
            break;
          }
          overlay.delete(op.ciKey);
        }
        overlay.set(fields.key, { id: ci.id, fields });
        operations.push(
          op.kind === "UPDATE_CI"
            ? {
                kind: "UPDATE_CI",
                ciKey: op.ciKey,
                ciId: ci.id,
                changes: op.changes,
                revision: op.revision,
              }
            : { kind: "RETIRE_CI", ciKey: op.ciKey, ciId: ci.id, revision: op.revision },
        );
        break;
      }
      case "ADD_RELATIONSHIP": {
        const from = overlay.get(op.fromKey);
        const to = overlay.get(op.toKey);
        if (!from)
          add(`${at}.fromKey`, op.fromKey, "no CI has this key (at this point of the RFC)");
        if (!to) add(`${at}.toKey`, op.toKey, "no CI has this key (at this point of the RFC)");
        if (!from || !to) break;
        issues.push(
          ...prefix(at, checkRelationship(op.type, from.fields, to.fields, catalogue, null)),
        );
        const signature = `${op.fromKey}|${op.type}|${op.toKey}`;
        if (added.has(signature)) add(at, signature, "the RFC adds this relationship twice");
        added.add(signature);
        for (const end of [from, to]) {
          const ci = end.id ? existing.find((c) => c.id === end.id) : undefined;
          if (ci) touched.set(ci.id, ci);
        }
        if (from.id && to.id) {
          relationshipChecks.push({ index: i, fromId: from.id, toId: to.id, type: op.type });
        }
        operations.push({
          kind: "ADD_RELATIONSHIP",
          fromKey: op.fromKey,
          toKey: op.toKey,
          type: op.type,
        });
        break;
      }
      case "REMOVE_RELATIONSHIP": {
        const found = await findRelationshipToRemove(tx, op, byKey);
        if (typeof found === "string") {
          add(
            `${at}.${op.relationshipId ? "relationshipId" : "fromKey"}`,
            op.relationshipId ?? op.fromKey,
            found,
          );
          break;
        }
        if (removed.has(found.id)) add(at, found.id, "the RFC removes this relationship twice");
        removed.add(found.id);
        for (const ci of found.ends) touched.set(ci.id, ci);
        operations.push({
          kind: "REMOVE_RELATIONSHIP",
          relationshipId: found.id,
          fromKey: found.fromKey,
          toKey: found.toKey,
          type: found.type,
        });
        break;
      }
    }
  }
  const duplicates = await findCurrentRelationships(tx, relationshipChecks);
  for (const [index, id] of duplicates) {
    add(`operations[${String(index)}]`, id, "this relationship already exists");
  }
  return { affectedCiIds, operations, touched: [...touched.values()], created, issues };
}

function keysOf(op: ParsedOperation): string[] {
  switch (op.kind) {
    case "CREATE_CI":
      return [op.fields.key];
    case "UPDATE_CI":
    case "RETIRE_CI":
      return [op.ciKey];
    case "ADD_RELATIONSHIP":
      return [op.fromKey, op.toKey];
    case "REMOVE_RELATIONSHIP":
      return [op.fromKey, op.toKey].filter((k): k is string => k !== null);
  }
}

function prefix(at: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => ({ ...i, field: `${at}.${i.field}` }));
}

async function findRelationshipToRemove(
  tx: DbTransaction,
  op: Extract<ParsedOperation, { kind: "REMOVE_RELATIONSHIP" }>,
  byKey: ReadonlyMap<string, ConfigurationItem>,
): Promise<
  | {
      id: string;
      fromId: string;
      toId: string;
      fromKey: string;
      toKey: string;
      type: string;
      ends: ConfigurationItem[];
    }
  | string
> {
  let id = op.relationshipId;
  if (id === null) {
    const from = op.fromKey ? byKey.get(op.fromKey) : undefined;
    const to = op.toKey ? byKey.get(op.toKey) : undefined;
    if (!from || !to || op.type === null) return "no CI has this key";
    const found = await findCurrentRelationships(tx, [
      { index: 0, fromId: from.id, toId: to.id, type: op.type },
    ]);
    id = found.get(0) ?? null;
    if (id === null) return `${from.key} ${op.type} ${to.key} is not a relationship in force`;
  }
  let fromId: string;
  try {
    fromId = sourceOfRelationship(id, "relationshipId");
  } catch {
    return "is not a relationship id";
  }
  const r = await findRelationship(tx, fromId, id);
  if (!r) return "no relationship has this id";
  if (r.validTo !== null) return `was already removed at ${r.validTo.toISOString()}`;
  const ends = await findCisByIds(tx, [r.fromId, r.toId]);
  const end = (ciId: string): ConfigurationItem | undefined => ends.find((c) => c.id === ciId);
  return {
    id: r.id,
    fromId: r.fromId,
    toId: r.toId,
    fromKey: end(r.fromId)?.key ?? r.fromId,
    toKey: end(r.toId)?.key ?? r.toId,
    type: r.type,
    ends,
  };
}

/** The stated fields of a CI (what a back-out writes back). */
export function statedFields(ci: CiFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CI_FIELDS) out[f] = ci[f];
  return out;
}
