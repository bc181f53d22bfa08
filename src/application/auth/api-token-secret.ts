import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "gcmdb_";

/** 256 random bits, recognisable by its prefix (secret scanners, logs). */
export function newTokenSecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

/** What is stored and looked up: a token has 256 bits of entropy, so plain SHA-256 suffices. */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The token in an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
