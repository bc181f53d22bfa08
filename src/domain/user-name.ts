import { ValidationError } from "./errors.js";

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/**
 * The one spelling of a user name: Unicode-normalised (NFKC) and lower case, so `Alice`, `ALICE`
 * and `alice` are one person to every rule that compares people (separation of duties).
 */
export function canonicalUserName(name: string): string {
  return name.trim().normalize("NFKC").toLowerCase();
}

/** Whether two names are the same person. */
export function sameUser(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && canonicalUserName(a) === canonicalUserName(b);
}

/**
 * A user name as tokens carry it, canonical: letters, digits, `.`, `_`, `@`, `-`; at most 128
 * characters.
 */
export function parseUserName(field: string, value: string): string {
  const trimmed = canonicalUserName(value);
  if (!USER_NAME.test(trimmed)) {
    throw new ValidationError(
      field,
      value,
      "a user name is 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
    );
  }
  return trimmed;
}
