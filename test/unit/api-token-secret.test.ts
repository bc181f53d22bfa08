import { describe, expect, it } from "vitest";
import {
  bearerToken,
  hashTokenSecret,
  newTokenSecret,
  sameSecret,
} from "../../src/application/auth/api-token-secret.js";

describe("API token secrets", () => {
  it("are random, prefixed and long enough to hash without salt", () => {
    const a = newTokenSecret();
    const b = newTokenSecret();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^gcmdb_[A-Za-z0-9_-]{43}$/);
  });

  it("hash to a stable SHA-256 that is not the secret", () => {
    const secret = newTokenSecret();
    expect(hashTokenSecret(secret)).toBe(hashTokenSecret(secret));
    expect(hashTokenSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTokenSecret(secret)).not.toContain(secret);
  });

  it("are read only from a well-formed Bearer header", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it("compare equal only when identical", () => {
    expect(sameSecret("x".repeat(30), "x".repeat(30))).toBe(true);
    expect(sameSecret("x".repeat(30), "x".repeat(29))).toBe(false);
  });
});
