import type { CiFields, FieldChange } from "../ci/configuration-item.js";
import type { RelationshipChange } from "./reconciliation.js";

/** What a retrospective RFC is drafted from: an unauthorized change as discovery recorded it. */
export interface UnauthorizedDifference {
  readonly changes: readonly FieldChange[];
  readonly relationships: readonly RelationshipChange[];
}

/** The CMDB as it is when the RFC is drafted. */
export interface RetrospectiveContext {
  /** The CI the change is about, now (its key may have changed since). */
  readonly ci: CiFields & { readonly revision: number };
  /** `from type to` of the change's relationships that are in force now. */
  readonly inForce: ReadonlySet<string>;
  /** Keys of the change's relationships' ends that name a CI now. */
  readonly existingKeys: ReadonlySet<string>;
}

/** An RFC operation as `RfcService.create` reads it. */
export type RetrospectiveOperation = Readonly<Record<string, unknown>>;

/**
 * The operations that describe an unauthorized change, so that implementing the retrospective
 * RFC records what discovery saw with before-images and audit: one UPDATE_CI setting each
 * differing field to the value discovered (attributes as a whole map: the CI's now with the
 * discovered ones set or removed), at the CI's revision now; ADD_RELATIONSHIP for one that
 * appeared and REMOVE_RELATIONSHIP for one that disappeared. A relationship operation the CMDB
 * already agrees with (an appearance applied, a disappearance ended since) could not be
 * implemented: it is left out, with the reason, and described in the text only.
 */
export function retrospectiveOperations(
  change: UnauthorizedDifference,
  now: RetrospectiveContext,
): { operations: RetrospectiveOperation[]; leftOut: string[] } {
  const operations: RetrospectiveOperation[] = [];
  const leftOut: string[] = [];
  const patch: Record<string, unknown> = {};
  const attributes = new Map(Object.entries(now.ci.attributes));
  let attributesChanged = false;
  for (const c of change.changes) {
    if (c.field.startsWith("attributes.")) {
      const name = c.field.slice("attributes.".length);
      if (c.after === null || c.after === undefined) attributes.delete(name);
      else attributes.set(name, c.after);
      attributesChanged = true;
    } else if (c.field !== "key") {
      patch[c.field] = c.after ?? null;
    }
  }
  if (attributesChanged) patch.attributes = Object.fromEntries(attributes);
  if (Object.keys(patch).length > 0) {
    operations.push({
      kind: "UPDATE_CI",
      ciKey: now.ci.key,
      changes: patch,
      revision: now.ci.revision,
    });
  }
  for (const r of change.relationships) {
    const said = `${r.from} ${r.type} ${r.to}`;
    const missing = [r.from, r.to].filter((k) => !now.existingKeys.has(k));
    if (missing.length > 0) {
      leftOut.push(`${said}: no CI has the key ${missing.join(", ")} now`);
    } else if (r.change === "APPEARED" && now.inForce.has(said)) {
      leftOut.push(`${said}: appeared and is in the CMDB already (discovery applied it)`);
    } else if (r.change === "DISAPPEARED" && !now.inForce.has(said)) {
      leftOut.push(`${said}: disappeared and is no longer in the CMDB`);
    } else {
      operations.push({
        kind: r.change === "APPEARED" ? "ADD_RELATIONSHIP" : "REMOVE_RELATIONSHIP",
        fromKey: r.from,
        toKey: r.to,
        type: r.type,
      });
    }
  }
  return { operations, leftOut };
}
