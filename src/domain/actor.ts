import type { Role } from "./roles.js";

/** Who is calling: resolved once per request from its token. */
export interface Actor {
  readonly user: string;
  readonly roles: readonly Role[];
  /** The token that authenticated the call (null for the configured admin token). */
  readonly tokenId: string | null;
}
