import type { User } from "../domain/user/user.js";
import { isRole } from "../domain/roles.js";
import type { DbTransaction, Row } from "./database.js";

/** The users with these canonical names (absent names are left out). */
export async function findUsersByNames(
  tx: DbTransaction,
  names: readonly string[],
): Promise<Map<string, User>> {
  const rows = await tx.run("user/find-users-by-names", { names: [...new Set(names)] });
  return new Map(rows.map((r) => toUser(r.user)).map((u) => [u.name, u]));
}

export async function findUserByName(tx: DbTransaction, name: string): Promise<User | null> {
  return (await findUsersByNames(tx, [name])).get(name) ?? null;
}

export async function findUsersByIds(
  tx: DbTransaction,
  ids: readonly string[],
): Promise<Map<string, User>> {
  const rows = await tx.run("user/find-users-by-ids", { ids: [...new Set(ids)] });
  return new Map(rows.map((r) => toUser(r.user)).map((u) => [u.id, u]));
}

export async function createUser(
  tx: DbTransaction,
  user: Omit<User, "deactivatedAt" | "deactivatedBy" | "createdAt">,
  now: string,
): Promise<User> {
  const rows = await tx.run("user/create-user", { ...user, now });
  return toUser(rows[0]?.user);
}

export async function listUsers(tx: DbTransaction, includeDeactivated: boolean): Promise<User[]> {
  const rows = await tx.run("user/list-users", { includeDeactivated });
  return rows.map((r) => toUser(r.user));
}

/** Sets whether `name` is active; null when no user has that name. */
export async function setUserActive(
  tx: DbTransaction,
  name: string,
  active: boolean,
  by: string,
  now: string,
): Promise<User | null> {
  const rows = await tx.run("user/set-user-active", { name, active, by, now });
  return rows[0] ? toUser(rows[0].user) : null;
}

/** Sets a user's display name and roles; null when no user has that name. */
export async function updateUser(
  tx: DbTransaction,
  name: string,
  displayName: string | null,
  roles: readonly string[],
): Promise<User | null> {
  const rows = await tx.run("user/update-user", { name, displayName, roles: [...roles] });
  return rows[0] ? toUser(rows[0].user) : null;
}

/** How many active users may be given ADMIN. */
export async function countActiveAdmins(tx: DbTransaction): Promise<number> {
  const rows = await tx.run("user/count-active-admins");
  return Number(rows[0]?.admins ?? 0);
}

export function toUser(value: unknown): User {
  const row = value as Row;
  return {
    id: String(row.id),
    name: String(row.name),
    displayName: (row.displayName as string | null) ?? null,
    roles: ((row.roles as string[] | null) ?? []).filter(isRole),
    createdBy: String(row.createdBy),
    createdAt: row.createdAt as Date,
    deactivatedAt: (row.deactivatedAt as Date | null) ?? null,
    deactivatedBy: (row.deactivatedBy as string | null) ?? null,
  };
}
