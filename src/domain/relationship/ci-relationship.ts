import type { Catalogue } from "../catalogue/catalogue.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";

/**
 * A relationship between two CIs. It is never deleted: removing it ends it (`validTo`), so the
 * graph can be read as of any instant. `revision` is 1 while in force, 2 once ended.
 */
export interface CiRelationship {
  readonly id: string;
  readonly type: string;
  readonly fromId: string;
  readonly toId: string;
  readonly validFrom: Date;
  readonly validTo: Date | null;
  readonly createdBy: string;
  readonly reason: string | null;
  readonly removedBy: string | null;
  readonly removeReason: string | null;
  readonly revision: number;
}

/** The most relationships read for one CI at once (a super-node can have 100,000). */
export const MAX_RELATIONSHIPS_PER_CI = 1000;

export interface Endpoint {
  readonly key: string;
  readonly type: string;
  readonly lifecycle: string;
}

/**
 * The type rules a new relationship must meet: its type exists and admits both ends. A write
 * may not relate a retired CI; an import may (it states what is, and the export of a CMDB whose
 * retired CIs kept their relationships must import again), and the integrity checks report it.
 */
export function checkRelationship(
  type: string,
  from: Endpoint,
  to: Endpoint,
  catalogue: Catalogue,
  subject: string | null,
  opts: { allowRetiredEnds?: boolean } = {},
): ValidationIssue[] {
  const c = new IssueCollector(subject);
  const def = catalogue.relationshipType(type);
  if (!def) return [unknownRelationshipType(type, subject)];
  if (from.key === to.key) c.add("to", to.key, "a CI cannot be related to itself");
  // a rule naming a type admits its subtypes too
  const admits = (allowed: readonly string[] | null, ciType: string): boolean =>
    allowed === null || allowed.some((a) => catalogue.isA(ciType, a));
  const refused = `${from.type} ${type} ${to.type} is not allowed`;
  if (!admits(def.allowedSourceTypes, from.type)) {
    c.add(
      "from",
      from.key,
      `is a ${from.type}: ${refused}; ${type} may start only at ${(def.allowedSourceTypes ?? []).join(", ")} (or their subtypes)`,
    );
  }
  if (!admits(def.allowedTargetTypes, to.type)) {
    c.add(
      "to",
      to.key,
      `is a ${to.type}: ${refused}; ${type} may end only at ${(def.allowedTargetTypes ?? []).join(", ")} (or their subtypes)`,
    );
  }
  if (opts.allowRetiredEnds) return c.issues;
  for (const [field, end] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (end.lifecycle === "RETIRED")
      c.add(field, end.key, "is RETIRED; a retired CI takes no new relationships");
  }
  return c.issues;
}

/** The issue of a relationship whose type the catalogue does not define. */
export function unknownRelationshipType(type: string, subject: string | null): ValidationIssue {
  return {
    subject,
    field: "type",
    value: type,
    rule: "is not a relationship type (define it first, or use one of the catalogue)",
  };
}
