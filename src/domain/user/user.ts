import { hasAnyRole, parseRoles, type Role } from "../roles.js";
import { parseUserName } from "../user-name.js";
import { IssueCollector, throwIfInvalid } from "../validation.js";

/**
 * A person (or a service) the CMDB knows: created once by an ADMIN, under a canonical name that
 * every credential (API token, identity provider's JWT) must name. `roles` bounds what any of
 * their credentials may grant; a deactivated user's credentials stop authenticating.
 *
 * Graph: (:User {name})-[:HOLDS]->(:ApiToken)
 */
export interface User {
  readonly id: string;
  /** Canonical (src/domain/user-name.ts); unique. */
  readonly name: string;
  readonly displayName: string | null;
  /** The roles their credentials may carry (a token or a JWT with more is cut to these). */
  readonly roles: Role[];
  readonly createdBy: string;
  readonly createdAt: Date;
  /** Null while active. */
  readonly deactivatedAt: Date | null;
  readonly deactivatedBy: string | null;
}

export interface NewUser {
  readonly name: string;
  readonly displayName: string | null;
  readonly roles: Role[];
}

/** A user to create, from input: a canonical name, a display name, at least one role. */
export function parseNewUser(input: {
  name: string;
  displayName?: string | null;
  roles: readonly string[];
}): NewUser {
  const name = parseUserName("name", input.name);
  const roles = parseRoles("roles", input.roles);
  const issues = new IssueCollector(name);
  const displayName = issues.string("displayName", input.displayName, { max: 200 });
  throwIfInvalid(issues.issues);
  return { name, displayName, roles };
}

/**
 * The roles a credential grants: those it names that its user may be given (a role the user's
 * roles satisfy: ADMIN covers every role, every role covers READER), in the credential's order.
 */
export function grantedRoles(credential: readonly Role[], user: readonly Role[]): Role[] {
  return credential.filter((r) => hasAnyRole(user, [r]));
}

/** The roles of `credential` that its user may not be given (empty: all may be). */
export function rolesBeyond(credential: readonly Role[], user: readonly Role[]): Role[] {
  return credential.filter((r) => !hasAnyRole(user, [r]));
}
