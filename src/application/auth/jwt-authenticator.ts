import { createPublicKey, type KeyObject } from "node:crypto";
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { JwtSettings } from "../../config/config.js";
import type { Actor } from "../../domain/actor.js";
import { UnauthenticatedError, UnavailableError } from "../../domain/errors.js";
import { isRole, type Role } from "../../domain/roles.js";
import { grantedRoles } from "../../domain/user/user.js";
import { canonicalUserName } from "../../domain/user-name.js";
import type { DbScope } from "../../neo4j/database.js";
import { findUserByName } from "../../neo4j/user.repository.js";

/** Signatures by the provider's keys only: no `none`, no shared-secret (HS*) algorithms. */
const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];
/** Clocks of the provider and the API may differ this much (seconds). */
const CLOCK_TOLERANCE_S = 30;

/** A JWS in compact form: three base64url parts, the first a JSON header (`eyJ…`). */
const COMPACT_JWS = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Authenticates JWT bearer tokens of an external identity provider (OIDC): the signature by the
 * provider's keys (its JWKS, fetched and cached by jose, or a configured public key), `iss`,
 * `aud`, `exp` and `nbf`, then the user the token names, who must be an active User. The roles
 * are those of the roles claim that the user's record allows; the issuer, for the audit trail
 * and separation of duties, is the provider.
 */
export class JwtAuthenticator {
  private readonly key: KeyObject | JWTVerifyGetKey;

  constructor(private readonly settings: JwtSettings) {
    this.key = settings.jwksUri
      ? createRemoteJWKSet(new URL(settings.jwksUri), { timeoutDuration: 5000 })
      : createPublicKey(settings.publicKeyPem ?? "");
  }

  /** Whether a bearer credential is a JWT (API tokens start `gcmdb_`). */
  static looksLikeJwt(secret: string): boolean {
    return COMPACT_JWS.test(secret);
  }

  async authenticate(scope: DbScope, jwt: string): Promise<Actor> {
    const payload = await this.verify(jwt);
    const claimed = this.settings.userClaims
      .map((c) => payload[c])
      .find((v): v is string => typeof v === "string" && v.length > 0);
    if (claimed === undefined) {
      throw invalid(`the JWT names no user (claim ${this.settings.userClaims.join(" or ")})`);
    }
    const name = canonicalUserName(claimed);
    // one statement, as an auto-commit read: one round trip a request
    const user = await scope.readAutoCommit((tx) => findUserByName(tx, name));
    if (!user || user.deactivatedAt !== null) {
      throw invalid(
        `the JWT's user ${JSON.stringify(name.slice(0, 128))} is not an active user of graph-cmdb (an ADMIN creates users: createUser)`,
      );
    }
    return {
      user: user.name,
      roles: grantedRoles(rolesIn(claimAt(payload, this.settings.rolesClaim)), user.roles),
      tokenId: null,
      issuedBy: this.settings.issuer,
    };
  }

  private async verify(jwt: string): Promise<JWTPayload> {
    const options = {
      issuer: this.settings.issuer,
      audience: [...this.settings.audiences],
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["exp"],
    };
    try {
      const { payload } =
        typeof this.key === "function"
          ? await jwtVerify(jwt, this.key, options)
          : await jwtVerify(jwt, this.key, options);
      return payload;
    } catch (e) {
      if (e instanceof joseErrors.JWKSTimeout || !(e instanceof joseErrors.JOSEError)) {
        // the provider's keys could not be fetched: not the caller's fault
        throw new UnavailableError(
          "the identity provider's keys (GRAPH_CMDB_JWT_JWKS_URI) could not be fetched; try again",
        );
      }
      throw invalid(`the JWT is not valid: ${reason(e)}`);
    }
  }
}

function invalid(message: string): UnauthenticatedError {
  return new UnauthenticatedError(message, { invalidToken: true });
}

/** Why jose refused a token, in a few fixed words (never the token's own text). */
function reason(e: InstanceType<typeof joseErrors.JOSEError>): string {
  if (e instanceof joseErrors.JWTExpired) return "it has expired";
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    return `its ${e.claim} claim is not the one expected (${e.reason})`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed)
    return "its signature does not verify";
  if (e instanceof joseErrors.JWKSNoMatchingKey) return "no key of the identity provider signed it";
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return "its algorithm is not allowed";
  return `it is malformed (${e.code})`;
}

/** The value at a claim name, or a dotted path into nested claims (`realm_access.roles`). */
function claimAt(payload: JWTPayload, claim: string): unknown {
  if (claim in payload) return payload[claim];
  let value: unknown = payload;
  for (const part of claim.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Roles from a claim: an array of names, or one string of names split by spaces or commas. */
function rolesIn(value: unknown): Role[] {
  const names = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : typeof value === "string"
      ? value.split(/[\s,]+/)
      : [];
  const roles: Role[] = [];
  for (const n of names) {
    const upper = n.trim().toUpperCase();
    if (isRole(upper) && !roles.includes(upper)) roles.push(upper);
  }
  return roles;
}
