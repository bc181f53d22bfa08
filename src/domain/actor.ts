import type { Role } from "./roles.js";

/** Who is calling: resolved once per request from its token. */
export interface Actor {
  readonly user: string;
  readonly roles: readonly Role[];
  /** The token that authenticated the call (null for the configured admin token). */
  readonly tokenId: string | null;
  /**
   * Who issued that token (an ADMIN), canonical; null or absent for the configured admin token
   * and the CLI. Separation of duties looks at them too: an ADMIN cannot approve their own RFC
   * through a token they issued under another name.
   */
  readonly issuedBy?: string | null;
}
