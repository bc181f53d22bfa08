/** Stable error codes: the one vocabulary every boundary (GraphQL, CLI, HTTP) translates from. */
export type ErrorCode =
  | "VALIDATION"
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "UNAVAILABLE"
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
    super("VALIDATION", `${field}: ${rule} (got ${describeValue(value)})`, { field, value, rule });
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
  constructor(message: string) {
    super("UNAUTHENTICATED", message);
  }
}

export class UnavailableError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("UNAVAILABLE", message, details);
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify gives undefined for functions and symbols, whatever its typing says
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return typeof value === "symbol" ? value.toString() : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
