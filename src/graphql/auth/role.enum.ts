import { registerEnumType } from "type-graphql";
import { ROLES, type Role as DomainRole } from "../../domain/roles.js";

/** The GraphQL face of the domain roles (same names, same order). */
export const Role = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in DomainRole]: K };

registerEnumType(Role, {
  name: "Role",
  description: "What a caller may do; ADMIN includes every other role.",
  valuesConfig: {
    READER: { description: "Reads the CMDB, impact analyses, RFCs." },
    EDITOR: { description: "Writes configuration items and relationships." },
    REQUESTER: { description: "Raises requests for change." },
    APPROVER: { description: "Approves or rejects requests for change (never their own)." },
    ADMIN: { description: "Everything, including types, tokens and freeze windows." },
  },
});
