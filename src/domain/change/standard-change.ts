import type { Catalogue } from "../catalogue/catalogue.js";
import { CI_FIELDS } from "../ci/configuration-item.js";
import { IssueCollector, type ValidationIssue } from "../validation.js";
import {
  OPERATION_KINDS,
  type AssessedItem,
  type RfcOperation,
  type RfcOperationKind,
} from "./rfc.js";

/** A pre-approved change: what it may do, to which CIs, and how far its impact may reach. */
export interface StandardChangeTemplate {
  readonly name: string;
  readonly description: string | null;
  readonly operationKinds: RfcOperationKind[];
  /** The CI fields an update may change (empty: any). */
  readonly updatableFields: string[];
  /** The CIs it may touch: by key, or by type (subtypes included). Both empty: any CI. */
  readonly ciKeys: string[];
  readonly ciTypes: string[];
  /** The most CIs its impact may reach. */
  readonly maxImpacted: number;
  /**
   * The most critical business service it may hit (1 … 4: services of this criticality or less
   * critical); null: it may hit no business service.
   */
  readonly maxServiceCriticality: number | null;
}

export interface StandardChange extends StandardChangeTemplate {
  readonly id: string;
  readonly revision: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** Who wrote its current revision. */
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

export function parseStandardChange(
  input: Record<string, unknown>,
  catalogue: Catalogue,
): { template: StandardChangeTemplate | null; issues: ValidationIssue[] } {
  const c = new IssueCollector(
    typeof input.name === "string" ? `standard change ${input.name}` : null,
  );
  const name = c.string("name", input.name, { required: true, max: 200 });
  const description = c.string("description", input.description, { max: 4000 });
  const kinds = stringList(c, "operationKinds", input.operationKinds);
  if (kinds.length === 0) c.add("operationKinds", input.operationKinds, "name at least one kind");
  for (const k of kinds) {
    if (!OPERATION_KINDS.includes(k as RfcOperationKind)) {
      c.add("operationKinds", k, `must be one of ${OPERATION_KINDS.join(", ")}`);
    }
  }
  const fields = stringList(c, "updatableFields", input.updatableFields);
  for (const f of fields) {
    if (!(CI_FIELDS as readonly string[]).includes(f)) {
      c.add("updatableFields", f, `must be CI fields (${CI_FIELDS.join(", ")})`);
    }
  }
  const ciKeys = stringList(c, "ciKeys", input.ciKeys);
  const ciTypes = stringList(c, "ciTypes", input.ciTypes);
  for (const t of ciTypes) {
    if (!catalogue.ciType(t)) c.add("ciTypes", t, "is not a CI type");
  }
  const maxImpacted = input.maxImpacted;
  if (typeof maxImpacted !== "number" || !Number.isInteger(maxImpacted) || maxImpacted < 0) {
    c.add("maxImpacted", maxImpacted, "must be a whole number of CIs, 0 or more");
  }
  const crit = input.maxServiceCriticality ?? null;
  if (
    crit !== null &&
    (typeof crit !== "number" || !Number.isInteger(crit) || crit < 1 || crit > 4)
  ) {
    c.add("maxServiceCriticality", crit, "must be 1 to 4, or null (no business service)");
  }
  if (c.issues.length > 0 || name === null) return { template: null, issues: c.issues };
  return {
    template: {
      name,
      description,
      operationKinds: kinds as RfcOperationKind[],
      updatableFields: fields,
      ciKeys,
      ciTypes,
      maxImpacted: maxImpacted as number,
      maxServiceCriticality: crit as number | null,
    },
    issues: [],
  };
}

function stringList(c: IssueCollector, field: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    c.add(field, value, "must be a list of strings");
    return [];
  }
  return [...new Set((value as string[]).map((v) => v.trim()).filter(Boolean))];
}

/**
 * Why an RFC is outside its template (empty: inside). `touched` are the CIs its operations and
 * affected list name (created ones by their new key and type).
 */
export function standardChangeMisfits(
  template: StandardChangeTemplate,
  catalogue: Catalogue,
  operations: readonly RfcOperation[],
  touched: readonly { key: string; type: string }[],
  impact: {
    impacted: readonly AssessedItem[];
    businessServices: readonly AssessedItem[];
    truncated: boolean;
  },
): string[] {
  const reasons: string[] = [];
  operations.forEach((op, i) => {
    if (!template.operationKinds.includes(op.kind)) {
      reasons.push(
        `operation ${String(i + 1)} is ${op.kind}; the template allows ${template.operationKinds.join(", ")}`,
      );
    }
    if (op.kind === "UPDATE_CI" && template.updatableFields.length > 0) {
      // replacing the attribute map whole changes the field attributes too
      const outside = Object.keys(op.changes)
        .map((f) => (f === "replaceAttributes" ? "attributes" : f))
        .filter((f) => !template.updatableFields.includes(f));
      if (outside.length > 0) {
        reasons.push(
          `operation ${String(i + 1)} changes ${outside.join(", ")}; the template allows ${template.updatableFields.join(", ")}`,
        );
      }
    }
  });
  const anyCi = template.ciKeys.length === 0 && template.ciTypes.length === 0;
  if (!anyCi) {
    for (const ci of touched) {
      const byKey = template.ciKeys.includes(ci.key);
      const byType = template.ciTypes.some((t) => catalogue.isA(ci.type, t));
      if (!byKey && !byType)
        reasons.push(`${ci.key} (${ci.type}) is not a CI the template may touch`);
    }
  }
  if (impact.truncated || impact.impacted.length > template.maxImpacted) {
    reasons.push(
      `the impact reaches ${String(impact.impacted.length)}${impact.truncated ? "+" : ""} CI(s); the template allows ${String(template.maxImpacted)}`,
    );
  }
  for (const s of impact.businessServices) {
    const limit = template.maxServiceCriticality;
    if (limit === null || (s.criticality ?? 4) < limit) {
      reasons.push(
        `business service ${s.key} (criticality ${s.criticality === null ? "unrated" : String(s.criticality)}) is hit; the template allows ${limit === null ? "none" : `criticality ${String(limit)} or less critical`}`,
      );
    }
  }
  return reasons;
}
