import type { Actor } from "../domain/actor.js";
import { ForbiddenError } from "../domain/errors.js";
import { hasAnyRole, type Role } from "../domain/roles.js";

/** Every use case starts here: the actor must hold (or be granted through ADMIN) one of `roles`. */
export function authorize(actor: Actor, operation: string, ...roles: Role[]): void {
  if (!hasAnyRole(actor.roles, roles)) {
    throw new ForbiddenError(
      `${operation} needs the role ${roles.join(" or ")}; ${actor.user} has ${actor.roles.join(", ") || "none"}`,
      { operation, required: roles, held: actor.roles, user: actor.user },
    );
  }
}
