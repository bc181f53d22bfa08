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
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

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
  readonly rfcId: string | null;
  readonly reason: string | null;
}
