import { ValidationError } from "./errors.js";

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** A user name as tokens carry it: letters, digits, `.`, `_`, `@`, `-`; at most 128 characters. */
export function parseUserName(field: string, value: string): string {
  const trimmed = value.trim();
  if (!USER_NAME.test(trimmed)) {
    throw new ValidationError(
      field,
      value,
      "a user name is 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
    );
  }
  return trimmed;
}
