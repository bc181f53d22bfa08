import { describeValue, ValidationError } from "./errors.js";

/** One broken rule: which entry (a CI key, a type name), which field, which value, which rule. */
export interface ValidationIssue {
  readonly subject: string | null;
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
}

export function issueMessage(issue: ValidationIssue): string {
  const where = issue.subject ? `${issue.subject}: ` : "";
  return `${where}${issue.field}: ${issue.rule} (got ${describeValue(issue.value)})`;
}

/** Throws the first issue as a ValidationError that also carries every other one. */
export function throwIfInvalid(issues: readonly ValidationIssue[]): void {
  const first = issues[0];
  if (!first) return;
  const error = new ValidationError(first.field, first.value, first.rule);
  error.message =
    issueMessage(first) + (issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : "");
  Object.assign(error.details, {
    subject: first.subject,
    issues: issues.map((i) => ({ ...i, message: issueMessage(i) })),
  });
  throw error;
}

/** Collects issues for one subject, so rules read as a list. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly subject: string | null) {}

  add(field: string, value: unknown, rule: string): void {
    this.issues.push({ subject: this.subject, field, value, rule });
  }

  string(
    field: string,
    value: unknown,
    opts: { required?: boolean; max: number; pattern?: RegExp; patternRule?: string },
  ): string | null {
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, value, "is required");
      return null;
    }
    if (typeof value !== "string") {
      this.add(field, value, "must be a string");
      return null;
    }
    const trimmed = value.trim();
    if (opts.required && trimmed.length === 0) {
      this.add(field, value, "must not be blank");
      return null;
    }
    if (trimmed.length > opts.max) {
      this.add(field, value, `must be at most ${String(opts.max)} characters`);
      return null;
    }
    if (opts.pattern && !opts.pattern.test(trimmed)) {
      this.add(field, value, opts.patternRule ?? `must match ${String(opts.pattern)}`);
      return null;
    }
    return trimmed.length === 0 ? null : trimmed;
  }
}
