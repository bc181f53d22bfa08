import type { Role } from "./roles.js";

/** Who is calling: resolved once per request from its token. */
export interface Actor {
  readonly user: string;
  readonly roles: readonly Role[];
  /** The token that authenticated the call (null for the configured admin token). */
  readonly tokenId: string | null;
  /**
   * Who vouches for the user name: the ADMIN who issued the token (canonical), the identity
   * provider of a JWT (its `iss`), CONFIGURED_ADMIN_ISSUER, OS_ISSUER for the command line; null
   * or absent for the product's own writes. Separation of duties looks at them too: an ADMIN
   * cannot approve their own RFC through a token they issued under another name. The audit trail
   * records it beside the user.
   */
  readonly issuedBy?: string | null;
}

/** The issuer of the configured admin token (GRAPH_CMDB_ADMIN_TOKEN): the operator's setting. */
export const CONFIGURED_ADMIN_ISSUER = "config:GRAPH_CMDB_ADMIN_TOKEN";

/** The issuer of the command line's identity: the operating-system account that runs it. */
export const OS_ISSUER = "os";
