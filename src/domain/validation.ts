import { clipValue, describeValue, ValidationError } from "./errors.js";

/** One broken rule: which entry (a CI key, a type name), which field, which value, which rule. */
export interface ValidationIssue {
  readonly subject: string | null;
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
}

export function issueMessage(issue: ValidationIssue): string {
  // the subject may itself be the bad value (a CI named by an over-long key)
  const subject =
    issue.subject && issue.subject.length > 100 ? `${issue.subject.slice(0, 99)}…` : issue.subject;
  const where = subject ? `${subject}: ` : "";
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
    subject: clipValue(first.subject),
    issues: issues.map((i) => ({
      ...i,
      subject: clipValue(i.subject),
      value: clipValue(i.value),
      message: issueMessage(i),
    })),
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
    opts: {
      required?: boolean;
      max: number;
      pattern?: RegExp;
      patternRule?: string;
      /** Line breaks and tabs allowed (default: for texts over 1,000 characters, descriptions). */
      multiline?: boolean;
    },
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
    const hidden = hiddenCharacter(trimmed, opts.multiline ?? opts.max > 1000);
    if (hidden) {
      this.add(field, value, `must not contain ${hidden}`);
      return null;
    }
    if (opts.pattern && !opts.pattern.test(trimmed)) {
      this.add(field, value, opts.patternRule ?? `must match ${String(opts.pattern)}`);
      return null;
    }
    return trimmed.length === 0 ? null : trimmed;
  }
}

// C0 controls (NUL, BEL, ESC …), DEL and C1 controls; tab, line feed and carriage return apart
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAK = /[\t\n\r]/u;
// bidirectional embeddings, overrides and isolates: they make text read other than it is stored
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * The first character a person could not see or would misread in `text`, described, or null:
 * control characters anywhere, line breaks and tabs outside multi-line texts, bidi controls.
 */
export function hiddenCharacter(text: string, multiline: boolean): string | null {
  const found =
    CONTROL.exec(text)?.[0] ??
    BIDI.exec(text)?.[0] ??
    (multiline ? null : LINE_BREAK.exec(text)?.[0]);
  if (found === undefined || found === null) return null;
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  const kind = BIDI.test(found)
    ? "a bidirectional control character"
    : LINE_BREAK.test(found)
      ? "a line break or tab"
      : "a control character";
  return `${kind} (${code})`;
}
