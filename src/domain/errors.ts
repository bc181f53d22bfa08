/** Stable error codes: the one vocabulary every boundary (GraphQL, CLI, HTTP) translates from. */
export type ErrorCode =
  | "VALIDATION"
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "UNAVAILABLE"
  | "RESOURCE_LIMIT"
  | "TIMEOUT"
  | "INTERNAL";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: always names the field and the offending value. */
export class ValidationError extends DomainError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super("VALIDATION", `${field}: ${rule} (got ${describeValue(value)})`, {
      field,
      value: clipValue(value),
      rule,
    });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super("NOT_FOUND", `${what} ${JSON.stringify(id)} does not exist`, { what, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CONFLICT", message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("FORBIDDEN", message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  /** True when a credential was sent but is not valid (RFC 6750's `invalid_token`). */
  readonly invalidToken: boolean;

  constructor(message: string, opts: { invalidToken?: boolean } = {}) {
    super("UNAUTHENTICATED", message);
    this.invalidToken = opts.invalidToken ?? false;
  }
}

export class UnavailableError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("UNAVAILABLE", message, details);
  }
}

/**
 * Neo4j refused the work for lack of memory (its transaction memory pool or heap): retrying the
 * same work fails the same way, so it is never retried; the message names what to change.
 */
export class ResourceLimitError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("RESOURCE_LIMIT", message, details);
  }
}

/** The work took longer than the transaction timeout allows; the message names the setting. */
export class TimeoutError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("TIMEOUT", message, details);
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify gives undefined for functions and symbols, whatever its typing says
  const text = safeJson(value);
  if (text === undefined) return typeof value === "symbol" ? value.toString() : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** At most this much of a bad value travels back in an error's details. */
const CLIP = 200;

/**
 * A value as an error may quote it: short strings and scalars as they are; a long string as its
 * first characters and its length; an object or array as its JSON cut short. A 1 MB key must not
 * come back as a 1 MB error (several times).
 */
export function clipValue(value: unknown): unknown {
  if (typeof value === "string") {
    return value.length > CLIP
      ? `${value.slice(0, CLIP)}… (${String(value.length)} characters)`
      : value;
  }
  if (value !== null && typeof value === "object") {
    const text = safeJson(value);
    if (text === TOO_DEEP) return JSON.parse(TOO_DEEP) as string;
    return text !== undefined && text.length > CLIP ? describeValue(value) : value;
  }
  return value;
}

/** JSON.stringify, but a value nested too deep for it (it recurses) reads as a short note. */
function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return TOO_DEEP;
  }
}

const TOO_DEEP = '"(a value nested too deep to show)"';
