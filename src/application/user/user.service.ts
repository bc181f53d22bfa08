import { randomUUID } from "node:crypto";
import type { Actor } from "../../domain/actor.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import type { Role } from "../../domain/roles.js";
import { parseNewUser, rolesBeyond, type NewUser, type User } from "../../domain/user/user.js";
import { parseRoles } from "../../domain/roles.js";
import { IssueCollector, throwIfInvalid } from "../../domain/validation.js";
import { canonicalUserName, parseUserName } from "../../domain/user-name.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { DbScope, DbTransaction } from "../../neo4j/database.js";
import {
  countActiveAdmins,
  createUser,
  findUserByName,
  findUsersByIds,
  listUsers,
  setUserActive,
  updateUser,
} from "../../neo4j/user.repository.js";
import { authorize } from "../authorization.js";
import { checkPageSize, pageOfList, type Page, type PageRequest } from "../paging.js";
import { writeMeta } from "../write-meta.js";

export interface CreateUserInput {
  readonly name: string;
  readonly displayName?: string | null;
  readonly roles: readonly string[];
}

/** The most users one page of the users list holds. */
export const MAX_USER_PAGE = 100;
const USER_LIST = "users";

/**
 * Users as records: an ADMIN creates each once; every credential (API token, JWT) must name an
 * active one, and carries at most the roles the record allows.
 */
export class UserService {
  async create(scope: DbScope, actor: Actor, input: CreateUserInput): Promise<User> {
    authorize(actor, "creating a user", "ADMIN");
    const user = parseNewUser(input);
    return scope.writeTransaction((tx) => this.createIn(tx, actor, user));
  }

  /** Creates `user` inside `tx` (CONFLICT when the name is taken, in any spelling), audited. */
  async createIn(tx: DbTransaction, actor: Actor, user: NewUser): Promise<User> {
    if (await findUserByName(tx, user.name)) {
      throw new ConflictError(`user ${JSON.stringify(user.name)} already exists`, {
        field: "name",
        value: user.name,
      });
    }
    const meta = writeMeta(actor, null);
    const created = await createUser(
      tx,
      { id: randomUUID(), ...user, createdBy: actor.user },
      meta.now,
    );
    await recordAuditEntries(
      tx,
      [
        {
          operation: "CREATE",
          targetType: "USER",
          targetId: created.id,
          targetKey: created.name,
          before: null,
          after: created,
        },
      ],
      meta,
    );
    return created;
  }

  /** A page of the users by name; deactivated ones only when asked (ADMIN). */
  async list(
    scope: DbScope,
    actor: Actor,
    filter: { includeDeactivated?: boolean | null },
    page: PageRequest,
  ): Promise<Page<User>> {
    authorize(actor, "listing users", "ADMIN");
    checkPageSize(page.first, MAX_USER_PAGE);
    // a short list an ADMIN keeps: read whole, paged with the same cursors as a stored list
    const users = await scope.readTransaction((tx) =>
      listUsers(tx, filter.includeDeactivated ?? false),
    );
    return pageOfList(users, page, USER_LIST, (u) => [u.name], ["s"]);
  }

  /** The user of that name in any spelling, or null (ADMIN, or the caller's own record). */
  async get(scope: DbScope, actor: Actor, name: string): Promise<User | null> {
    const canonical = canonicalUserName(name);
    if (canonical !== canonicalUserName(actor.user)) authorize(actor, "reading users", "ADMIN");
    return scope.readTransaction((tx) => findUserByName(tx, canonical));
  }

  /** Users by id, in the order asked (null where none): the batch behind a per-request loader. */
  async findByIds(scope: DbScope, actor: Actor, ids: readonly string[]): Promise<(User | null)[]> {
    const byId = await scope.readTransaction((tx) => findUsersByIds(tx, ids));
    const own = canonicalUserName(actor.user);
    if ([...byId.values()].some((u) => u.name !== own)) authorize(actor, "reading users", "ADMIN");
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Changes a user's display name and the roles their credentials may carry (ADMIN); fields not
   * given stay. Narrowed roles narrow their tokens and JWTs at once.
   */
  async update(
    scope: DbScope,
    actor: Actor,
    input: { name: string; displayName?: string | null; roles?: readonly string[] | null },
  ): Promise<User> {
    authorize(actor, "updating a user", "ADMIN");
    const name = parseUserName("name", input.name);
    const roles = input.roles == null ? null : parseRoles("roles", input.roles);
    const issues = new IssueCollector(name);
    const displayName = issues.string("displayName", input.displayName, { max: 200 });
    throwIfInvalid(issues.issues);
    return scope.writeTransaction(async (tx) => {
      const before = await findUserByName(tx, name);
      if (!before) throw new NotFoundError("user", name);
      const meta = writeMeta(actor, null);
      const after = (await updateUser(
        tx,
        name,
        input.displayName === undefined ? before.displayName : displayName,
        roles ?? before.roles,
      )) as User;
      await recordAuditEntries(
        tx,
        [
          {
            operation: "UPDATE",
            targetType: "USER",
            targetId: after.id,
            targetKey: after.name,
            before,
            after,
          },
        ],
        meta,
      );
      return after;
    });
  }

  /** Deactivates a user: their tokens and JWTs stop authenticating at once (ADMIN). */
  async deactivate(scope: DbScope, actor: Actor, name: string): Promise<User> {
    return this.setActive(scope, actor, name, false);
  }

  /** Makes a deactivated user active again, with the tokens they held (ADMIN). */
  async reactivate(scope: DbScope, actor: Actor, name: string): Promise<User> {
    return this.setActive(scope, actor, name, true);
  }

  private async setActive(
    scope: DbScope,
    actor: Actor,
    name: string,
    active: boolean,
  ): Promise<User> {
    authorize(actor, active ? "reactivating a user" : "deactivating a user", "ADMIN");
    const canonical = parseUserName("name", name);
    return scope.writeTransaction(async (tx) => {
      const before = await findUserByName(tx, canonical);
      if (!before) throw new NotFoundError("user", canonical);
      const meta = writeMeta(actor, null);
      const after = (await setUserActive(tx, canonical, active, actor.user, meta.now)) as User;
      if ((before.deactivatedAt === null) !== active) {
        await recordAuditEntries(
          tx,
          [
            {
              operation: active ? "REACTIVATE" : "DEACTIVATE",
              targetType: "USER",
              targetId: after.id,
              targetKey: after.name,
              before,
              after,
            },
          ],
          meta,
        );
      }
      return after;
    });
  }

  /**
   * The active user a credential names, allowed `roles`, inside `tx`; VALIDATION or NOT_FOUND
   * naming `field` otherwise. With `bootstrap` (the command line), a CMDB with no active ADMIN
   * user yet gets the user created by its first ADMIN token.
   */
  async holderOf(
    tx: DbTransaction,
    actor: Actor,
    name: string,
    roles: readonly Role[],
    opts: { field: string; bootstrap?: boolean },
  ): Promise<User> {
    const user = await findUserByName(tx, name);
    if (!user) {
      if (opts.bootstrap && roles.includes("ADMIN") && (await countActiveAdmins(tx)) === 0) {
        return this.createIn(tx, actor, { name, displayName: null, roles: [...roles] });
      }
      const error = new NotFoundError("user", name);
      error.message +=
        "; create the user first (createUser, or `graph-cmdb user create`), then issue their token";
      Object.assign(error.details, { field: opts.field });
      throw error;
    }
    if (user.deactivatedAt !== null) {
      throw new ValidationError(opts.field, name, "is a deactivated user; reactivate them first");
    }
    const beyond = rolesBeyond(roles, user.roles);
    if (beyond.length > 0) {
      throw new ValidationError(
        "roles",
        beyond,
        `user ${name} may be given only ${user.roles.join(", ")} (and what those include)`,
      );
    }
    return user;
  }
}
