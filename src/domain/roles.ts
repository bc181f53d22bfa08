import { ValidationError } from "./errors.js";

/**
 * What a caller may do. READER reads; EDITOR writes the CMDB; REQUESTER raises RFCs; APPROVER
 * approves them; ADMIN does everything, including managing types and tokens.
 */
export const ROLES = ["READER", "EDITOR", "REQUESTER", "APPROVER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Which held roles satisfy a required one: every role reads; ADMIN satisfies every role. */
const SATISFIED_BY: Record<Role, readonly Role[]> = {
  READER: ROLES,
  EDITOR: ["EDITOR", "ADMIN"],
  REQUESTER: ["REQUESTER", "ADMIN"],
  APPROVER: ["APPROVER", "ADMIN"],
  ADMIN: ["ADMIN"],
};

/** True when any held role satisfies any of the required ones (an empty requirement: any caller). */
export function hasAnyRole(held: readonly Role[], required: readonly Role[]): boolean {
  if (required.length === 0) return true;
  return required.some((r) => SATISFIED_BY[r].some((s) => held.includes(s)));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Parses role names from user input, naming the field and the bad value. */
export function parseRoles(field: string, values: readonly string[]): Role[] {
  if (values.length === 0) {
    throw new ValidationError(field, values, `at least one role is required (${ROLES.join(", ")})`);
  }
  const roles: Role[] = [];
  for (const v of values) {
    const upper = v.trim().toUpperCase();
    if (!isRole(upper)) {
      throw new ValidationError(field, v, `not a role; expected one of ${ROLES.join(", ")}`);
    }
    if (!roles.includes(upper)) roles.push(upper);
  }
  return roles;
}
