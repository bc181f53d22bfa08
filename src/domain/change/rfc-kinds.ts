/** The kinds an RFC and its operations come in (shared by the RFC and its risk rules). */
export const RFC_TYPES = ["STANDARD", "NORMAL", "EMERGENCY"] as const;
export type RfcType = (typeof RFC_TYPES)[number];

export const OPERATION_KINDS = [
  "CREATE_CI",
  "UPDATE_CI",
  "RETIRE_CI",
  "ADD_RELATIONSHIP",
  "REMOVE_RELATIONSHIP",
] as const;
export type RfcOperationKind = (typeof OPERATION_KINDS)[number];
