import type { Role } from "../../domain/roles.js";

export interface ApiTokenInfo {
  readonly id: string;
  readonly user: string;
  readonly roles: Role[];
  readonly description: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** A freshly issued token: `secret` is shown once and never stored. */
export interface IssuedApiToken {
  readonly secret: string;
  readonly token: ApiTokenInfo;
}
