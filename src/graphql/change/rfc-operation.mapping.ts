import { ValidationError } from "../../domain/errors.js";
import type { RfcOperationInput } from "./change.inputs.js";

/** An RFC operation as the core parses it (`src/domain/change/rfc-input.ts`). */
export type CoreOperation = Record<string, unknown> & { kind: string };

/** A GraphQL input object as the plain record the core parses (absent fields stay absent). */
export function plain(input: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

/**
 * The typed, `@oneOf` operation of the API as the core's operation record: the core keeps one
 * shape for every caller (baselines and releases draft RFCs too).
 */
export function toCoreOperation(op: RfcOperationInput, at: string): CoreOperation {
  if (op.createCi) return { kind: "CREATE_CI", ci: plain(op.createCi) };
  if (op.updateCi) {
    const u = op.updateCi;
    return {
      kind: "UPDATE_CI",
      ciKey: u.ci,
      revision: u.revision ?? null,
      changes: plain(u.changes),
    };
  }
  if (op.retireCi) {
    return { kind: "RETIRE_CI", ciKey: op.retireCi.ci, revision: op.retireCi.revision ?? null };
  }
  if (op.addRelationship) {
    const r = op.addRelationship;
    return { kind: "ADD_RELATIONSHIP", fromKey: r.from, toKey: r.to, type: r.type };
  }
  const remove = op.removeRelationship;
  if (remove?.relationshipId) {
    return { kind: "REMOVE_RELATIONSHIP", relationshipId: remove.relationshipId };
  }
  if (remove?.ends) {
    const e = remove.ends;
    return { kind: "REMOVE_RELATIONSHIP", fromKey: e.from, toKey: e.to, type: e.type };
  }
  // graphql-js checks @oneOf before any resolver: only a hand-built call gets here
  throw new ValidationError(at, op, "give exactly one kind of operation");
}

/** Where each core field of an operation is in the API's input, by operation kind. */
const API_PATHS: Record<string, Record<string, string>> = {
  CREATE_CI: { ci: "createCi" },
  UPDATE_CI: { ciKey: "updateCi.ci", changes: "updateCi.changes", revision: "updateCi.revision" },
  RETIRE_CI: { ciKey: "retireCi.ci", revision: "retireCi.revision" },
  ADD_RELATIONSHIP: {
    fromKey: "addRelationship.from",
    toKey: "addRelationship.to",
    type: "addRelationship.type",
  },
  REMOVE_RELATIONSHIP: {
    relationshipId: "removeRelationship.relationshipId",
    fromKey: "removeRelationship.ends.from",
    toKey: "removeRelationship.ends.to",
    type: "removeRelationship.ends.type",
  },
};

/**
 * Runs a write of RFC content and, when it is refused, names the fields of its operations as the
 * caller wrote them (`operations[0].updateCi.ci`, not the core's `operations[0].ciKey`).
 */
export async function withApiOperationPaths<T>(
  operations: readonly CoreOperation[],
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ValidationError) renamePaths(error, operations);
    throw error;
  }
}

function renamePaths(error: ValidationError, operations: readonly CoreOperation[]): void {
  const rename = (text: string): string =>
    text.replace(/operations\[(\d+)\]\.([A-Za-z]+)/g, (whole, index: string, field: string) => {
      const kind = operations[Number(index)]?.kind ?? "";
      const path = API_PATHS[kind]?.[field];
      return path ? `operations[${index}].${path}` : whole;
    });
  error.message = rename(error.message);
  Object.assign(error, { field: rename(error.field) });
  const details = error.details as { field?: unknown; issues?: unknown };
  if (typeof details.field === "string") details.field = rename(details.field);
  if (Array.isArray(details.issues)) {
    details.issues = details.issues.map((issue: Record<string, unknown>) => ({
      ...issue,
      field: typeof issue.field === "string" ? rename(issue.field) : issue.field,
      message: typeof issue.message === "string" ? rename(issue.message) : issue.message,
    }));
  }
}
