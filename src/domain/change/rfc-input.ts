import {
  CI_KEY,
  newCiFields,
  parseCiPatch,
  type CiFields,
  type CiPatch,
} from "../ci/configuration-item.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";
import {
  OPERATION_KINDS,
  RFC_PRIORITIES,
  RFC_TYPES,
  type RfcOperationKind,
  type RfcPriority,
  type RfcType,
} from "./rfc.js";

/** An operation as the requester wrote it, its form checked (CIs not yet looked up). */
export type ParsedOperation =
  | { readonly kind: "CREATE_CI"; readonly fields: CiFields }
  | {
      readonly kind: "UPDATE_CI";
      readonly ciKey: string;
      readonly changes: CiPatch;
      readonly revision: number | null;
    }
  | { readonly kind: "RETIRE_CI"; readonly ciKey: string; readonly revision: number | null }
  | {
      readonly kind: "ADD_RELATIONSHIP";
      readonly fromKey: string;
      readonly toKey: string;
      readonly type: string;
    }
  | {
      readonly kind: "REMOVE_RELATIONSHIP";
      readonly relationshipId: string | null;
      readonly fromKey: string | null;
      readonly toKey: string | null;
      readonly type: string | null;
    };

/** The content of an RFC as written, its form checked; CIs are named by key. */
export interface ParsedRfcContent {
  readonly title: string;
  readonly description: string | null;
  readonly priority: RfcPriority;
  readonly type: RfcType;
  readonly standardChangeId: string | null;
  readonly affectedCiKeys: string[];
  readonly operations: ParsedOperation[];
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly backOutPlan: string | null;
  readonly risk: string | null;
  readonly impact: string | null;
  readonly benefit: string | null;
}

export const MAX_OPERATIONS = 500;
export const MAX_AFFECTED = 1000;
const LONG_TEXT = 20_000;

/** Checks the form of every field and operation; every broken rule is listed. */
export function parseRfcContent(input: Record<string, unknown>): {
  content: ParsedRfcContent | null;
  issues: ValidationIssue[];
} {
  const c = new IssueCollector(null);
  const title = c.string("title", input.title, { required: true, max: 200 });
  const description = c.string("description", input.description, { max: LONG_TEXT });
  const priority = oneOf(c, "priority", input.priority, RFC_PRIORITIES, "MEDIUM");
  const type = oneOf(c, "type", input.type, RFC_TYPES, "NORMAL");
  const standardChangeId = c.string("standardChangeId", input.standardChangeId, { max: 100 });
  if (type === "STANDARD" && standardChangeId === null) {
    c.add("standardChangeId", input.standardChangeId, "a STANDARD change names its template");
  }
  if (type !== "STANDARD" && standardChangeId !== null) {
    c.add("standardChangeId", standardChangeId, "only a STANDARD change names a template");
  }
  const affectedCiKeys = keyList(c, "affectedCiKeys", input.affectedCiKeys);
  const plannedStart = date(c, "plannedStart", input.plannedStart);
  const plannedEnd = date(c, "plannedEnd", input.plannedEnd);
  if ((plannedStart === null) !== (plannedEnd === null)) {
    c.add(
      plannedStart === null ? "plannedStart" : "plannedEnd",
      null,
      "a planned window has both a start and an end",
    );
  }
  if (plannedStart && plannedEnd && plannedEnd <= plannedStart) {
    c.add("plannedEnd", plannedEnd.toISOString(), "must be after plannedStart");
  }
  const backOutPlan = c.string("backOutPlan", input.backOutPlan, { max: LONG_TEXT });
  const risk = c.string("risk", input.risk, { max: LONG_TEXT });
  const impact = c.string("impact", input.impact, { max: LONG_TEXT });
  const benefit = c.string("benefit", input.benefit, { max: LONG_TEXT });

  const rawOps = input.operations ?? [];
  const operations: ParsedOperation[] = [];
  if (!Array.isArray(rawOps)) {
    c.add("operations", rawOps, "must be a list");
  } else if (rawOps.length > MAX_OPERATIONS) {
    c.add("operations", rawOps.length, `at most ${String(MAX_OPERATIONS)} operations`);
  } else {
    rawOps.forEach((raw: unknown, i) => {
      const { operation, issues } = parseOperation(raw, `operations[${String(i)}]`);
      c.issues.push(...issues);
      if (operation) operations.push(operation);
    });
  }
  if (c.issues.length > 0 || title === null) return { content: null, issues: c.issues };
  return {
    content: {
      title,
      description,
      priority,
      type,
      standardChangeId,
      affectedCiKeys,
      operations,
      plannedStart,
      plannedEnd,
      backOutPlan,
      risk,
      impact,
      benefit,
    },
    issues: [],
  };
}

export function parseOperation(
  raw: unknown,
  at: string,
): { operation: ParsedOperation | null; issues: ValidationIssue[] } {
  const c = new IssueCollector(null);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    c.add(at, raw, "must be an operation object");
    return { operation: null, issues: c.issues };
  }
  const o = raw as Record<string, unknown>;
  const kind = o.kind;
  if (typeof kind !== "string" || !OPERATION_KINDS.includes(kind as RfcOperationKind)) {
    c.add(`${at}.kind`, kind, `must be one of ${OPERATION_KINDS.join(", ")}`);
    return { operation: null, issues: c.issues };
  }
  const key = (field: string, required = true): string | null =>
    c.string(`${at}.${field}`, o[field], {
      required,
      max: 200,
      pattern: CI_KEY,
      patternRule: "is not a CI key",
    });
  const revision = (): number | null => {
    const r = o.revision ?? null;
    if (r !== null && (typeof r !== "number" || !Number.isInteger(r) || r < 1)) {
      c.add(`${at}.revision`, r, "must be a revision (a positive integer) or absent");
      return null;
    }
    return r;
  };
  const object = (field: string): Record<string, unknown> | null => {
    const v = o[field];
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      c.add(`${at}.${field}`, v, "must be an object of CI fields");
      return null;
    }
    return v as Record<string, unknown>;
  };
  let operation: ParsedOperation | null = null;
  switch (kind as RfcOperationKind) {
    case "CREATE_CI": {
      const ci = object("ci");
      if (!ci) break;
      const subject = typeof ci.key === "string" ? `${at}: CI ${ci.key}` : at;
      const parsed = parseCiPatch(ci, subject, { unknownToAttributes: false });
      c.issues.push(...parsed.issues);
      if (parsed.issues.length > 0) break;
      const created = newCiFields(parsed.patch, subject);
      c.issues.push(...created.issues);
      if (created.fields) operation = { kind: "CREATE_CI", fields: created.fields };
      break;
    }
    case "UPDATE_CI": {
      const ciKey = key("ciKey");
      const changes = object("changes");
      const rev = revision();
      if (!changes || ciKey === null) break;
      const parsed = parseCiPatch(changes, `${at}: CI ${ciKey}`, {
        unknownToAttributes: false,
        replaceAttributes: true,
      });
      c.issues.push(...parsed.issues);
      if (Object.keys(parsed.patch).length === 0 && parsed.issues.length === 0) {
        c.add(`${at}.changes`, changes, "name at least one field to change");
      }
      if (c.issues.length === 0)
        operation = { kind: "UPDATE_CI", ciKey, changes: parsed.patch, revision: rev };
      break;
    }
    case "RETIRE_CI": {
      const ciKey = key("ciKey");
      const rev = revision();
      if (ciKey !== null) operation = { kind: "RETIRE_CI", ciKey, revision: rev };
      break;
    }
    case "ADD_RELATIONSHIP": {
      const fromKey = key("fromKey");
      const toKey = key("toKey");
      const type = c.string(`${at}.type`, o.type, { required: true, max: 64 });
      if (fromKey !== null && toKey !== null && type !== null) {
        operation = { kind: "ADD_RELATIONSHIP", fromKey, toKey, type };
      }
      break;
    }
    case "REMOVE_RELATIONSHIP": {
      const relationshipId = c.string(`${at}.relationshipId`, o.relationshipId, { max: 200 });
      const fromKey = key("fromKey", false);
      const toKey = key("toKey", false);
      const type = c.string(`${at}.type`, o.type, { max: 64 });
      const byEnds = fromKey !== null && toKey !== null && type !== null;
      if ((relationshipId === null) === !byEnds) {
        c.add(
          at,
          raw,
          "name the relationship by relationshipId, or by fromKey, toKey and type (one of them)",
        );
        break;
      }
      operation = { kind: "REMOVE_RELATIONSHIP", relationshipId, fromKey, toKey, type };
      break;
    }
  }
  return { operation: c.issues.length > 0 ? null : operation, issues: c.issues };
}

function oneOf<T extends string>(
  c: IssueCollector,
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    c.add(field, value, `must be one of ${allowed.join(", ")}`);
    return fallback;
  }
  return value as T;
}

function keyList(c: IssueCollector, field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    c.add(field, value, "must be a list of CI keys");
    return [];
  }
  if (value.length > MAX_AFFECTED) {
    c.add(field, value.length, `at most ${String(MAX_AFFECTED)} CIs`);
    return [];
  }
  const keys = [...new Set((value as string[]).map((v) => v.trim()))];
  for (const k of keys) if (!CI_KEY.test(k)) c.add(field, k, "is not a CI key");
  return keys;
}

function date(c: IssueCollector, field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  const d = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) {
    c.add(field, value, "must be a date and time");
    return null;
  }
  return d;
}
