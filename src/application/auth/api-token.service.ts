import { randomUUID } from "node:crypto";
import { CONFIGURED_ADMIN_ISSUER, type Actor } from "../../domain/actor.js";
import { NotFoundError, UnauthenticatedError, ValidationError } from "../../domain/errors.js";
import { isRole, parseRoles, type Role } from "../../domain/roles.js";
import { grantedRoles } from "../../domain/user/user.js";
import { canonicalUserName, parseUserName } from "../../domain/user-name.js";
import { recordAuditEntries } from "../../neo4j/audit.repository.js";
import type { DbScope, DbTransaction, Row } from "../../neo4j/database.js";
import { authorize } from "../authorization.js";
import { checkPageSize, pageOfList, type Page, type PageRequest } from "../paging.js";
import { writeMeta } from "../write-meta.js";
import type { UserService } from "../user/user.service.js";
import type { ApiTokenInfo, IssuedApiToken } from "./api-token.js";
import { bearerToken, hashTokenSecret, newTokenSecret, sameSecret } from "./api-token-secret.js";
import { JwtAuthenticator } from "./jwt-authenticator.js";

export interface CreateApiTokenInput {
  readonly user: string;
  readonly roles: readonly string[];
  readonly description?: string | null;
}

export interface CreateApiTokenOptions {
  /**
   * The command line's first ADMIN token of a CMDB with no active ADMIN user creates its user
   * (how an installation gets its first administrator).
   */
  readonly bootstrapUser?: boolean;
}

/** The most tokens one page of the apiTokens list holds. */
export const MAX_TOKEN_PAGE = 100;
const TOKEN_LIST = "apiTokens";

/** Issues, checks and revokes API tokens. Secrets are shown once; only their hashes are kept. */
export class ApiTokenService {
  constructor(
    private readonly adminToken: string | null,
    private readonly users: UserService,
    private readonly jwt: JwtAuthenticator | null = null,
  ) {}

  /**
   * Who an `Authorization` header names: the configured admin token, an API token, or (when an
   * identity provider is configured) its JWT; UNAUTHENTICATED when it names nobody.
   */
  async authenticate(scope: DbScope, authorization: string | undefined): Promise<Actor> {
    const secret = bearerToken(authorization);
    if (!secret) {
      throw new UnauthenticatedError(
        "this request has no token: send the header 'Authorization: Bearer <token>' (issue one with `graph-cmdb token create`)",
      );
    }
    if (this.adminToken && sameSecret(secret, this.adminToken)) {
      return { user: "admin", roles: ["ADMIN"], tokenId: null, issuedBy: CONFIGURED_ADMIN_ISSUER };
    }
    if (this.jwt && JwtAuthenticator.looksLikeJwt(secret)) {
      return this.jwt.authenticate(scope, secret);
    }
    // every request with a stored token asks this: one statement, one round trip
    const rows = await scope.readOne("auth/find-api-token-by-hash", {
      hash: hashTokenSecret(secret),
    });
    const row = rows[0]?.token as Row | undefined;
    if (!row) {
      throw new UnauthenticatedError(
        "the token is unknown or revoked, or its user is deactivated",
        {
          invalidToken: true,
        },
      );
    }
    return {
      user: String(row.user),
      // a token grants at most what its user may be given now
      roles: grantedRoles(
        (row.roles as string[]).filter(isRole),
        (row.userRoles as string[]).filter(isRole),
      ),
      tokenId: String(row.id),
      issuedBy: typeof row.createdBy === "string" ? canonicalUserName(row.createdBy) : null,
    };
  }

  /**
   * Issues a token for an existing, active user, with roles their record allows (NOT_FOUND or
   * VALIDATION naming `user` or `roles` otherwise).
   */
  async create(
    scope: DbScope,
    actor: Actor,
    input: CreateApiTokenInput,
    opts: CreateApiTokenOptions = {},
  ): Promise<IssuedApiToken> {
    authorize(actor, "creating an API token", "ADMIN");
    const user = parseUserName("user", input.user);
    const roles: Role[] = parseRoles("roles", input.roles);
    const description = input.description?.trim() ?? null;
    if (description !== null && description.length > 500) {
      throw new ValidationError("description", description, "at most 500 characters");
    }
    const secret = newTokenSecret();
    const token = await scope.writeTransaction(async (tx) => {
      await this.users.holderOf(tx, actor, user, roles, {
        field: "user",
        bootstrap: opts.bootstrapUser ?? false,
      });
      const rows = await tx.run("auth/create-api-token", {
        id: randomUUID(),
        hash: hashTokenSecret(secret),
        user,
        roles,
        description,
        createdBy: actor.user,
      });
      const created = toInfo(rows[0]?.token);
      await auditToken(tx, actor, "CREATE", null, created);
      return created;
    });
    return { secret, token };
  }

  /** A page of the tokens, newest first; revoked ones only when asked. */
  async list(
    scope: DbScope,
    actor: Actor,
    filter: { includeRevoked?: boolean | null },
    page: PageRequest,
  ): Promise<Page<ApiTokenInfo>> {
    authorize(actor, "listing API tokens", "ADMIN");
    checkPageSize(page.first, MAX_TOKEN_PAGE);
    // a short list an ADMIN keeps: read whole, paged with the same cursors as a stored list
    const rows = await scope.read("auth/list-api-tokens", {
      includeRevoked: filter.includeRevoked ?? false,
    });
    return pageOfList(
      rows.map((r) => toInfo(r.token)),
      page,
      TOKEN_LIST,
      (t) => [t.createdAt.toISOString(), t.id],
      ["s", "s"],
      true,
    );
  }

  /** Tokens by id, in the order asked (null where none): the batch behind a per-request loader. */
  async findByIds(
    scope: DbScope,
    actor: Actor,
    ids: readonly string[],
  ): Promise<(ApiTokenInfo | null)[]> {
    // anyone may read the token they called with; other tokens are an ADMIN's
    if (ids.some((id) => id !== actor.tokenId)) authorize(actor, "reading API tokens", "ADMIN");
    const rows = await scope.read("auth/find-api-tokens-by-ids", { ids: [...ids] });
    const byId = new Map(rows.map((r) => toInfo(r.token)).map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async revoke(scope: DbScope, actor: Actor, id: string): Promise<ApiTokenInfo> {
    authorize(actor, "revoking an API token", "ADMIN");
    return scope.writeTransaction(async (tx) => {
      const rows = await tx.run("auth/revoke-api-token", { id });
      if (!rows[0]) throw new NotFoundError("API token", id);
      const revoked = toInfo(rows[0].token);
      await auditToken(tx, actor, "REVOKE", { ...revoked, revokedAt: null }, revoked);
      return revoked;
    });
  }
}

/** Tokens are audited by their id, user and roles (never their secret or its hash). */
async function auditToken(
  tx: DbTransaction,
  actor: Actor,
  operation: string,
  before: ApiTokenInfo | null,
  after: ApiTokenInfo,
): Promise<void> {
  await recordAuditEntries(
    tx,
    [
      {
        operation,
        targetType: "API_TOKEN",
        targetId: after.id,
        targetKey: after.user,
        before,
        after,
      },
    ],
    writeMeta(actor, null),
  );
}

function toInfo(value: unknown): ApiTokenInfo {
  const row = value as Row;
  return {
    id: String(row.id),
    user: String(row.user),
    roles: (row.roles as string[]).filter(isRole),
    description: (row.description as string | null) ?? null,
    createdBy: String(row.createdBy),
    createdAt: row.createdAt as Date,
    revokedAt: (row.revokedAt as Date | null) ?? null,
  };
}
