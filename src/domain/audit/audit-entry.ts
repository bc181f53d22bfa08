/** What kind of thing a mutation changed. */
export const AUDIT_TARGET_TYPES = [
  "CONFIGURATION_ITEM",
  "RELATIONSHIP",
  "CI_TYPE",
  "RELATIONSHIP_TYPE",
  "API_TOKEN",
  "IMPORT",
  "RFC",
  "STANDARD_CHANGE",
  "FREEZE_WINDOW",
  "BASELINE",
  "INTEGRITY_RULE",
  "INTEGRITY_RUN",
  "RELEASE",
  "USER",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/**
 * Every operation the audit trail records (AuditRecord.operation): what each use case writes,
 * RFC actions prefixed RFC_. A new operation must be added here, or recording it fails.
 */
export const AUDIT_OPERATIONS = [
  "CREATE",
  "UPDATE",
  "RETIRE",
  "IMPORT",
  "DISCOVERY",
  "BACK_OUT",
  "VERIFY",
  "REMOVE",
  "DEFINE",
  "REDEFINE",
  "LIFT",
  "REVOKE",
  "TAKE",
  "CONFIGURE",
  "RUN",
  "BUILD",
  "ACCEPT",
  "CLOSE",
  "CANCEL",
  "PREPARE_DEPLOYMENT",
  "DEPLOY_TEST",
  "DEPLOY_PRODUCTION",
  "ROLLBACK",
  "DEACTIVATE",
  "REACTIVATE",
  "RFC_CREATE",
  "RFC_EDIT",
  "RFC_SUBMIT",
  "RFC_ASSESS",
  "RFC_APPROVE",
  "RFC_REJECT",
  "RFC_SCHEDULE",
  "RFC_IMPLEMENT",
  "RFC_BACKOUT",
  "RFC_CANCEL",
  "RFC_CLOSE",
  "RFC_RECORDRETROSPECTIVE",
  "RFC_COMMENT",
] as const;
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

export function isAuditOperation(value: string): value is AuditOperation {
  return (AUDIT_OPERATIONS as readonly string[]).includes(value);
}

/** One mutation as it is recorded: what, on what, and the state before and after. */
export interface AuditRecord {
  readonly operation: string;
  readonly targetType: AuditTargetType;
  readonly targetId: string;
  /** A name people use for the target (a CI key, RFC-12, a type name), when it has one. */
  readonly targetKey: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** An entry of the append-only audit trail. */
export interface AuditEntry extends AuditRecord {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  /** Who issued the actor's credential; null for entries written before it was recorded. */
  readonly issuedBy: string | null;
  readonly rfcId: string | null;
  readonly reason: string | null;
}
